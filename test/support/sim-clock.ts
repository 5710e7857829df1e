import type { Clock } from '../../src/lib/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Simulated time: sleeps resolve only when the test moves the clock. `run(promise)` advances from
 * timer to timer, letting pending promise chains settle in between, until the promise settles.
 */
export class SimClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve: () => resolve() };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Pending sleeps. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by ms, firing every sleep due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextTimer();
      if (!next || next.at > until) break;
      this.fire(next);
    }
    this.time = until;
    await settle();
  }

  /** Runs simulated time until `promise` settles; fails if nothing is left to wait for. */
  async run<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => {
      settled = true;
    });
    tracked.catch(() => undefined);
    for (;;) {
      await settle();
      if (settled) return tracked;
      let next = this.nextTimer();
      // Real I/O (files written by the code under test) settles in real time, not simulated.
      for (let waited = 0; !next && !settled && waited < 2_000; waited += 5) {
        await new Promise<void>((resolve) => setTimeout(resolve, 5));
        await settle();
        next = this.nextTimer();
      }
      if (settled) return tracked;
      if (!next) throw new Error('SimClock: the promise waits on nothing the clock controls');
      if (next.at > limitMs) throw new Error('SimClock: time limit reached');
      this.fire(next);
    }
  }

  private nextTimer(): Timer | undefined {
    return this.timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best), undefined);
  }

  private fire(timer: Timer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.time = Math.max(this.time, timer.at);
    timer.resolve();
  }
}

/** Lets every promise chain that can progress without time do so. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
