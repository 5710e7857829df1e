/**
 * Runs many Omni AI jobs at once under the one request budget of the API key.
 *
 * The scheduler cannot know how long a job takes inside Omni; it knows the budget (R requests in
 * any 61 s, enforced by the client's RequestBudget) and what the suite still owes. Strategy:
 *
 * - Every request a job makes passes a gate (request-gate.ts) before it reaches the client. The
 *   gate hands the budget's slots out by priority, so the budget's own first-come queue rarely
 *   holds anyone:
 *     1. cancels, and status checks of a job being cancelled (stop Omni's work quickly);
 *     2. result downloads (a finished job is one request away from done);
 *     3. job creations (work only progresses inside Omni once the job exists);
 *     4. status polls, least recently checked job first.
 * - Every job of the suite may be in flight at once (up to `defaultConcurrency`, which keeps
 *   each job's wait well inside its timeout): Omni works on all of them in parallel while the
 *   budget paces our requests, and creating early means a later poll more likely finds a job done.
 * - A poll costs a slot for 61 s, and a poll that finds the job still running buys nothing. So a
 *   poll waits until it cannot delay what the suite owes for certain (see RequestGate). Omni
 *   suggests polling every 2–5 s. We never poll a job more often than every 2 s; we poll less
 *   often than every 5 s when the budget cannot pay for more: 30 jobs in flight on 60
 *   requests/min can each be checked only every 30 s, or the key would be refused with 429.
 * - A job's creation slot is taken before its runner starts, so its timeout runs from when Omni
 *   has the job, not from a place in our queue.
 * - Jobs that share a conversation run one after another (one active job per conversation).
 *
 * Polling as soon as the budget has a free slot would be worse, not better: the first minute's
 * slots left after the creations can only go to checks, before any job has ended, and a check
 * that finds a job still running pushes a request the suite needs into a later minute (12 jobs
 * of 15–60 s at 20 requests a minute: 122 s instead of about 98 s).
 *
 * In simulated time (test/suite/scheduler.test.ts, and the benchmark at 10, 20 and 60 requests a
 * minute) suites end within a few percent of `lowerBoundMs` (test/support/lower-bound.ts)
 * wherever the budget or Omni decides the end, with no request refused, for jobs of about 8 s
 * and of 15–60 s alike: the gate learns from the first jobs seen done when the others are likely
 * done. Where a small budget has a few
 * requests to spare in the first minute and jobs vary widely (12 jobs of 15–60 s at 20 a
 * minute), they end about 27 % above it: the bound knows when each job ends; the scheduler must
 * find out by checking, and a guess that finds a job running costs a slot for a minute.
 */
import type { Clock } from '../lib/clock.js';
import { runJob as defaultRunJob, type RunJobOptions, type RunnerEvent } from '../job/runner.js';
import type { OmniApi } from '../omni/api.js';
import { OmniApiError } from '../omni/errors.js';
import { PollIntervalMinMs } from '../job/state.js';
import type { JobRequest, Outcome } from '../job/outcome.js';
import { BudgetWindowMs, type RequestBudget } from '../omni/request-budget.js';
import { gatedApi, RequestGate } from './request-gate.js';

export interface ScheduledJob {
  /** Unique among the jobs, e.g. `top-products@branch`. */
  key: string;
  request: JobRequest;
  /**
   * Jobs with the same lane run one after another, in the order given. Jobs that continue a
   * conversation must share a lane: Omni refuses a second active job in a conversation (409).
   */
  lane?: string;
}

/** How one job of the suite went: it ran (to an outcome), could not be created, or was never started. */
export type JobRun =
  | { kind: 'ran'; key: string; outcome: Outcome; /** Status checks made. */ polls: number }
  | { kind: 'error'; key: string; /** Why the job could not be created. */ error: string; polls: number }
  | { kind: 'skipped'; key: string; /** Why it was never started (workflow cancelled, Omni refusing every creation). */ reason: string };

export type JobRunner = (options: RunJobOptions) => Promise<Outcome>;

export interface ScheduleOptions {
  jobs: readonly ScheduledJob[];
  /** The Omni client; it takes every request from `budget` itself. */
  api: OmniApi;
  /** The key's budget, shared by every request of the step (read here to plan, enforced by the client). */
  budget: RequestBudget;
  clock: Clock;
  /** Per job, from its creation. */
  timeoutMs: number;
  resultDir: string;
  userId?: string;
  extra?: RunJobOptions['extra'];
  /** The workflow run is being cancelled: running jobs are cancelled, the rest never start. */
  signal?: AbortSignal;
  /** Runs one job; `runJob` unless a test injects another. */
  runJob?: JobRunner;
  /** Upper bound on jobs in flight; default `defaultConcurrency(budget.perMinute, timeoutMs)`. */
  maxConcurrency?: number;
  /** Shortest time between two status checks of a job; default Omni's 2 s (tests against the emulator use less). */
  minPollIntervalMs?: number;
  onEvent?: (key: string, event: RunnerEvent) => void;
}

/**
 * How many jobs may be in flight. In a saturated budget each job costs about three requests per
 * round (create, poll, result), so with `c` jobs in flight a job waits up to `3c × 60 s / rpm`
 * between its own requests. Keeping that within half the timeout leaves every job time to be
 * seen finishing: c ≤ timeout × rpm / 360 s.
 */
export function defaultConcurrency(requestsPerMinute: number, timeoutMs: number): number {
  return Math.max(1, Math.floor((timeoutMs * requestsPerMinute) / (6 * BudgetWindowMs)));
}

/** Runs every job; resolves when all have finished (or were skipped), in the order given. */
export async function runScheduled(options: ScheduleOptions): Promise<JobRun[]> {
  const run = options.runJob ?? defaultRunJob;
  const minPollMs = options.minPollIntervalMs ?? PollIntervalMinMs;
  const gate = new RequestGate(options.budget, options.clock, minPollMs);
  const cap = Math.max(1, options.maxConcurrency ?? defaultConcurrency(options.budget.perMinute, options.timeoutMs));
  const runs = new Map<string, JobRun>();
  const lanes = planLanes(options.jobs);
  const breaker = new CreateBreaker();

  let active = 0;
  let wakeUp: () => void = () => undefined;
  let unstarted = options.jobs.length;
  gate.setUnstarted(unstarted);

  const runOne = async (job: ScheduledJob): Promise<void> => {
    gate.setUnstarted(--unstarted);
    const skip = (reason: string) => runs.set(job.key, { kind: 'skipped', key: job.key, reason });
    const why = breaker.reason() ?? (options.signal?.aborted ? 'the workflow run was cancelled' : undefined);
    if (why) {
      skip(why);
      return;
    }
    const tracked = gate.track(job.key);
    try {
      try {
        await gate.acquire('create', tracked, options.signal);
      } catch {
        skip(breaker.reason() ?? 'the workflow run was cancelled');
        return;
      }
      tracked.createGranted = true;
      const runOptions: RunJobOptions = {
        api: gatedApi(options.api, gate, tracked),
        request: job.request,
        timeoutMs: options.timeoutMs,
        clock: options.clock,
        // The gate holds each poll until it is due; the runner only keeps Omni's minimum spacing.
        pollDelayMs: () => minPollMs,
        resultDir: options.resultDir,
      };
      if (options.userId) runOptions.userId = options.userId;
      if (options.extra) runOptions.extra = options.extra;
      if (options.signal) runOptions.signal = options.signal;
      if (options.onEvent) {
        const onEvent = options.onEvent;
        runOptions.onEvent = (event) => onEvent(job.key, event);
      }
      try {
        const outcome = await run(runOptions);
        runs.set(job.key, { kind: 'ran', key: job.key, outcome, polls: tracked.polls });
        breaker.succeeded();
      } catch (error) {
        runs.set(job.key, { kind: 'error', key: job.key, error: error instanceof Error ? error.message : String(error), polls: tracked.polls });
        if (breaker.failed(error)) gate.refuseCreates(new Error(breaker.reason()));
      }
    } finally {
      gate.finished(tracked);
    }
  };

  const runLane = async (lane: ScheduledJob[]): Promise<void> => {
    for (const job of lane) await runOne(job);
  };

  // Lanes start in order, at most `cap` at a time; the gate orders their requests.
  const pending = [...lanes];
  const running: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const fill = (): void => {
      while (active < cap && pending.length > 0) {
        const lane = pending.shift()!;
        active++;
        running.push(
          runLane(lane).finally(() => {
            active--;
            wakeUp();
          }),
        );
      }
      if (active === 0 && pending.length === 0) resolve();
    };
    wakeUp = fill;
    fill();
  });
  await Promise.all(running);
  gate.close();
  return options.jobs.map((job) => runs.get(job.key)!);
}

/** Longest lanes first: a chain of jobs is the critical path of the suite. Stable otherwise. */
function planLanes(jobs: readonly ScheduledJob[]): ScheduledJob[][] {
  const byLane = new Map<string, ScheduledJob[]>();
  const keys = new Set<string>();
  for (const job of jobs) {
    if (keys.has(job.key)) throw new Error(`duplicate job key ${job.key}`);
    keys.add(job.key);
    const lane = job.lane ?? `job:${job.key}`;
    const list = byLane.get(lane);
    if (list) list.push(job);
    else byLane.set(lane, [job]);
  }
  return [...byLane.values()].map((lane, index) => ({ lane, index })).sort((a, b) => b.lane.length - a.lane.length || a.index - b.index).map((entry) => entry.lane);
}

/**
 * Stops starting jobs when Omni refuses every creation: a wrong key or model would otherwise
 * fail a hundred cases one by one, each costing a request.
 */
class CreateBreaker {
  private succeededOnce = false;
  private failures = 0;
  private why: string | undefined;

  succeeded(): void {
    this.succeededOnce = true;
    this.failures = 0;
  }

  /** Returns true when the breaker opens. */
  failed(error: unknown): boolean {
    if (this.why) return false;
    this.failures++;
    const message = error instanceof Error ? error.message : String(error);
    const fatal = error instanceof OmniApiError && error.status === 401;
    if (fatal || (!this.succeededOnce && this.failures >= 3)) {
      this.why = `not started: Omni refused the earlier jobs (${message})`;
      return true;
    }
    return false;
  }

  reason(): string | undefined {
    return this.why;
  }
}

