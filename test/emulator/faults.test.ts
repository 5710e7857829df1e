import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, createJob } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const models = () => call(emu, 'GET', '/v1/models');

describe('fault injection', () => {
  it.each([500, 502, 503] as const)('answers %i {detail, status} once, then normally', async (status) => {
    emu.inject('listModels', { kind: 'status', status });
    const faulty = await models();
    expect(faulty.status).toBe(status);
    expect(faulty.body.status).toBe(status);
    expect((await models()).status).toBe(200);
  });

  it('answers 429 with or without Retry-After', async () => {
    emu.inject('getJob', { kind: 'status', status: 429, retryAfterSeconds: 7 });
    emu.inject('getJob', { kind: 'status', status: 429 });
    const job = '00000000-0000-4000-8000-000000000000';
    const withHeader = await call(emu, 'GET', `/v1/ai/jobs/${job}`);
    expect(withHeader.status).toBe(429);
    expect(withHeader.headers.get('retry-after')).toBe('7');
    const without = await call(emu, 'GET', `/v1/ai/jobs/${job}`);
    expect(without.status).toBe(429);
    expect(without.headers.get('retry-after')).toBeNull();
    expect((await call(emu, 'GET', `/v1/ai/jobs/${job}`)).status).toBe(404);
  });

  it('applies a fault `times` times and only to its route', async () => {
    emu.inject('listModels', { kind: 'status', status: 503 }, 3);
    expect((await call(emu, 'GET', `/v1/models/${emu.ids.modelId}/topic`)).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await models()).status);
    expect(statuses).toEqual([503, 503, 503, 200]);
  });

  it("applies '*' to any route", async () => {
    emu.inject('*', { kind: 'status', status: 500 }, 2);
    expect((await models()).status).toBe(500);
    expect((await call(emu, 'GET', `/v1/models/${emu.ids.modelId}/topic`)).status).toBe(500);
    expect((await models()).status).toBe(200);
  });

  it('drops the connection before handling the request', async () => {
    emu.inject('createJob', { kind: 'drop' });
    await expect(
      fetch(`${emu.apiBase}/v1/ai/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${emu.keys.org}`, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: emu.ids.modelId, prompt: 'total revenue' }),
      }),
    ).rejects.toThrow();
    expect(emu.jobs()).toEqual([]);
    expect(emu.requestsTo('createJob')[0]).toMatchObject({ status: null, fault: 'drop' });
  });

  it('drops the answer after handling the request when asked (the job exists)', async () => {
    emu.inject('createJob', { kind: 'drop', afterProcessing: true });
    await expect(
      fetch(`${emu.apiBase}/v1/ai/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${emu.keys.org}`, 'content-type': 'application/json' },
        body: JSON.stringify({ modelId: emu.ids.modelId, prompt: 'total revenue' }),
      }),
    ).rejects.toThrow();
    expect(emu.jobs()).toHaveLength(1);
  });

  it('delays the answer', async () => {
    emu.inject('listModels', { kind: 'delay', ms: 120 });
    const started = performance.now();
    expect((await models()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    const record = emu.requestsTo('listModels')[0]!;
    expect(record.respondedAt! - record.at).toBeGreaterThanOrEqual(115);
  });

  it('handles a delayed create at arrival (the job exists before the answer)', async () => {
    emu.inject('createJob', { kind: 'delay', ms: 150 });
    const pending = createJob(emu, { prompt: 'total revenue' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(emu.jobs()).toHaveLength(1);
    expect((await pending).jobId).toBe(emu.jobs()[0]!.id);
  });

  it.each([
    [502, 502],
    [200, 200],
    [undefined, 502],
  ])('answers an HTML page instead of JSON (status %s → %i)', async (status, expected) => {
    emu.inject('getResult', { kind: 'nonJson', ...(status !== undefined ? { status } : {}) });
    const res = await fetch(`${emu.apiBase}/v1/ai/jobs/00000000-0000-4000-8000-000000000000/result`, {
      headers: { authorization: `Bearer ${emu.keys.org}` },
    });
    expect(res.status).toBe(expected);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await res.text();
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('forgets injected faults on reset()', async () => {
    emu.inject('*', { kind: 'status', status: 500 }, 5);
    emu.reset();
    expect((await models()).status).toBe(200);
  });

  it('rejects a non-positive times', () => {
    expect(() => emu.inject('getJob', { kind: 'drop' }, 0)).toThrow(/times must be a positive integer/);
  });
});
