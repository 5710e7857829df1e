/**
 * 5. Suites: 10, 30 and 100 prompts whose jobs take 15–60 s, on one API key allowed 60 requests
 * a minute, run by the action's scheduler (src/suite/scheduler.ts) with its Omni client and job
 * runner, in process against the emulator. Time is scaled (ScaledClock): the emulator's job
 * timings and its rate-limit window shrink by the same factor, so every ratio holds, and the run
 * takes seconds instead of minutes.
 *
 * Compared with what peers do for many jobs: one independent poller per job at a fixed interval,
 * each with its own view of the limit (as separate steps or matrix legs would), on the same key.
 *
 * The emulator answers a 429 without Retry-After here: it is given in whole seconds and cannot be
 * scaled, so the client backs off on its own schedule instead.
 */
import { runJob } from '../../src/job/runner.js';
import type { Outcome } from '../../src/job/outcome.js';
import { RequestBudget } from '../../src/omni/request-budget.js';
import { lowerBoundMs } from '../support/lower-bound.js';
import { runScheduled } from '../../src/suite/scheduler.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { clientFor, withResultDir } from './in-process.js';
import { AnsweredPrompts, spreadDurations, timingsFor } from './jobs.js';
import type { Strategy } from './polling.js';
import { ScaledClock } from './scaled-clock.js';
import { seededRandom } from './stats.js';

export const RequestsPerMinute = 60;

export interface SuiteRun {
  cases: number;
  /** The key's limit, which the step's budget equals. */
  requestsPerMinute: number;
  strategy: string;
  /** How it ran: in process with time scaled, or dist/index.js in real time. */
  method: string;
  wallMs: number;
  lowerBoundMs: number;
  /** wall / lower bound − 1. */
  aboveBound: number;
  refused: number;
  requests: number;
  completed: number;
  failed: number;
}

export async function measureSuite(options: { cases: number; scale: number; strategy?: Strategy; seed?: number }): Promise<SuiteRun> {
  const { cases, scale } = options;
  const clock = new ScaledClock(scale);
  const durations = spreadDurations(cases, 15_000, 60_000, seededRandom(options.seed ?? cases));
  const emulator = await startEmulator({ rateLimit: { requestsPerMinute: RequestsPerMinute, windowMs: 60_000 / scale, retryAfter: false } });
  for (const durationMs of durations) emulator.script({ timings: timingsFor(durationMs / scale) });
  const prompts = durations.map((_, index) => AnsweredPrompts[index % AnsweredPrompts.length]!);
  try {
    const started = clock.now();
    const outcomes = await withResultDir((resultDir) =>
      options.strategy?.pollEveryMs ? independentPollers(emulator, clock, prompts, options.strategy.pollEveryMs, resultDir) : scheduled(emulator, clock, prompts, resultDir),
    );
    const wallMs = clock.now() - started;
    // The lengths the emulator was given: the same for every strategy, whether its jobs finished or not.
    const bound = lowerBoundMs(durations, RequestsPerMinute);
    const completed = outcomes.filter((outcome) => outcome?.state === 'COMPLETE').length;
    return {
      cases,
      requestsPerMinute: RequestsPerMinute,
      strategy: options.strategy?.name ?? 'this action (scheduler)',
      method: `in process, time ×${scale}`,
      wallMs,
      lowerBoundMs: bound,
      aboveBound: wallMs / bound - 1,
      refused: emulator.requests.filter((request) => request.status === 429).length,
      requests: emulator.requests.length,
      completed,
      failed: cases - completed,
    };
  } finally {
    await emulator.close();
  }
}

async function scheduled(emulator: Emulator, clock: ScaledClock, prompts: string[], resultDir: string): Promise<(Outcome | undefined)[]> {
  const budget = new RequestBudget(RequestsPerMinute, clock);
  const client = clientFor(emulator, clock, budget);
  try {
    const runs = await runScheduled({
      jobs: prompts.map((prompt, index) => ({ key: `case-${index + 1}`, request: { prompt, modelId: emulator.ids.modelId } })),
      api: client,
      budget,
      clock,
      timeoutMs: 600_000,
      resultDir,
    });
    return runs.map((run) => (run.kind === 'ran' ? run.outcome : undefined));
  } finally {
    await client.close();
  }
}

async function independentPollers(emulator: Emulator, clock: ScaledClock, prompts: string[], pollEveryMs: number, resultDir: string): Promise<(Outcome | undefined)[]> {
  return Promise.all(
    prompts.map(async (prompt) => {
      const client = clientFor(emulator, clock);
      try {
        return await runJob({
          api: client,
          request: { prompt, modelId: emulator.ids.modelId },
          timeoutMs: 30 * 60_000,
          clock,
          resultDir,
          pollDelayMs: () => pollEveryMs,
        });
      } catch {
        return undefined;
      } finally {
        await client.close();
      }
    }),
  );
}
