import { afterEach, describe, expect, it } from 'vitest';
import { call, waitFor } from './helpers.js';
import { startEmulator, type Emulator, type EmulatorOptions } from './index.js';
import { SlidingWindowLimiter } from './rate-limit.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(options: EmulatorOptions): Promise<Emulator> {
  emu = await startEmulator(options);
  return emu;
}

describe('rate limit', () => {
  it('answers 429 {detail, status} with Retry-After beyond the per-key budget, then frees up', async () => {
    const e = await start({ rateLimit: { requestsPerMinute: 5, windowMs: 400 } });
    for (let i = 0; i < 5; i++) expect((await call(e, 'GET', '/v1/models')).status).toBe(200);
    const limited = await call(e, 'GET', '/v1/models');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      detail: 'Too Many Requests: this API key is limited to 5 requests per minute',
      status: 429,
    });
    expect(limited.headers.get('retry-after')).toBe('1');

    // Each key has its own window.
    expect((await call(e, 'GET', '/v1/models', { key: 'personal' })).status).toBe(200);

    const first = e.requests[0]!.at;
    await waitFor(() => performance.now() > first + 410, 'the window to slide');
    expect((await call(e, 'GET', '/v1/models')).status).toBe(200);
  });

  it('does not count rejected or unauthenticated requests', async () => {
    const e = await start({ rateLimit: { requestsPerMinute: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) expect((await call(e, 'GET', '/v1/models', { key: null })).status).toBe(401);
    expect((await call(e, 'GET', '/v1/models')).status).toBe(200);
    expect((await call(e, 'GET', '/v1/models')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(e, 'GET', '/v1/models')).status).toBe(429);
  });

  it('says how long until the oldest request leaves the window', async () => {
    const e = await start({ rateLimit: { requestsPerMinute: 1 } });
    await call(e, 'GET', '/v1/models');
    const limited = await call(e, 'GET', '/v1/models');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(60);
  });

  it('can leave Retry-After out', async () => {
    const e = await start({ rateLimit: { requestsPerMinute: 1, retryAfter: false } });
    await call(e, 'GET', '/v1/models');
    const limited = await call(e, 'GET', '/v1/models');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('defaults to 60 requests per minute and can be disabled', async () => {
    const limited = await start({});
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await call(limited, 'GET', '/v1/models')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses[60]).toBe(429);
    await limited.close();

    const open = await start({ rateLimit: false });
    for (let i = 0; i < 80; i++) expect((await call(open, 'GET', '/v1/models')).status).toBe(200);
  });

  it('clears its windows on reset()', async () => {
    const e = await start({ rateLimit: { requestsPerMinute: 1 } });
    await call(e, 'GET', '/v1/models');
    expect((await call(e, 'GET', '/v1/models')).status).toBe(429);
    e.reset();
    expect((await call(e, 'GET', '/v1/models')).status).toBe(200);
  });
});

describe('SlidingWindowLimiter', () => {
  it('slides: a slot frees exactly when the oldest request is a window old', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(2, 1_000, () => now);
    expect(limiter.take('k').allowed).toBe(true);
    now = 400;
    expect(limiter.take('k').allowed).toBe(true);
    now = 999;
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1_000;
    expect(limiter.take('k').allowed).toBe(true);
    now = 1_300;
    expect(limiter.take('k').allowed).toBe(false);
  });
});
