/**
 * Runs many Omni AI jobs at once under the one request budget of the API key.
 *
 * The scheduler cannot know how long a job takes inside Omni; it knows the budget (R requests in
 * any 60 s, enforced by the client's RequestBudget) and what the suite still owes. Strategy:
 *
 * - Every request a job makes passes a gate before it reaches the client. The gate hands the
 *   budget's slots out by priority, so the budget's own first-come queue rarely holds anyone:
 *     1. cancels, and status checks of a job being cancelled (stop Omni's work quickly);
 *     2. result downloads (a finished job is one request away from done);
 *     3. job creations (work only progresses inside Omni once the job exists);
 *     4. status polls, least recently checked job first.
 * - Every job of the suite may be in flight at once (up to `defaultConcurrency`, which keeps
 *   each job's wait well inside its timeout): Omni works on all of them in parallel while the
 *   budget paces our requests, and creating early means a later poll more likely finds a job done.
 * - A poll costs a slot for 60 s, and a poll that finds the job still running buys nothing. So a
 *   poll waits until it cannot delay what the suite owes for certain (see RequestGate):
 *     - while the budget, not Omni, decides the finish (the owed requests need more than another
 *       minute of budget), polls go round-robin, each job at most every
 *       max(2 s, inFlight × 60 s / R): a slot used now is back before it is needed;
 *     - when all that is owed fits in the free slots, the spare slots pay for early polls,
 *       spread over the next minute: each job at most every max(2 s, inFlight × 60 s / (spare + inFlight));
 *     - otherwise polls wait for slots to come back (at most 60 s).
 *   Omni suggests polling every 2–5 s. We never poll a job more often than every 2 s; we poll
 *   less often than every 5 s when the budget cannot pay for more: 30 jobs in flight on 60
 *   requests/min can each be checked only every 30 s, or the key would be refused with 429.
 * - A job's creation slot is taken before its runner starts, so its timeout runs from when Omni
 *   has the job, not from a place in our queue.
 * - Jobs that share a conversation run one after another (one active job per conversation).
 *
 * In simulated time (test/suite/scheduler.test.ts) 100 jobs of 15–60 s on 60 requests/min finish
 * within 2 % of `lowerBoundMs`, with exactly one poll per job and no request refused.
 */
import type { Clock } from '../lib/clock.js';
import { runJob as defaultRunJob, type RunJobOptions, type RunnerEvent } from '../job/runner.js';
import type { CallOptions, OmniApi } from '../omni/api.js';
import { OmniApiError } from '../omni/errors.js';
import { isTerminal, PollIntervalMinMs } from '../job/state.js';
import type { JobRequest, Outcome } from '../job/outcome.js';
import type { JobState } from '../omni/types.js';
import { BudgetWindowMs, type RequestBudget } from '../omni/request-budget.js';

/** The request budget's window: the gate mirrors the budget's bookkeeping. */
const WindowMs = BudgetWindowMs;
/** Omni's rate-limit minute: what the lower bound is made of. */
const OmniMinuteMs = 60_000;

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

export interface JobRun {
  key: string;
  outcome?: Outcome;
  /** The runner threw: the job could not be created (the message says why). */
  error?: string;
  /** The job was never started, and why (workflow cancelled, Omni refusing every creation). */
  skipped?: string;
  /** Clock times (ms): creation granted, and the run's end. */
  startedAtMs?: number;
  finishedAtMs?: number;
  /** Status polls made. */
  polls: number;
}

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
  return Math.max(1, Math.floor((timeoutMs * requestsPerMinute) / (6 * WindowMs)));
}

/** Minimum time between two status checks of one job with `inFlight` jobs polling. */
export function pollIntervalMs(inFlight: number, requestsPerMinute: number, minimumMs: number = PollIntervalMinMs): number {
  return Math.max(minimumMs, Math.ceil((inFlight * WindowMs) / requestsPerMinute));
}

/** Runs every job; resolves when all have finished (or were skipped), in the order given. */
export async function runScheduled(options: ScheduleOptions): Promise<JobRun[]> {
  const run = options.runJob ?? defaultRunJob;
  const minPollMs = options.minPollIntervalMs ?? PollIntervalMinMs;
  const gate = new RequestGate(options.budget, options.clock, minPollMs);
  const cap = Math.max(1, options.maxConcurrency ?? defaultConcurrency(options.budget.perMinute, options.timeoutMs));
  const runs = new Map<string, JobRun>(options.jobs.map((job) => [job.key, { key: job.key, polls: 0 }]));
  const lanes = planLanes(options.jobs);
  const breaker = new CreateBreaker();

  let active = 0;
  let wakeUp: () => void = () => undefined;
  let unstarted = options.jobs.length;
  gate.setUnstarted(unstarted);

  const runOne = async (job: ScheduledJob): Promise<void> => {
    const record = runs.get(job.key)!;
    gate.setUnstarted(--unstarted);
    const skip = breaker.reason() ?? (options.signal?.aborted ? 'the workflow run was cancelled' : undefined);
    if (skip) {
      record.skipped = skip;
      return;
    }
    const tracked = gate.track(job.key);
    try {
      try {
        await gate.acquire('create', tracked, options.signal);
      } catch {
        record.skipped = breaker.reason() ?? 'the workflow run was cancelled';
        return;
      }
      tracked.createGranted = true;
      record.startedAtMs = options.clock.now();
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
        record.outcome = await run(runOptions);
        breaker.succeeded();
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        if (breaker.failed(error)) gate.refuseCreates(new Error(breaker.reason()));
      }
    } finally {
      record.polls = tracked.polls;
      record.finishedAtMs = options.clock.now();
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

type RequestKind = 'urgent' | 'result' | 'create' | 'poll';
const Priority: Record<RequestKind, number> = { urgent: 0, result: 1, create: 2, poll: 3 };

interface TrackedJob {
  key: string;
  /** Not created yet: its creation, a status check and a result are still owed. */
  notCreated: boolean;
  /** Created in Omni and not yet seen in a terminal state. */
  inFlight: boolean;
  /** Seen COMPLETE, result not yet requested. */
  needsResult: boolean;
  /** Clock time of the last status check (or of the creation). */
  lastCheckMs: number;
  polls: number;
  cancelling: boolean;
  /** The scheduler took the creation's slot already; the runner's createJob goes straight through. */
  createGranted: boolean;
}

interface Ticket {
  kind: RequestKind;
  job: TrackedJob;
  seq: number;
  grant: () => void;
  refuse: (reason: unknown) => void;
}

/**
 * Hands out the budget's slots by priority (see the module comment), and decides when a status
 * poll is worth a slot.
 *
 * A slot used now is unusable for the next 60 s. The requests the suite still owes for certain
 * (`owed`: per job not yet created a creation, a final status check and a result; per job in
 * flight a final check and a result; per finished job its result) can all have started by
 * `budgetFinishMs`, the earliest time the budget allows. A poll that may find the job still
 * running is let through only when it cannot move that time: when every owed request fits in
 * the slots free now, or when its slot comes back before that time (now + 60 s ≤ budgetFinishMs).
 * Otherwise polls wait — at most until the slots in use expire — because a poll that misses
 * would delay a request the suite cannot do without.
 */
class RequestGate {
  private readonly waiting: Ticket[] = [];
  /** Start times of the requests let through in the last minute (our own view of the budget). */
  private readonly granted: number[] = [];
  private readonly jobs = new Set<TrackedJob>();
  private timer: AbortController | undefined;
  private seq = 0;
  private unstarted = 0;

  constructor(
    private readonly budget: RequestBudget,
    private readonly clock: Clock,
    private readonly minPollMs: number,
  ) {}

  /** Jobs of the suite not yet tracked (waiting for a free place under the concurrency limit). */
  setUnstarted(count: number): void {
    this.unstarted = count;
  }

  track(key: string): TrackedJob {
    const job: TrackedJob = {
      key,
      notCreated: true,
      inFlight: false,
      needsResult: false,
      lastCheckMs: this.clock.now(),
      polls: 0,
      cancelling: false,
      createGranted: false,
    };
    this.jobs.add(job);
    return job;
  }

  finished(job: TrackedJob): void {
    this.jobs.delete(job);
    this.pump();
  }

  created(job: TrackedJob): void {
    job.inFlight = true;
    job.lastCheckMs = this.clock.now();
    this.pump();
  }

  observed(job: TrackedJob, state: JobState): void {
    job.lastCheckMs = this.clock.now();
    if (isTerminal(state)) {
      job.inFlight = false;
      job.needsResult = state === 'COMPLETE';
    }
    this.pump();
  }

  acquire(kind: RequestKind, job: TrackedJob, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        this.remove(ticket);
        reject(signal?.reason);
        this.pump();
      };
      const ticket: Ticket = {
        kind,
        job,
        seq: this.seq++,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        refuse: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(ticket);
      this.pump();
    });
  }

  /** Refuses every creation still waiting (Omni refuses them all anyway). */
  refuseCreates(reason: Error): void {
    for (const ticket of this.waiting.filter((t) => t.kind === 'create')) {
      this.remove(ticket);
      ticket.refuse(reason);
    }
    this.pump();
  }

  close(): void {
    this.timer?.abort();
    this.timer = undefined;
  }

  private remove(ticket: Ticket): void {
    const index = this.waiting.indexOf(ticket);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  /** Lets through every request that may go now, then sleeps until the next one might. */
  private pump(): void {
    const now = this.clock.now();
    this.forget(now);
    while (this.roomWaitMs(now) === 0) {
      const ticket = this.next(now);
      if (!ticket) break;
      this.remove(ticket);
      this.granted.push(now);
      const { job } = ticket;
      if (ticket.kind === 'create') job.notCreated = false;
      if (ticket.kind === 'result') job.needsResult = false;
      if (ticket.kind === 'poll' || (ticket.kind === 'urgent' && job.inFlight)) job.lastCheckMs = now;
      ticket.grant();
    }
    this.sleepUntilNext(now);
  }

  /** The most urgent ticket that may go now. */
  private next(now: number): Ticket | undefined {
    let best: Ticket | undefined;
    let interval: number | undefined;
    for (const ticket of this.waiting) {
      if (ticket.kind === 'poll') {
        interval ??= this.pollEveryMs(now);
        if (now - ticket.job.lastCheckMs < interval) continue;
      }
      if (!best || before(ticket, best)) best = ticket;
    }
    return best;
  }

  /** How often each job in flight may be polled now; infinite while polls would delay owed requests. */
  private pollEveryMs(now: number): number {
    const limit = this.budget.perMinute;
    const inFlight = this.inFlight();
    const owed = this.owed();
    // Our own view of the window, so that a slot in use always has a known time to come back.
    const free = limit - this.granted.length;
    if (now + WindowMs <= budgetFinishMs(now, this.granted, limit, owed)) return pollIntervalMs(inFlight, limit, this.minPollMs);
    if (owed > free) return Number.POSITIVE_INFINITY;
    // Everything owed fits in the free slots. Each job's final check is owed; the slots beyond
    // what is owed pay for checks that find a job still running, spread over the next minute.
    return pollIntervalMs(inFlight, free - owed + inFlight, this.minPollMs);
  }

  private inFlight(): number {
    let count = 0;
    for (const job of this.jobs) if (job.inFlight) count++;
    return count;
  }

  /** Requests the suite still needs for certain; see the class comment. */
  private owed(): number {
    let owed = 3 * this.unstarted;
    for (const job of this.jobs) {
      if (job.notCreated) owed += 3;
      else if (job.inFlight) owed += 2;
      else if (job.needsResult) owed += 1;
    }
    return owed;
  }

  /** 0 when a request may start now, else how long until one may. */
  private roomWaitMs(now: number): number {
    const limit = this.budget.perMinute;
    const ours = this.granted.length >= limit ? this.granted[this.granted.length - limit]! + WindowMs - now : 0;
    return Math.max(ours, this.budget.waitMs(), 0);
  }

  private sleepUntilNext(now: number): void {
    this.timer?.abort();
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    let wait = this.roomWaitMs(now);
    if (wait === 0) {
      // Room, but only polls wait: until the earliest is due, or until a slot in use comes back
      // (more free slots may let polls go sooner).
      const interval = this.pollEveryMs(now);
      const due = Math.min(...this.waiting.map((t) => t.job.lastCheckMs + interval));
      const expiry = this.granted.length > 0 ? this.granted[0]! + WindowMs : Number.POSITIVE_INFINITY;
      wait = (due > now ? Math.min(due, expiry) : expiry) - now;
      if (!Number.isFinite(wait)) return;
    }
    const timer = new AbortController();
    this.timer = timer;
    this.clock.sleep(Math.max(1, wait), timer.signal).then(
      () => {
        if (this.timer === timer) {
          this.timer = undefined;
          this.pump();
        }
      },
      () => undefined,
    );
  }

  private forget(now: number): void {
    while (this.granted.length > 0 && this.granted[0]! <= now - WindowMs) this.granted.shift();
  }
}

/**
 * The earliest time by which `owed` more requests can all have started: slots free now count at
 * `now`, each slot in use comes back 60 s after its request started, and every slot serves again
 * 60 s after each use.
 */
export function budgetFinishMs(now: number, startedInWindow: readonly number[], perMinute: number, owed: number): number {
  if (owed <= 0) return now;
  const free = Math.max(0, perMinute - startedInWindow.length);
  const slot = (owed - 1) % perMinute;
  const rounds = Math.floor((owed - 1) / perMinute);
  const base = slot < free ? now : startedInWindow[startedInWindow.length - perMinute + slot]! + WindowMs;
  return Math.max(now, base) + rounds * WindowMs;
}

function before(a: Ticket, b: Ticket): boolean {
  if (Priority[a.kind] !== Priority[b.kind]) return Priority[a.kind] < Priority[b.kind];
  if (a.kind === 'poll' && a.job.lastCheckMs !== b.job.lastCheckMs) return a.job.lastCheckMs < b.job.lastCheckMs;
  return a.seq < b.seq;
}

/** The client seen by one job's runner: every request waits for the gate first. */
function gatedApi(api: OmniApi, gate: RequestGate, job: TrackedJob): OmniApi {
  const signalOf = (options?: CallOptions) => options?.signal;
  return {
    async createJob(body, options) {
      if (job.createGranted) job.createGranted = false;
      else await gate.acquire('create', job, signalOf(options));
      const created = await api.createJob(body, options);
      gate.created(job);
      return created;
    },
    async getJob(jobId, options) {
      await gate.acquire(job.cancelling ? 'urgent' : 'poll', job, signalOf(options));
      job.polls++;
      const status = await api.getJob(jobId, options);
      gate.observed(job, status.state);
      return status;
    },
    async cancelJob(jobId, options) {
      job.cancelling = true;
      await gate.acquire('urgent', job, signalOf(options));
      return api.cancelJob(jobId, options);
    },
    async downloadResult(jobId, file, options) {
      await gate.acquire('result', job, signalOf(options));
      return api.downloadResult(jobId, file, options);
    },
    async listModels(query, options) {
      await gate.acquire('urgent', job, signalOf(options));
      return api.listModels(query, options);
    },
  };
}

/**
 * The earliest any scheduler could finish, even knowing every duration in advance. Each entry
 * of `work` is a job's duration inside Omni (ms), or a lane: the durations of jobs that must run
 * one after another (one conversation). Each job needs at least three requests: its creation,
 * one status check after it ended, and the result download after that check (`requestsPerJob`;
 * two for a job without a result). The finish is at least the larger of two bounds:
 *
 * (a) Budget: at most R requests start in any 60 s, so the k-th request of the step (counting
 *     from 1) starts no earlier than 60 s × floor((k − 1) / R); the last of M = 3N requests no
 *     earlier than 60 s × floor((M − 1) / R). (The first R may all go at once: the window starts
 *     empty.) For 100 jobs at 60/min: M = 300, bound 240 s.
 * (b) Critical path: the j-th creation starts no earlier than 60 s × floor((j − 1) / R), and its
 *     lane ends no earlier than the sum of its durations later. Giving the earliest creations to
 *     the longest lanes minimises the latest end (exchange argument), so the finish is at least
 *     max_j (60 s × floor((j − 1) / R) + L_(j)), lanes sorted longest first.
 *
 * Request latency and the time between a job's end and the check that sees it are left out,
 * which only lowers the bound.
 */
export function lowerBoundMs(work: readonly (number | readonly number[])[], requestsPerMinute: number, requestsPerJob = 3): number {
  const slot = (k: number) => OmniMinuteMs * Math.floor((k - 1) / requestsPerMinute);
  const lanes = work.map((entry) => (typeof entry === 'number' ? [entry] : entry));
  const jobs = lanes.reduce((count, lane) => count + lane.length, 0);
  const budget = jobs === 0 ? 0 : slot(jobs * requestsPerJob);
  const longestFirst = lanes.map((lane) => lane.reduce((sum, d) => sum + d, 0)).sort((a, b) => b - a);
  const path = longestFirst.reduce((latest, length, index) => Math.max(latest, slot(index + 1) + length), 0);
  return Math.max(budget, path);
}
