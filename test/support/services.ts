import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorServer } from '../emulator/index.js';
import { startGithubStandin, type GithubStandin, type StandinOptions } from './github-standin.js';

/** The two servers a run of dist/index.js talks to: the Omni emulator and the GitHub stand-in. */
export interface Services {
  emulator: Emulator & EmulatorServer;
  github: GithubStandin;
  close(): Promise<void>;
}

export async function startServices(options: { emulator?: EmulatorOptions; github?: StandinOptions } = {}): Promise<Services> {
  const emulator = await startEmulator({ rateLimit: false, ...options.emulator });
  const github = await startGithubStandin(options.github);
  return {
    emulator,
    github,
    close: async () => {
      await emulator.close();
      await github.close();
    },
  };
}
