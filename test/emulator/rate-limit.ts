/**
 * Omni's documented limit, 60 requests per minute per API key, as a sliding window over the
 * requests it accepted. Rejected requests do not take a slot (undocumented; see README).
 */
import { performance } from 'node:perf_hooks';

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the oldest request in the window leaves it (at least 1). */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    readonly requestsPerMinute: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(key: string): RateLimitDecision {
    const now = this.now();
    const window = (this.windows.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.windows.set(key, window);
    if (window.length < this.requestsPerMinute) {
      window.push(now);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const oldest = window[0] as number;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }

  clear(): void {
    this.windows.clear();
  }
}
