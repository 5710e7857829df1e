/** The action's own Omni client and job runner, run inside the bench process against the emulator. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/lib/clock.js';
import { OmniClient } from '../../src/omni/client.js';
import { RequestBudget } from '../../src/omni/request-budget.js';
import type { Emulator } from '../emulator/index.js';

export function clientFor(emulator: Emulator, clock: Clock, budget: RequestBudget = new RequestBudget(60, clock)): OmniClient {
  return new OmniClient({ apiBase: emulator.apiBase, apiKey: emulator.keys.org, clock, budget });
}

export async function withResultDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'omni-ai-job-bench-results-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
