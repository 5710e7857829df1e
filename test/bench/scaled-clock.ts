import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../../src/lib/clock.js';

/**
 * Real time running `scale` times faster: a minute of the action's time passes in 60 s / scale.
 * Everything that plans with the clock (the request budget's window, the scheduler, poll delays,
 * timeouts) sees minutes; the emulator gets the same durations divided by `scale`. What does not
 * scale is the machine: each millisecond of real latency reads as `scale` milliseconds here.
 */
export class ScaledClock implements Clock {
  private readonly origin = performance.now();

  constructor(readonly scale: number) {}

  now(): number {
    return (performance.now() - this.origin) * this.scale;
  }

  /** A moment of the emulator's performance.now() in this clock's time. */
  fromReal(realMs: number): number {
    return (realMs - this.origin) * this.scale;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms / this.scale, signal);
  }
}
