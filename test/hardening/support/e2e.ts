/**
 * dist/index.js as the runner starts it, with services of its own per test (so tests run
 * concurrently): an emulator, a GitHub stand-in, and optionally a front or proxy before them.
 */
import { readFile } from 'node:fs/promises';
import type { Emulator } from '../../emulator/index.js';
import type { GithubStandin } from '../../support/github-standin.js';
import { actionInputs, runnerWorkspace, type GithubEvent, type RunnerWorkspace, type StepRun } from '../../e2e/harness.js';

export { PollMs, runPostStep, runStep, startStep, StepAllowanceMs, testBudget, type StepRun } from '../../e2e/harness.js';

export { startServices, withServices, type Services } from '../../support/services.js';

export const GithubToken = 'ghs_hardeningToken_0123456789abcdefXYZ';

export function workspace(github: GithubStandin, event: GithubEvent, extraEnv: Record<string, string> = {}): Promise<RunnerWorkspace> {
  return runnerWorkspace({ event, githubApiUrl: github.apiUrl, extraEnv });
}

/** INPUT_* for a run against `omniUrl` (the emulator unless a front or another URL is given). */
export function inputs(emulator: Emulator, given: Record<string, string> = {}): Promise<Record<string, string>> {
  return actionInputs({
    omniUrl: emulator.url,
    apiKey: emulator.keys.org,
    modelId: emulator.ids.modelId,
    githubToken: GithubToken,
    prompt: 'top 5 products by revenue',
    ...given,
  });
}

/** Lines of a step's stdout without the ::add-mask:: commands, which the runner consumes. */
export function visibleLog(run: StepRun): string {
  return run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Everything a step left behind that a person or a later step could read. */
export async function artefacts(run: StepRun, workspace: RunnerWorkspace): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    log: visibleLog(run),
    stderr: run.stderr,
    summary: run.summary,
    outputs: await readFile(workspace.env.GITHUB_OUTPUT!, 'utf8'),
    state: await readFile(workspace.env.GITHUB_STATE!, 'utf8'),
  };
  const resultFile = run.outputs.resultFile;
  if (resultFile) files.resultFile = await readFile(resultFile, 'utf8');
  return files;
}
