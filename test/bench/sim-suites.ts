/**
 * 5, in simulated time: the action's scheduler (`runScheduled`) and job runner against a
 * simulated Omni (test/suite/support/sim-omni.ts) that holds the key's limit over a sliding
 * minute, answers each request in 50–450 ms (seeded) and counts every 429. Time is the SimClock's, so a suite
 * that takes half an hour at 10 requests a minute runs in a second, at every budget and size.
 */
import { RequestBudget } from '../../src/omni/request-budget.js';
import { lowerBoundMs } from '../support/lower-bound.js';
import { runScheduled } from '../../src/suite/scheduler.js';
import { SimClock } from '../support/sim-clock.js';
import { budgeted, SimOmni } from '../suite/support/sim-omni.js';
import { spreadDurations } from './jobs.js';
import { seededRandom } from './stats.js';
import type { SuiteRun } from './suites.js';

const ModelId = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';

export interface SimSuiteOptions {
  cases: number;
  requestsPerMinute: number;
  minJobMs?: number;
  maxJobMs?: number;
  seed?: number;
}

export async function simulateSuite(options: SimSuiteOptions): Promise<SuiteRun> {
  const { cases, requestsPerMinute } = options;
  const minJobMs = options.minJobMs ?? 15_000;
  const maxJobMs = options.maxJobMs ?? 60_000;
  const durations = spreadDurations(cases, minJobMs, maxJobMs, seededRandom(options.seed ?? cases));
  const clock = new SimClock();
  // Answers take 50–450 ms, as over loopback with the action's own work between requests: a
  // burst of requests reaches Omni spread out, not at one instant.
  const latency = seededRandom(7 * cases + requestsPerMinute);
  const omni = new SimOmni(clock, { perMinute: requestsPerMinute, durationOf: (body) => durations[Number(body.prompt.slice(1))]!, latencyMs: () => 50 + Math.floor(latency() * 400) });
  const budget = new RequestBudget(requestsPerMinute, clock);
  const runs = await clock.run(
    runScheduled({
      jobs: durations.map((_, i) => ({ key: `case-${i + 1}`, request: { prompt: `p${i}`, modelId: ModelId } })),
      api: budgeted(omni, budget),
      budget,
      clock,
      timeoutMs: 600_000,
      resultDir: '/nonexistent',
    }),
  );
  const wallMs = clock.now();
  const bound = lowerBoundMs(durations, requestsPerMinute);
  const completed = runs.filter((run) => run.kind === 'ran' && run.outcome.state === 'COMPLETE').length;
  return {
    cases,
    requestsPerMinute,
    strategy: 'this action (scheduler)',
    method: `simulated time, jobs of ${minJobMs / 1000}–${maxJobMs / 1000} s`,
    wallMs,
    lowerBoundMs: bound,
    aboveBound: wallMs / bound - 1,
    refused: omni.refusedForRate,
    requests: omni.requests.length,
    completed,
    failed: cases - completed,
  };
}
