import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../../src/lib/clock.js';

/**
 * Real time, sped up: `scale` virtual milliseconds pass per real millisecond. The job runner and
 * the client keep their real intervals (2 s polls, 1 s backoff base, Retry-After in seconds) while
 * a test over real sockets takes milliseconds. `toVirtual` converts real durations (such as the
 * emulator's `performance.now()` records) into the action's own units.
 */
export interface ScaledClock extends Clock {
  scale: number;
  toVirtual(realMs: number): number;
}

export function scaledClock(scale: number): ScaledClock {
  const now = () => performance.now() * scale;
  return {
    scale,
    now,
    /**
     * Lasts its full length on this clock. Node fires timers by the event loop's cached time, which
     * lags performance.now() by as long as the loop's last turn took: a millisecond alone, more on a
     * loaded machine, and `scale` times that in virtual time. Sleeping again for what is left keeps
     * "waited at least 2 s" true on the clock the action reads, as it is at 1× in production.
     */
    sleep: async (ms, signal) => {
      const until = now() + ms;
      for (let left = ms; left > 0; left = until - now()) await systemClock.sleep(left / scale, signal);
    },
    toVirtual: (realMs) => realMs * scale,
  };
}
