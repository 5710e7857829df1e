/**
 * Fault injection on the routine routes, above all the faults after which a client cannot tell
 * whether its write happened: the routine was stored (updated, deleted, triggered), then the
 * connection dropped or a gateway answered 5xx. Omni has no idempotency key, so a client must look
 * before it repeats a create; these faults let its tests prove it does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, waitFor, type Method } from './helpers.js';
import { routineBody, startEmulator, waitForRun, type Emulator, type RouteName } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** A raw request whose connection may be dropped (helpers.call would throw without context). */
function send(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emu.apiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${emu.keys.org}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function existing(): Promise<string> {
  return emu.seedRoutine({ ...routineBody(emu), name: 'existing' }).id;
}

describe('stored, then the connection dropped', () => {
  it('create: the routine exists although the client got no answer', async () => {
    emu.inject('createRoutine', { kind: 'drop', afterProcessing: true });
    await expect(send('POST', '/v1/ai/routines', routineBody(emu))).rejects.toThrow();
    expect(emu.routines().map((r) => r.name)).toEqual(['Weekly revenue by region']);
    expect(emu.requestsTo('createRoutine')[0]).toMatchObject({ status: null, fault: 'drop', handledStatus: 201 });
    // Looking before repeating finds it.
    const listed = await call<{ records: { id: string }[] }>(emu, 'GET', '/v1/ai/routines');
    expect(listed.body.records.map((r) => r.id)).toEqual([emu.routines()[0]!.id]);
  });

  it('create: a drop before handling stores nothing', async () => {
    emu.inject('createRoutine', { kind: 'drop' });
    await expect(send('POST', '/v1/ai/routines', routineBody(emu))).rejects.toThrow();
    expect(emu.routines()).toEqual([]);
    expect(emu.requestsTo('createRoutine')[0]).toMatchObject({ status: null, fault: 'drop' });
    expect(emu.requestsTo('createRoutine')[0]).not.toHaveProperty('handledStatus');
  });

  it('create: a refused create that drops stays refused (handledStatus shows why)', async () => {
    emu.inject('createRoutine', { kind: 'drop', afterProcessing: true });
    await expect(send('POST', '/v1/ai/routines', { ...routineBody(emu), schedule: '* * ? * * *' })).rejects.toThrow();
    expect(emu.routines()).toEqual([]);
    expect(emu.requestsTo('createRoutine')[0]!.handledStatus).toBe(400);
  });

  it('update: the change is applied', async () => {
    const id = await existing();
    emu.inject('updateRoutine', { kind: 'drop', afterProcessing: true });
    await expect(send('PATCH', `/v1/ai/routines/${id}`, { name: 'renamed' })).rejects.toThrow();
    expect(emu.routine(id)?.name).toBe('renamed');
  });

  it('delete: the routine is gone, so repeating the delete answers 404', async () => {
    const id = await existing();
    emu.inject('deleteRoutine', { kind: 'drop', afterProcessing: true });
    await expect(send('DELETE', `/v1/ai/routines/${id}`)).rejects.toThrow();
    expect(emu.routine(id)?.deletedAt).not.toBeNull();
    expect((await call(emu, 'DELETE', `/v1/ai/routines/${id}`)).status).toBe(404);
  });

  it('trigger: the run started, so repeating the trigger answers 409 until it ends', async () => {
    const id = await existing();
    emu.script({ stuckIn: 'QUEUED' });
    emu.inject('triggerRoutine', { kind: 'drop', afterProcessing: true });
    await expect(send('POST', `/v1/ai/routines/${id}/trigger`)).rejects.toThrow();
    expect(emu.routineRuns().map((r) => r.state)).toEqual(['RUNNING']);
    expect((await call(emu, 'POST', `/v1/ai/routines/${id}/trigger`)).status).toBe(409);
  });
});

describe('stored, then an error answer', () => {
  it.each([500, 502, 503, 504] as const)('create answered %i {detail, status}: the routine exists', async (status) => {
    emu.inject('createRoutine', { kind: 'status', status, afterProcessing: true });
    const res = await call(emu, 'POST', '/v1/ai/routines', { body: routineBody(emu) });
    expect(res.status).toBe(status);
    expect(res.body.status).toBe(status);
    expect(emu.routines()).toHaveLength(1);
    expect(emu.requestsTo('createRoutine')[0]).toMatchObject({ status, fault: 'status', handledStatus: 201 });
  });

  it('create answered 429 with Retry-After: the routine exists', async () => {
    emu.inject('createRoutine', { kind: 'status', status: 429, retryAfterSeconds: 2, afterProcessing: true });
    const res = await call(emu, 'POST', '/v1/ai/routines', { body: routineBody(emu) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(emu.routines()).toHaveLength(1);
  });

  it('create answered with a gateway’s HTML page: the routine exists', async () => {
    emu.inject('createRoutine', { kind: 'nonJson', afterProcessing: true });
    const res = await send('POST', '/v1/ai/routines', routineBody(emu));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    expect(emu.routines()).toHaveLength(1);
  });

  it('update answered 502: the change is applied', async () => {
    const id = await existing();
    emu.inject('updateRoutine', { kind: 'status', status: 502, afterProcessing: true });
    expect((await call(emu, 'PATCH', `/v1/ai/routines/${id}`, { body: { prompt: 'total revenue' } })).status).toBe(502);
    expect(emu.routine(id)?.prompt).toBe('total revenue');
  });
});

describe('faults before handling', () => {
  it.each<[RouteName, Method, string, unknown?]>([
    ['listRoutines', 'GET', '/v1/ai/routines'],
    ['createRoutine', 'POST', '/v1/ai/routines', 'body'],
    ['getRoutine', 'GET', '/v1/ai/routines/{id}'],
    ['updateRoutine', 'PATCH', '/v1/ai/routines/{id}', { name: 'changed' }],
    ['deleteRoutine', 'DELETE', '/v1/ai/routines/{id}'],
    ['triggerRoutine', 'POST', '/v1/ai/routines/{id}/trigger'],
    ['whoami', 'GET', '/v1/whoami'],
  ])('%s answers an injected 503 once and changes nothing', async (route, method, template, body) => {
    const id = await existing();
    const path = template.replace('{id}', id);
    const payload = body === 'body' ? routineBody(emu) : body;
    const before = emu.routines();
    emu.inject(route, { kind: 'status', status: 503 });
    const faulty = await call(emu, method, path, { body: payload });
    expect(faulty.status).toBe(503);
    expect(faulty.body).toEqual({ detail: 'Service Unavailable', status: 503 });
    expect(emu.routines()).toEqual(before);
    expect(emu.routineRuns()).toEqual([]);
    expect((await call(emu, method, path, { body: payload })).status).toBeLessThan(300);
  });

  it("'*' covers routine routes too", async () => {
    emu.inject('*', { kind: 'status', status: 500 }, 2);
    expect((await call(emu, 'GET', '/v1/ai/routines')).status).toBe(500);
    expect((await call(emu, 'GET', '/v1/whoami')).status).toBe(500);
    expect((await call(emu, 'GET', '/v1/ai/routines')).status).toBe(200);
  });

  it('a delayed create is stored at arrival, before its answer', async () => {
    emu.inject('createRoutine', { kind: 'delay', ms: 5_000 });
    const controller = new AbortController();
    const pending = fetch(`${emu.apiBase}/v1/ai/routines`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.keys.org}`, 'content-type': 'application/json' },
      body: JSON.stringify(routineBody(emu)),
      signal: controller.signal,
    });
    await waitFor(() => emu.routines().length === 1, 'the delayed create to be stored');
    expect(emu.requestsTo('createRoutine')[0]!.status).toBeUndefined();
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it('a run started under an injected fault still ends and delivers', async () => {
    const id = await existing();
    emu.inject('triggerRoutine', { kind: 'status', status: 502, afterProcessing: true });
    expect((await call(emu, 'POST', `/v1/ai/routines/${id}/trigger`)).status).toBe(502);
    const run = await waitForRun(emu, emu.routineRuns()[0]!.id);
    expect(run.state).toBe('COMPLETE');
    expect(emu.outbox).toHaveLength(1);
  });
});
