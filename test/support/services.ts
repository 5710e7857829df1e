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

/** Runs `test` with services of its own (so tests can run concurrently) and always closes them. */
export async function withServices<T>(test: (services: Services) => Promise<T>, options: Parameters<typeof startServices>[0] = {}): Promise<T> {
  const services = await startServices(options);
  try {
    return await test(services);
  } finally {
    await services.close();
  }
}
