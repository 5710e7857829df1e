import type { Emulator } from '../emulator/index.js';
import type { GithubStandin } from '../support/github-standin.js';
import { actionInputs, runnerWorkspace, type GithubEvent, type RunnerWorkspace } from './harness.js';

export { withServices, type Services } from '../support/services.js';

export const GithubToken = 'ghs_e2eTokenValue0123456789';

export async function workspaceFor(github: GithubStandin, event: GithubEvent): Promise<RunnerWorkspace> {
  return runnerWorkspace({ event, githubApiUrl: github.apiUrl });
}

/** Inputs for a run against the emulator; `given` overrides. */
export function inputsFor(emulator: Emulator, given: Record<string, string> = {}): Promise<Record<string, string>> {
  return actionInputs({
    omniUrl: emulator.url,
    apiKey: emulator.keys.org,
    modelId: emulator.ids.modelId,
    githubToken: GithubToken,
    ...given,
  });
}
