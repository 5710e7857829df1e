/**
 * `npm run demo -- routines`: routines as code end to end on this machine, with examples/routines.yml
 * against the Omni emulator and a GitHub stand-in, through dist/index.js as the runner starts it:
 * a plan on a pull request (with previews, one comment), the apply on push, then a second apply
 * that finds nothing to do and sends no write request.
 */
import { readFile } from 'node:fs/promises';
import { DemoTimings, startEmulator } from '../emulator/index.js';
import { actionInputs, runnerWorkspace, startStep, type GithubEvent, type StepRun } from '../e2e/harness.js';
import { startGithubStandin } from '../support/github-standin.js';

const RoutinesFile = 'examples/routines.yml';
const rule = (title: string) => console.log(`\n\u001b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\u001b[0m\n`);

/** Runs the three steps and prints what each produced; resolves with the exit code for the process. */
export async function runRoutinesDemo(): Promise<number> {
  const emulator = await startEmulator({ timings: DemoTimings });
  const github = await startGithubStandin();
  const writes = () => emulator.requests.filter((r) => r.route === 'createRoutine' || r.route === 'updateRoutine' || r.route === 'deleteRoutine').length;
  const run = async (title: string, event: GithubEvent, given: Record<string, string>): Promise<StepRun> => {
    rule(title);
    const workspace = await runnerWorkspace({ event, githubApiUrl: github.apiUrl });
    const inputs = await actionInputs({ omniUrl: emulator.url, apiKey: emulator.keys.org, githubToken: 'ghs_demo_token', routinesFile: RoutinesFile, ...given });
    const step = startStep(workspace, inputs);
    step.child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line && !line.startsWith('::add-mask::') && !line.startsWith('::set-output')) console.log(`  ${line}`);
    });
    const result = await step.done;
    const counts = ['created', 'updated', 'replaced', 'deleted', 'unchanged', 'changes'].map((name) => `${name}=${result.outputs[name] ?? ''}`).join(' ');
    console.log(`\n  exit code ${result.exitCode} · ${(result.durationMs / 1000).toFixed(1)} s · outputs: ${counts}`);
    return result;
  };

  try {
    const before = writes();
    const plan = await run(`1. Plan on pull request #42 (${RoutinesFile}): previews, no change in Omni`, { name: 'pull_request', number: 42 }, { preview: 'changed' });
    rule('The sticky PR comment (as posted to the GitHub API)');
    console.log(github.commentsOn(42, 'acme', 'models')[0]?.body ?? '(no comment was posted)');
    console.log(`Write requests to Omni's routines during the plan: ${writes() - before}. Routine triggers: ${emulator.requestsTo('triggerRoutine').length}.`);

    const apply = await run('2. Apply on push to main', { name: 'push' }, { apply: 'true', prune: 'true' });
    rule('Job summary of the apply');
    console.log(apply.summary);
    rule('The routines in the emulator');
    for (const routine of emulator.routines().filter((r) => !r.deletedAt)) {
      console.log(`  ${routine.id}  ${routine.schedule.padEnd(18)} ${routine.timezone.padEnd(17)} ${routine.name}`);
      console.log(`      ${(routine.description ?? '').split('\n').pop()}`);
    }

    const writesBefore = writes();
    const again = await run('3. Apply again: nothing to do', { name: 'push' }, { apply: 'true', prune: 'true' });
    rule('Result');
    console.log(`Second apply: ${again.outputs.changes} changes, ${writes() - writesBefore} write requests.`);
    console.log(`JSON plan of the apply: ${apply.outputs.planFile}`);
    const document = JSON.parse(await readFile(apply.outputs.planFile!, 'utf8')) as { applied?: unknown };
    console.log(`Applied: ${JSON.stringify(document.applied)}`);
    return [plan, apply, again].every((step) => step.exitCode === 0) ? 0 : 1;
  } finally {
    await emulator.close();
    await github.close();
  }
}
