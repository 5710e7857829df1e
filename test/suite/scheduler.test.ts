import { describe, expect, it } from 'vitest';
import { BudgetWindowMs, RequestBudget } from '../../src/omni/request-budget.js';
import { OmniApiError } from '../../src/omni/errors.js';
import { defaultConcurrency, runScheduled, type JobRun, type ScheduledJob, type ScheduleOptions } from '../../src/suite/scheduler.js';
import { budgetFinishMs, pollIntervalMs } from '../../src/suite/request-gate.js';
import { lowerBoundMs } from '../support/lower-bound.js';
import { SimClock } from '../support/sim-clock.js';
import { seededRandom } from '../support/prng.js';
import { budgeted, SimOmni, type SimOmniOptions } from './support/sim-omni.js';

const modelId = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';

/** The job's final state, or how it did not run. */
const stateOf = (run: JobRun) => (run.kind === 'ran' ? run.outcome.state : run.kind);

/** Durations in [minMs, maxMs], reproducible from the seed. */
function durations(count: number, seed: number, minMs = 15_000, maxMs = 60_000): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => minMs + Math.floor(random() * (maxMs - minMs + 1)));
}

/** Job i's prompt is `p<i>`; the simulated Omni reads its duration from the prompt. */
function setup(planned: number[], options: { perMinute?: number; omni?: Partial<SimOmniOptions>; schedule?: Partial<ScheduleOptions>; jobs?: ScheduledJob[] } = {}) {
  const perMinute = options.perMinute ?? 60;
  const clock = new SimClock();
  const omni = new SimOmni(clock, { perMinute, durationOf: (body) => planned[Number(body.prompt.slice(1))]!, ...options.omni });
  const budget = new RequestBudget(perMinute, clock);
  const jobs = options.jobs ?? planned.map((_, i) => ({ key: `case-${i}`, request: { prompt: `p${i}`, modelId } }));
  const run = () =>
    clock.run(runScheduled({ jobs, api: budgeted(omni, budget), budget, clock, timeoutMs: 600_000, resultDir: '/nonexistent', ...options.schedule }));
  return { clock, omni, budget, run };
}

/** Gaps between consecutive status checks of each job. */
function pollGaps(omni: SimOmni): number[] {
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (const request of omni.requests) {
    if (request.route !== 'getJob' || !request.jobId) continue;
    const before = last.get(request.jobId);
    if (before !== undefined) gaps.push(request.at - before);
    last.set(request.jobId, request.at);
  }
  return gaps;
}

describe('runScheduled in simulated time, 60 requests/min, jobs of 15–60 s', () => {
  for (const count of [10, 30, 100]) {
    for (const seed of [1, 7, 42]) {
      it(`${count} cases (seed ${seed}): no request refused, finished within 20% of the lower bound`, async () => {
        const planned = durations(count, seed);
        const { clock, omni, run } = setup(planned);
        const runs = await run();

        expect(runs.map(stateOf)).toEqual(planned.map(() => 'COMPLETE'));
        expect(omni.refusedForRate).toBe(0);
        expect(omni.peakPerMinute()).toBeLessThanOrEqual(60);
        const bound = lowerBoundMs(planned, 60);
        expect(clock.now()).toBeLessThanOrEqual(1.2 * bound);
        // Every job ends seen: one creation, one result each; no job polled faster than every 2 s.
        expect(omni.count('createJob')).toBe(count);
        expect(omni.count('getResult')).toBe(count);
        expect(Math.min(...pollGaps(omni))).toBeGreaterThanOrEqual(2_000);
      });
    }
  }

  it('100 cases: the budget decides, and each job is polled once, after it finished', async () => {
    const planned = durations(100, 3);
    const { clock, omni, run } = setup(planned);
    await run();
    expect(lowerBoundMs(planned, 60)).toBe(240_000);
    expect(omni.count('getJob')).toBe(100);
    // Within 2 % of Omni's bound, plus the budget's safety second in each of the four windows.
    expect(clock.now()).toBeLessThan(245_000 + 4 * (BudgetWindowMs - 60_000));
  });

  it('10 cases: the jobs decide; the last answer is seen within seconds of Omni finishing it', async () => {
    const planned = durations(10, 5);
    const { clock, omni, run } = setup(planned);
    await run();
    const lastDone = Math.max(...omni.jobs.map((job) => job.createdAt + job.durationMs));
    expect(clock.now() - lastDone).toBeLessThan(6_000);
  });
});

describe('runScheduled: other budgets and workloads', () => {
  it.each([
    { count: 100, perMinute: 500, minMs: 15_000, maxMs: 60_000 },
    { count: 100, perMinute: 20, minMs: 15_000, maxMs: 60_000 },
    { count: 50, perMinute: 60, minMs: 5_000, maxMs: 300_000 },
    { count: 3, perMinute: 60, minMs: 15_000, maxMs: 60_000 },
    { count: 1, perMinute: 60, minMs: 15_000, maxMs: 60_000 },
    // A matrix of more legs than requests a minute leaves each leg one or two.
    { count: 3, perMinute: 2, minMs: 15_000, maxMs: 60_000 },
    { count: 3, perMinute: 1, minMs: 15_000, maxMs: 60_000 },
  ])('$count jobs of $minMs–$maxMs ms at $perMinute/min: none refused, within 20% of the bound', async ({ count, perMinute, minMs, maxMs }) => {
    const planned = durations(count, 11, minMs, maxMs);
    const { clock, omni, run } = setup(planned, { perMinute });
    await run();
    expect(omni.refusedForRate).toBe(0);
    expect(clock.now()).toBeLessThanOrEqual(1.2 * lowerBoundMs(planned, perMinute));
  });

  it('jobs sharing a conversation run one at a time, in order (Omni allows one active job per conversation)', async () => {
    const planned = durations(12, 2);
    const conversation = '11111111-1111-4111-8111-111111111111';
    const jobs: ScheduledJob[] = planned.map((_, i) => {
      const job: ScheduledJob = { key: `case-${i}`, request: { prompt: `p${i}`, modelId } };
      if (i % 3 === 0) {
        job.request.conversationId = conversation;
        job.lane = conversation;
      }
      return job;
    });
    const { omni, run } = setup(planned, { jobs });
    const runs = await run();
    expect(omni.conflicts).toBe(0);
    expect(runs.every((r) => stateOf(r) === 'COMPLETE')).toBe(true);
    const inConversation = omni.jobs.filter((job) => job.body.conversationId === conversation);
    expect(inConversation.map((job) => job.body.prompt)).toEqual(['p0', 'p3', 'p6', 'p9']);
    for (let i = 1; i < inConversation.length; i++) {
      const previous = inConversation[i - 1]!;
      expect(inConversation[i]!.createdAt).toBeGreaterThanOrEqual(previous.createdAt + previous.durationMs);
    }
  });

  it('the lower bound counts what the budget costs while jobs still run', () => {
    // 12 jobs of 8 s at 20 a minute: 12 creations at 0, 8 checks at 8 s; the other 16 requests
    // wait for the creations' slots (60 s) and for the checks' (68 s).
    expect(lowerBoundMs(new Array<number>(12).fill(8_000), 20)).toBe(68_000);
    // Jobs longer than the window end the suite themselves.
    expect(lowerBoundMs([90_000], 60)).toBe(90_000);
    // No job: nothing to wait for.
    expect(lowerBoundMs([], 10)).toBe(0);
  });

  it('the lower bound counts a conversation as one chain of jobs', () => {
    expect(lowerBoundMs([[20_000, 30_000], 40_000], 60)).toBe(50_000);
    expect(lowerBoundMs([10_000, 10_000], 60)).toBe(10_000);
    // 61 short jobs: 183 requests, the last no earlier than 180 s (the budget decides) …
    expect(lowerBoundMs(new Array<number>(61).fill(1_000), 60)).toBe(180_000);
    // … 61 long ones: the 61st creation cannot start before 60 s (the path decides).
    expect(lowerBoundMs(new Array<number>(61).fill(200_000), 60, 1)).toBe(260_000);
  });

  it('stops a job at its timeout, cancels it in Omni, and keeps going with the others', async () => {
    const planned = [30_000, 900_000, 30_000];
    const { omni, run } = setup(planned, { schedule: { timeoutMs: 120_000 } });
    const runs = await run();
    expect(runs.map(stateOf)).toEqual(['COMPLETE', 'TIMEOUT', 'COMPLETE']);
    expect(omni.jobs[1]!.cancelledAt).toBeDefined();
    expect(omni.refusedForRate).toBe(0);
  });

  it('on workflow cancellation: running jobs are cancelled in Omni, jobs not started are skipped', async () => {
    const planned = durations(100, 4);
    const controller = new AbortController();
    const { clock, omni, run } = setup(planned, { schedule: { signal: controller.signal, maxConcurrency: 20 } });
    void clock.sleep(30_000).then(() => controller.abort(new Error('cancelled')));
    const runs = await run();
    const states = runs.map(stateOf);
    expect(states.filter((s) => s === 'skipped').length).toBeGreaterThan(0);
    expect(states.filter((s) => s === 'error')).toEqual([]);
    for (const state of states) if (state !== 'COMPLETE' && state !== 'skipped') expect(state).toBe('CANCELLED');
    const stillRunning = omni.jobs.filter((job) => job.cancelledAt === undefined && clock.now() - job.createdAt < job.durationMs);
    expect(stillRunning).toEqual([]);
    expect(omni.count('createJob')).toBeLessThan(100);
  });

  it('stops creating jobs when Omni refuses the first ones (bad key or model): no hundred identical failures', async () => {
    const planned = durations(100, 6);
    const refusal = new OmniApiError('Omni rejected the API key (401)', 'createJob', 401);
    const { omni, run } = setup(planned, { omni: { refuseCreate: () => refusal }, schedule: { maxConcurrency: 5 } });
    const runs = await run();
    expect(omni.count('createJob')).toBeLessThanOrEqual(5);
    expect(runs.filter((r) => r.kind === 'error').length).toBeGreaterThan(0);
    for (const r of runs) if (r.kind === 'skipped') expect(r.reason).toContain('401');
    expect(runs.every((r) => r.kind === 'error' || r.kind === 'skipped')).toBe(true);
  });

  it('a job that fails in Omni needs no result download', async () => {
    const planned = durations(6, 8);
    const { omni, run } = setup(planned, { omni: { finalState: () => 'FAILED' } });
    const runs = await run();
    expect(runs.every((r) => stateOf(r) === 'FAILED')).toBe(true);
    expect(omni.count('getResult')).toBe(0);
  });
});

/** Answers in 50–450 ms, reproducible from the seed: requests reach Omni spread out, as on a real machine. */
function jitter(seed: number): () => number {
  const random = seededRandom(seed);
  return () => 50 + Math.floor(random() * 400);
}

/** Durations spread evenly over [minMs, maxMs] and shuffled, as the benchmark draws them. */
function spread(count: number, seed: number, minMs = 15_000, maxMs = 60_000): number[] {
  const random = seededRandom(seed);
  const step = count > 1 ? (maxMs - minMs) / (count - 1) : 0;
  const spreadOut = Array.from({ length: count }, (_, i) => Math.min(maxMs, Math.max(minMs, Math.round(minMs + i * step + (random() - 0.5) * step))));
  for (let i = spreadOut.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [spreadOut[i], spreadOut[j]] = [spreadOut[j]!, spreadOut[i]!];
  }
  return spreadOut;
}

describe('runScheduled at small and large budgets, answers taking 50–450 ms', () => {
  // Where the budget or Omni decides the end, within a few percent of the bound. (100 cases at
  // 60 a minute keep 98 jobs in flight: a fair share of the budget is one check per job every
  // 100 s, but the jobs created first are done when the first minute's slots come back.)
  it.each([
    { count: 12, perMinute: 10 },
    { count: 30, perMinute: 10 },
    { count: 100, perMinute: 10 },
    { count: 30, perMinute: 20 },
    { count: 100, perMinute: 20 },
    { count: 12, perMinute: 60 },
    { count: 30, perMinute: 60 },
    { count: 100, perMinute: 60 },
  ])('$count cases at $perMinute/min end within 6 % of the lower bound, none refused', async ({ count, perMinute }) => {
    const planned = spread(count, count);
    const { clock, omni, run } = setup(planned, { perMinute, omni: { latencyMs: jitter(7 * count + perMinute) } });
    const runs = await run();
    expect(runs.map(stateOf)).toEqual(planned.map(() => 'COMPLETE'));
    expect(omni.refusedForRate).toBe(0);
    expect(clock.now() / lowerBoundMs(planned, perMinute)).toBeLessThan(1.06);
  });

  it('12 cases at 20/min: the first minute\'s spare requests find finished jobs; never a third minute for the last results', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const planned = spread(12, seed);
      const { clock, omni, run } = setup(planned, { perMinute: 20, omni: { latencyMs: jitter(seed) } });
      await run();
      expect(omni.refusedForRate).toBe(0);
      // The bound knows when each job ends (about 60 s + the second-shortest job); the scheduler
      // must find out by checking. A third minute would end past 122 s.
      expect(clock.now()).toBeLessThan(105_000);
      expect(clock.now() / lowerBoundMs(planned, 20)).toBeLessThan(1.35);
    }
  });

  it('12 cases of about 8 s at 20/min: one early probe finds the jobs done, and the suite ends near the bound, not at 98 s', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const planned = spread(12, seed, 7_000, 9_000);
      const { clock, omni, run } = setup(planned, { perMinute: 20, omni: { latencyMs: jitter(seed) } });
      const runs = await run();
      expect(runs.map(stateOf)).toEqual(planned.map(() => 'COMPLETE'));
      expect(omni.refusedForRate).toBe(0);
      // Not at the fair share of the budget (12 jobs × 61 s / 20 = 36.6 s): the jobs end at 7–9 s.
      const firstCheck = omni.requests.find((request) => request.route === 'getJob')!.at;
      expect(firstCheck).toBeLessThan(15_000);
      // The bound is about 67 s: 8 checks at 8 s, then the last 16 requests in the next minute.
      expect(clock.now() / lowerBoundMs(planned, 20)).toBeLessThan(1.1);
    }
  });

  it('12 cases of about 8 s at 60/min: seen done within seconds of the first ones ending, not after 20 s', async () => {
    for (const seed of [1, 2, 3]) {
      const planned = spread(12, seed, 7_000, 9_000);
      const { clock, omni, run } = setup(planned, { perMinute: 60, omni: { latencyMs: jitter(seed) } });
      await run();
      expect(omni.refusedForRate).toBe(0);
      // The bound (9 s) leaves out Omni's 2 s between checks and each answer's 50–450 ms.
      expect(clock.now()).toBeLessThan(12_000);
    }
  });
});

describe('scheduling arithmetic', () => {
  it('polls each job at most as often as the budget can pay for, never under 2 s', () => {
    expect(pollIntervalMs(1, 60)).toBe(2_000);
    expect(pollIntervalMs(30, 60)).toBe(Math.ceil((30 * BudgetWindowMs) / 60));
    expect(pollIntervalMs(30, 500)).toBe(Math.ceil((30 * BudgetWindowMs) / 500));
  });

  it('keeps every job within reach of its timeout', () => {
    expect(defaultConcurrency(60, 600_000)).toBe(Math.floor((600_000 * 60) / (6 * BudgetWindowMs)));
    expect(defaultConcurrency(60, 60_000)).toBe(Math.floor((60_000 * 60) / (6 * BudgetWindowMs)));
    expect(defaultConcurrency(1, 1_000)).toBe(1);
  });

  it('knows when owed requests can all have started', () => {
    // Empty window: 60 at once, the 61st a budget window later.
    expect(budgetFinishMs(0, [], 60, 60)).toBe(0);
    expect(budgetFinishMs(0, [], 60, 61)).toBe(BudgetWindowMs);
    // Three slots used at 1, 2 and 3 s; two free now.
    expect(budgetFinishMs(10_000, [1_000, 2_000, 3_000], 5, 2)).toBe(10_000);
    expect(budgetFinishMs(10_000, [1_000, 2_000, 3_000], 5, 3)).toBe(1_000 + BudgetWindowMs);
    expect(budgetFinishMs(10_000, [1_000, 2_000, 3_000], 5, 5)).toBe(3_000 + BudgetWindowMs);
    expect(budgetFinishMs(10_000, [1_000, 2_000, 3_000], 5, 6)).toBe(10_000 + BudgetWindowMs);
  });
});
