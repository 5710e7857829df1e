/**
 * The gate every request of a scheduled job passes before it reaches the Omni client: it hands
 * the budget's slots out by priority and decides when a status check is worth a slot.
 */
import type { Clock } from '../lib/clock.js';
import type { CallOptions, OmniApi } from '../omni/api.js';
import { isTerminal, PollIntervalMinMs } from '../job/state.js';
import type { AiJobStatus } from '../omni/types.js';
import { BudgetWindowMs, type RequestBudget } from '../omni/request-budget.js';

/** The request budget's window: the gate mirrors the budget's bookkeeping. */
const WindowMs = BudgetWindowMs;
/** How long a found result may wait for a slot that is about to come back. */
const ResultSlotWaitMs = 2_000;
/** A check goes without spending spare slots once its job is at least this likely done. */
const LikelyDone = 0.5;
/** Before any job of the suite is seen done: the age of the first probe, and how much older each next one is. */
const FirstProbeAgeMs = 10_000;
const ProbeGrowth = 2;
/** At most one probe for each this many spare slots (and always one). */
const ProbeShareOfSpare = 4;

/** Minimum time between two status checks of one job with `inFlight` jobs polling. */
export function pollIntervalMs(inFlight: number, requestsPerMinute: number, minimumMs: number = PollIntervalMinMs): number {
  return Math.max(minimumMs, Math.ceil((inFlight * WindowMs) / requestsPerMinute));
}

export type RequestKind = 'urgent' | 'result' | 'create' | 'poll';
const Priority: Record<RequestKind, number> = { urgent: 0, result: 1, create: 2, poll: 3 };

export interface TrackedJob {
  key: string;
  /** Not created yet: its creation, a status check and a result are still owed. */
  notCreated: boolean;
  /** Created in Omni and not yet seen in a terminal state. */
  inFlight: boolean;
  /** Seen COMPLETE, result not yet requested. */
  needsResult: boolean;
  /** Clock time of the last status check (or of the creation). */
  lastCheckMs: number;
  /** Clock time Omni's answer to the creation arrived: the job's age is counted from here. */
  createdMs: number;
  /** The job's age when the last check that found it running started (0: never seen running). */
  runningAgeMs: number;
  /** The check on its way was let through although the job was not likely done. */
  speculative: boolean;
  polls: number;
  /** A status check let through and not answered yet. */
  checking: boolean;
  cancelling: boolean;
  /** The scheduler took the creation's slot already; the runner's createJob goes straight through. */
  createGranted: boolean;
}

interface PollPlan {
  /** The job is likely done by now: checking it spends no spare slot. */
  likely(job: TrackedJob): boolean;
  /** When a check of the job may go (may be in the past). */
  dueMs(job: TrackedJob): number;
}

interface Ticket {
  kind: RequestKind;
  job: TrackedJob;
  seq: number;
  grant: () => void;
  refuse: (reason: unknown) => void;
}

/**
 * Hands out the budget's slots by priority (see scheduler.ts), and decides when a status
 * poll is worth a slot.
 *
 * A slot used now is unusable for the next 61 s. The requests the suite still owes for certain
 * (`owed`: per job not yet created a creation, a final status check and a result; per job in
 * flight a final check and a result, or only the result while a check is on its way; per
 * finished job its result) can all have started by `budgetFinishMs`, the earliest time the
 * budget allows. A poll that may find the job still running is let through when it cannot move
 * that time:
 * - when its slot comes back before that time (now + 61 s ≤ budgetFinishMs): the budget, not
 *   Omni, decides the end. Each job is then checked at most every inFlight × 61 s / R, and at
 *   least as soon as a window has passed since its last check: a slot that comes back finds the
 *   oldest jobs done and checks them at once, instead of idling while a fair share of the budget
 *   per job (100 jobs at 60 a minute: 100 s) runs out;
 * - when every owed request fits in the slots free now: Omni decides the end, and the slots
 *   beyond what is owed pay for checks that find a job still running, spread over the next
 *   minute (each job at most every inFlight × 61 s / (spare + inFlight));
 * - whenever a job is likely done: Omni's status tells how long each finished job of the suite
 *   took (`completedAt − createdAt`), and a check that finds a job running tells that it takes
 *   longer; from both (`JobDurations`, Kaplan–Meier) a job at least half likely done is checked
 *   without waiting for its fair share of the budget (12 jobs of 8 s at 20 a minute: at 10 s,
 *   not at 36.6 s);
 * - before any job is seen done, one job at a time is probed at growing ages (10, 20, 40 s…),
 *   at most one probe per four spare slots: a probe that finds its job running costs a slot for
 *   61 s, and at small budgets the first minute's few spare slots must still find jobs done, or
 *   the last results spill into a third minute.
 * Every check on its way may find its job done and need a slot for the result: checks go out
 * only while, after this one, each check on its way has a slot for its result (free now, or
 * back within 2 s). A burst of checks that took every slot would leave the results it finds for
 * the next window, and the checks that found jobs still running for the one after.
 */
export class RequestGate {
  private readonly waiting: Ticket[] = [];
  /** Start times of the requests let through in the last minute (our own view of the budget). */
  private readonly granted: number[] = [];
  private readonly jobs = new Set<TrackedJob>();
  private timer: AbortController | undefined;
  private seq = 0;
  private unstarted = 0;
  /** Status checks let through and not answered yet: each may find its job done and need a slot for the result. */
  private checking = 0;
  /** How long the suite's finished jobs took in Omni. */
  private readonly durations = new JobDurations();
  /** The greatest age at which a check found a job of the suite still running. */
  private longestRunningAgeMs = 0;

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
      createdMs: this.clock.now(),
      runningAgeMs: 0,
      speculative: false,
      polls: 0,
      checking: false,
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
    job.createdMs = job.lastCheckMs;
    this.pump();
  }

  /** A status check was answered (or failed): the slot kept for its result is free again. */
  answered(job: TrackedJob): void {
    if (!job.checking) return;
    job.checking = false;
    job.speculative = false;
    this.checking--;
    this.pump();
  }

  /** What a status check found; the check was let through at `job.lastCheckMs`. */
  observed(job: TrackedJob, status: Pick<AiJobStatus, 'state' | 'createdAt' | 'completedAt'>): void {
    const now = this.clock.now();
    const startedAge = job.lastCheckMs - job.createdMs;
    job.lastCheckMs = now;
    if (isTerminal(status.state)) {
      // Only answers tell how long answering takes: a job that failed (a bad prompt, a refused
      // model) may end at once and would make the others look done long before they are.
      if (job.inFlight && status.state === 'COMPLETE') this.durations.learn(jobDurationMs(status) ?? now - job.createdMs);
      job.inFlight = false;
      job.needsResult = status.state === 'COMPLETE';
    } else if (job.inFlight) {
      job.runningAgeMs = Math.max(job.runningAgeMs, startedAge);
      this.longestRunningAgeMs = Math.max(this.longestRunningAgeMs, startedAge);
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
      if (ticket.kind === 'poll') {
        job.checking = true;
        this.checking++;
      }
      ticket.grant();
    }
    this.sleepUntilNext(now);
  }

  /** The most urgent ticket that may go now. */
  private next(now: number): Ticket | undefined {
    let best: Ticket | undefined;
    let plan: PollPlan | undefined;
    // Every check on its way may find its job done: after this one, keep a slot for each one's
    // result (free now or back within seconds), so that a burst of checks cannot leave the
    // results it finds waiting for the next window. A budget of one request a minute has no
    // second slot to keep: its checks go one at a time.
    const keptForThisOne = this.budget.perMinute > 1 ? 1 : 0;
    const roomForChecks = this.budget.perMinute - this.granted.length + this.returningWithin(now, ResultSlotWaitMs) > this.checking + keptForThisOne;
    for (const ticket of this.waiting) {
      if (ticket.kind === 'poll') {
        if (!roomForChecks) continue;
        plan ??= this.pollPlan(now);
        if (plan.dueMs(ticket.job) > now) continue;
        if (best?.kind === 'poll' && plan.likely(best.job) && !plan.likely(ticket.job)) continue;
        if (best?.kind === 'poll' && !plan.likely(best.job) && plan.likely(ticket.job)) {
          best = ticket;
          continue;
        }
      }
      if (!best || before(ticket, best)) best = ticket;
    }
    if (best?.kind === 'poll' && plan && !plan.likely(best.job)) best.job.speculative = true;
    return best;
  }

  /** When each job in flight may be checked next, from what the suite's jobs told so far. */
  private pollPlan(now: number): PollPlan {
    const limit = this.budget.perMinute;
    const censored: number[] = [];
    let speculating = 0;
    let probed = 0;
    for (const job of this.jobs) {
      if (job.runningAgeMs > 0) probed++;
      if (job.inFlight && job.runningAgeMs > 0) censored.push(job.runningAgeMs);
      if (job.checking && job.speculative) speculating++;
    }
    const survival = this.durations.survival(censored);
    // Checks on their way may each find the job running and owe it again.
    const owedIfRunning = this.owed(true);
    const finish = budgetFinishMs(now, this.granted, limit, owedIfRunning);
    const spare = usesBy(now, finish, this.granted, limit) - owedIfRunning;
    const budgetBound = now + WindowMs <= budgetFinishMs(now, this.granted, limit, this.owed(false));
    const inFlight = this.inFlight();
    const fairMs = Math.min(WindowMs, pollIntervalMs(inFlight, limit, this.minPollMs));
    // Whatever the jobs told: no job waits more than a window between checks.
    const spreadMs = pollIntervalMs(inFlight, Math.max(0, spare) + inFlight, this.minPollMs);
    const learned = this.durations.count > 0;
    const likelyAge = new Map<TrackedJob, number>();
    const likelyAgeOf = (job: TrackedJob): number => {
      let age = likelyAge.get(job);
      if (age === undefined) {
        age = survival.likelyDoneAgeMs(job.runningAgeMs, LikelyDone);
        likelyAge.set(job, age);
      }
      return age;
    };
    const ladderAgeMs = (job: TrackedJob): number => {
      if (!learned) {
        // Probes that find jobs running spend the spare; keep most of it for the checks and
        // results that will find jobs done (at 20 a minute, 12 jobs leave room for one probe).
        if (probed >= Math.max(1, Math.floor(spare / ProbeShareOfSpare))) return Number.POSITIVE_INFINITY;
        // One probe per age, each of another job: the oldest job may be the longest.
        const rung = Math.max(FirstProbeAgeMs, ProbeGrowth * this.longestRunningAgeMs);
        return job.runningAgeMs > 0 && job.runningAgeMs * ProbeGrowth >= rung ? Number.POSITIVE_INFINITY : rung;
      }
      if (job.runningAgeMs > 0) return Math.max(job.runningAgeMs + this.minPollMs, ProbeGrowth * job.runningAgeMs);
      return Math.max(FirstProbeAgeMs, this.durations.shortestMs());
    };
    const maySpeculate = spare > 0 && (learned || speculating === 0);
    return {
      likely: (job) => now - job.createdMs >= likelyAgeOf(job),
      dueMs: (job) => {
        let due = job.createdMs + likelyAgeOf(job);
        due = Math.min(due, job.lastCheckMs + (budgetBound ? fairMs : spreadMs));
        if (maySpeculate) due = Math.min(due, job.createdMs + ladderAgeMs(job));
        return Math.max(due, job.lastCheckMs + this.minPollMs);
      },
    };
  }

  private inFlight(): number {
    let count = 0;
    for (const job of this.jobs) if (job.inFlight) count++;
    return count;
  }

  /** Requests the suite still needs for certain (see the class comment); `ifRunning`: as if every check on its way finds its job running. */
  private owed(ifRunning: boolean): number {
    let owed = 3 * this.unstarted;
    for (const job of this.jobs) {
      if (job.notCreated) owed += 3;
      // A check on its way has its slot already: only the result may still be owed.
      else if (job.inFlight) owed += job.checking && !ifRunning ? 1 : 2;
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
      const plan = this.pollPlan(now);
      const due = Math.min(...this.waiting.map((t) => plan.dueMs(t.job)));
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

  /** Slots in use that come back within `ms`. */
  private returningWithin(now: number, ms: number): number {
    let count = 0;
    for (const start of this.granted) {
      if (start + WindowMs > now + ms) break;
      count++;
    }
    return count;
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

/** How many requests can start from `now` up to and including `until`, each slot serving once per window. */
export function usesBy(now: number, until: number, startedInWindow: readonly number[], perMinute: number): number {
  if (until < now) return 0;
  const free = Math.max(0, perMinute - startedInWindow.length);
  let uses = free * (1 + Math.floor((until - now) / WindowMs));
  for (const start of startedInWindow.slice(-perMinute)) {
    const back = Math.max(now, start + WindowMs);
    if (back <= until) uses += 1 + Math.floor((until - back) / WindowMs);
  }
  return uses;
}

/** How long the job took in Omni, from its own timestamps; undefined when they do not say. */
function jobDurationMs(status: Pick<AiJobStatus, 'createdAt' | 'completedAt'>): number | undefined {
  if (!status.completedAt) return undefined;
  const ms = Date.parse(status.completedAt) - Date.parse(status.createdAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * The durations of the suite's finished jobs. Jobs of one suite share a model and similar
 * prompts, so what the first ones took tells when the others are likely done; a job seen
 * running at some age only tells that it takes longer (a censored observation, Kaplan–Meier).
 */
export class JobDurations {
  private readonly seen: number[] = [];

  get count(): number {
    return this.seen.length;
  }

  learn(ms: number): void {
    const at = this.seen.findIndex((other) => other > ms);
    this.seen.splice(at < 0 ? this.seen.length : at, 0, ms);
  }

  shortestMs(): number {
    return this.seen[0] ?? Number.POSITIVE_INFINITY;
  }

  /** The survival curve, given the ages at which the jobs still running were last seen running. */
  survival(runningAges: readonly number[]): Survival {
    const censored = [...runningAges].sort((a, b) => a - b);
    const steps: { ageMs: number; surviving: number }[] = [];
    let surviving = 1;
    let censoredBelow = 0;
    for (let index = 0; index < this.seen.length; ) {
      const age = this.seen[index]!;
      let ended = 0;
      while (index + ended < this.seen.length && this.seen[index + ended] === age) ended++;
      while (censoredBelow < censored.length && censored[censoredBelow]! < age) censoredBelow++;
      const atRisk = this.seen.length - index + censored.length - censoredBelow;
      surviving *= 1 - ended / atRisk;
      steps.push({ ageMs: age, surviving });
      index += ended;
    }
    return new Survival(steps);
  }
}

/** The share of jobs still running at each age (a step function). */
export class Survival {
  constructor(private readonly steps: readonly { ageMs: number; surviving: number }[]) {}

  at(ageMs: number): number {
    let surviving = 1;
    for (const step of this.steps) {
      if (step.ageMs > ageMs) break;
      surviving = step.surviving;
    }
    return surviving;
  }

  /**
   * The youngest age at which a job seen running at `runningAgeMs` is done with probability at
   * least `probability`; infinite when no finished job took longer than it ran already.
   */
  likelyDoneAgeMs(runningAgeMs: number, probability: number): number {
    const from = this.at(runningAgeMs);
    if (from <= 0) return Number.POSITIVE_INFINITY;
    for (const step of this.steps) {
      if (step.ageMs <= runningAgeMs) continue;
      if (step.surviving / from <= 1 - probability) return step.ageMs;
    }
    return Number.POSITIVE_INFINITY;
  }
}

function before(a: Ticket, b: Ticket): boolean {
  if (Priority[a.kind] !== Priority[b.kind]) return Priority[a.kind] < Priority[b.kind];
  if (a.kind === 'poll' && a.job.lastCheckMs !== b.job.lastCheckMs) return a.job.lastCheckMs < b.job.lastCheckMs;
  return a.seq < b.seq;
}

/** The client seen by one job's runner: every request waits for the gate first. */
export function gatedApi(api: OmniApi, gate: RequestGate, job: TrackedJob): OmniApi {
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
      try {
        const status = await api.getJob(jobId, options);
        gate.observed(job, status);
        return status;
      } finally {
        gate.answered(job);
      }
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

