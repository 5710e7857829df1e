/**
 * The gate every request of a scheduled job passes before it reaches the Omni client: it hands
 * the budget's slots out by priority and decides when a status check is worth a slot.
 */
import type { Clock } from '../lib/clock.js';
import type { CallOptions, OmniApi } from '../omni/api.js';
import { isTerminal, PollIntervalMinMs } from '../job/state.js';
import type { JobState } from '../omni/types.js';
import { BudgetWindowMs, type RequestBudget } from '../omni/request-budget.js';

/** The request budget's window: the gate mirrors the budget's bookkeeping. */
const WindowMs = BudgetWindowMs;
/** How long a found result may wait for a slot that is about to come back. */
const ResultSlotWaitMs = 2_000;

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
  polls: number;
  /** A status check let through and not answered yet. */
  checking: boolean;
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
 * - otherwise polls wait, at most until the slots in use expire.
 * Every check on its way may find its job done and need a slot for the result: checks go out
 * only while each one on its way has a slot for its result (free now, or back within 2 s). A
 * burst of checks that took every slot would leave the results it finds for the next window,
 * and the checks that found jobs still running for the one after.
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
    this.pump();
  }

  /** A status check was answered (or failed): the slot kept for its result is free again. */
  answered(job: TrackedJob): void {
    if (!job.checking) return;
    job.checking = false;
    this.checking--;
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
    let interval: number | undefined;
    // Every check on its way may find its job done: keep a slot for each one's result (free now
    // or back within seconds), so that a burst of checks cannot leave the results it finds
    // waiting for the next window.
    const roomForChecks = this.budget.perMinute - this.granted.length + this.returningWithin(now, ResultSlotWaitMs) > this.checking;
    for (const ticket of this.waiting) {
      if (ticket.kind === 'poll') {
        if (!roomForChecks) continue;
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
    if (now + WindowMs <= budgetFinishMs(now, this.granted, limit, owed)) return Math.min(WindowMs, pollIntervalMs(inFlight, limit, this.minPollMs));
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
      // A check on its way has its slot already: only the result may still be owed.
      else if (job.inFlight) owed += job.checking ? 1 : 2;
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
        gate.observed(job, status.state);
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

