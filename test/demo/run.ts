/**
 * `npm run demo`: the action end to end on this machine. Starts the Omni emulator and a stand-in
 * for GitHub's REST API, runs dist/index.js the way the runner does for a pull-request event, then
 * prints the step log, the outputs, the job summary and the PR comment it produced.
 * `npm run demo -- routines`: routines as code instead (test/demo/routines.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DemoTimings, startEmulator } from '../emulator/index.js';
import { actionInputs, distEntry, runnerWorkspace, startStep } from '../e2e/harness.js';
import { startGithubStandin } from '../support/github-standin.js';

const rule = (title: string) => console.log(`\n\u001b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\u001b[0m\n`);

if (!existsSync(distEntry)) {
  console.log('dist/index.js is missing: building it first (npm run build)…');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

if (process.argv.slice(2).includes('routines')) {
  const { runRoutinesDemo } = await import('./routines.js');
  process.exit(await runRoutinesDemo());
}

const emulator = await startEmulator({ timings: DemoTimings });
const github = await startGithubStandin();
try {
  const workspace = await runnerWorkspace({
    event: { name: 'pull_request', number: 42, headRef: emulator.ids.branchName },
    githubApiUrl: github.apiUrl,
  });
  const prompt = 'top 5 products by revenue';
  const inputs = await actionInputs({
    omniUrl: emulator.url,
    apiKey: emulator.keys.org,
    modelId: emulator.ids.modelId,
    branchName: emulator.ids.branchName,
    prompt,
    githubToken: 'ghs_demo_token',
  });

  rule(`Step log: "${prompt}" on branch ${emulator.ids.branchName} (pull request #42)`);
  const step = startStep(workspace, inputs);
  step.child.stdout!.pipe(process.stdout);
  const run = await step.done;

  rule('Step outputs');
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown = value.includes('\n') ? `${value.split('\n')[0]} …` : value;
    console.log(`${name.padEnd(15)} ${shown}`);
  }

  rule('Job summary (GITHUB_STEP_SUMMARY)');
  console.log(run.summary);

  rule('Sticky PR comment (as posted to the GitHub API)');
  const comments = github.commentsOn(42, 'acme', 'models');
  console.log(comments[0]?.body ?? '(no comment was posted)');

  rule('Result');
  console.log(`exit code ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s, state ${run.outputs.state}, ${emulator.requests.length} requests to Omni, ${github.requests.length} to GitHub`);
  console.log(`Full result JSON: ${run.outputs.resultFile}`);
  process.exitCode = run.exitCode ?? 1;
} finally {
  await emulator.close();
  await github.close();
}
