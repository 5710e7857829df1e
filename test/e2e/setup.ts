import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorServer } from '../emulator/index.js';
import { startGithubStandin, type GithubStandin } from '../support/github-standin.js';
import { actionInputs, runnerWorkspace, type GithubEvent, type RunnerWorkspace } from './harness.js';

export const GithubToken = 'ghs_e2eTokenValue0123456789';

/** An emulator and a GitHub stand-in shared by one test file, reset between tests. */
export function useServices(): { emulator: () => Emulator & EmulatorServer; github: () => GithubStandin } {
  let emulator: Emulator & EmulatorServer;
  let github: GithubStandin;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false });
    github = await startGithubStandin();
  });
  afterAll(async () => {
    await emulator?.close();
    await github?.close();
  });
  beforeEach(() => {
    emulator.reset();
    github.requests.length = 0;
    github.comments.length = 0;
  });
  return { emulator: () => emulator, github: () => github };
}

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
