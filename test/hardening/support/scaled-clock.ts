import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../../src/lib/clock.js';

/**
 * Real time, sped up: `scale` virtual milliseconds pass per real millisecond. The job runner and
 * the client keep their real intervals (2 s polls, 1 s backoff base, Retry-After in seconds) while
 * a test over real sockets takes milliseconds. `toVirtual` converts real timestamps (the
 * emulator's `performance.now()` records) so spacing can be checked in the action's own units.
 */
export interface ScaledClock extends Clock {
  scale: number;
  toVirtual(realMs: number): number;
}

export function scaledClock(scale: number): ScaledClock {
  return {
    scale,
    now: () => performance.now() * scale,
    sleep: (ms, signal) => systemClock.sleep(ms / scale, signal),
    toVirtual: (realMs) => realMs * scale,
  };
}
