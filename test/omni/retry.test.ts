import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/lib/retry-after.js';
import { DefaultRetryPolicy, retryDelayMs } from '../../src/omni/retry.js';

const half = () => 0.5;

describe('retryDelayMs', () => {
  it('retries reads on 429, 5xx, network errors and timeouts with growing delays', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs({ kind: 'status', status: 503 }, attempt, 'idempotent', DefaultRetryPolicy, half));
    expect(delays).toEqual([750, 1500, 3000, 6000, 12000]);
    expect(retryDelayMs({ kind: 'network', connected: true, code: 'UND_ERR_SOCKET' }, 1, 'idempotent')).toBeGreaterThan(0);
    expect(retryDelayMs({ kind: 'timeout' }, 1, 'idempotent')).toBeGreaterThan(0);
    expect(retryDelayMs({ kind: 'invalidBody' }, 1, 'idempotent')).toBeGreaterThan(0);
  });

  it('gives up after maxAttempts', () => {
    expect(retryDelayMs({ kind: 'status', status: 503 }, DefaultRetryPolicy.maxAttempts, 'idempotent')).toBeUndefined();
  });

  it('does not retry client errors', () => {
    for (const status of [400, 401, 403, 404]) expect(retryDelayMs({ kind: 'status', status }, 1, 'idempotent')).toBeUndefined();
  });

  it('honours Retry-After, and gives up when it is unreasonably long', () => {
    expect(retryDelayMs({ kind: 'status', status: 429, retryAfterMs: 7_000 }, 1, 'idempotent')).toBe(7_000);
    expect(retryDelayMs({ kind: 'status', status: 429, retryAfterMs: 3_600_000 }, 1, 'idempotent')).toBeUndefined();
  });

  it('retries a job creation only when it surely did not reach Omni', () => {
    expect(retryDelayMs({ kind: 'status', status: 429 }, 1, 'createOnce')).toBeGreaterThan(0);
    expect(retryDelayMs({ kind: 'network', connected: false, code: 'ECONNREFUSED' }, 1, 'createOnce')).toBeGreaterThan(0);
    expect(retryDelayMs({ kind: 'status', status: 502 }, 1, 'createOnce')).toBeUndefined();
    expect(retryDelayMs({ kind: 'status', status: 500 }, 1, 'createOnce')).toBeUndefined();
    expect(retryDelayMs({ kind: 'network', connected: true, code: 'UND_ERR_SOCKET' }, 1, 'createOnce')).toBeUndefined();
    expect(retryDelayMs({ kind: 'timeout' }, 1, 'createOnce')).toBeUndefined();
    expect(retryDelayMs({ kind: 'invalidBody' }, 1, 'createOnce')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
