import type { Clock } from '../lib/clock.js';

/**
 * Omni counts requests per minute as they arrive; we count them as they start. One second more
 * than Omni's minute absorbs the difference in latency between two requests a minute apart.
 */
export const BudgetWindowMs = 61_000;

/**
 * The API key's request budget, shared by every request this step makes.
 * A sliding window: never more than `perMinute` requests start in any 61 s, which also keeps
 * within a server that counts in fixed minutes.
 */
export class RequestBudget {
  readonly perMinute: number;
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(perMinute: number, private readonly clock: Clock) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError('perMinute must be a positive integer');
    this.perMinute = perMinute;
  }

  /** Requests started in the last minute. */
  used(): number {
    this.forget(this.clock.now());
    return this.starts.length;
  }

  /** How long until one more request may start (0 = now). */
  waitMs(): number {
    const now = this.clock.now();
    this.forget(now);
    if (this.starts.length < this.perMinute) return 0;
    return this.starts[0]! + BudgetWindowMs - now;
  }

  /** Waits for a slot and takes it. Callers are served in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.clock.sleep(wait, signal);
      this.starts.push(this.clock.now());
    });
    // A caller that gives up must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private forget(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - BudgetWindowMs) this.starts.shift();
  }
}
