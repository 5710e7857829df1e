/**
 * AI Routines endpoints: create/get/update/delete, ownership and `?userId=`, the list and its
 * paging, triggered runs and the outbox, the active-routine quota, seeding and the request record.
 * Every body sent and every answer is checked against the vendored routines schema (helpers.call).
 * Validation rules: routines-validation.test.ts; faults: routines-faults.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ids, SampleRoutines } from './fixtures.js';
import { call, waitFor, type CallOptions } from './helpers.js';
import {
  outboxFor,
  routineBody,
  seedRoutines,
  startEmulator,
  waitForDelivery,
  waitForRun,
  type Emulator,
  type RoutineCreateBody,
  type RoutineResponse,
  type RoutinesListResponse,
} from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const unknownId = '12345678-1234-4234-8234-123456789abc';

async function create(overrides: Partial<RoutineCreateBody> = {}, options: CallOptions = {}): Promise<string> {
  const res = await call<{ id: string }>(emu, 'POST', '/v1/ai/routines', { ...options, body: routineBody(emu, overrides) });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function get(id: string, options: CallOptions = {}): Promise<RoutineResponse> {
  const res = await call<RoutineResponse>(emu, 'GET', `/v1/ai/routines/${id}`, options);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

function list(query: Record<string, string> = {}, options: CallOptions = {}) {
  return call<RoutinesListResponse>(emu, 'GET', '/v1/ai/routines', { ...options, query: { ...options.query, ...query } });
}

async function trigger(id: string, options: CallOptions = {}): Promise<string> {
  const res = await call<{ id: string }>(emu, 'POST', `/v1/ai/routines/${id}/trigger`, options);
  expect(res.status, res.text).toBe(202);
  return res.body.id;
}

describe('create and get', () => {
  it('creates a routine (201 {id}) and shows every documented key, defaults null', async () => {
    const before = Date.now();
    const id = await create();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const routine = await get(id);
    expect(routine).toEqual({
      id,
      name: 'Weekly revenue by region',
      prompt: 'revenue by region',
      description: null,
      modelId: emu.ids.modelId,
      branchId: null,
      topicName: null,
      schedule: '0 9 ? * MON *',
      timezone: 'America/New_York',
      destination: { type: 'email', recipientEmails: ['lead@example.com'], userGroupIds: [] },
      recipientCount: 1,
      disabled: false,
      systemDisabled: false,
      systemDisabledReason: null,
      lastRun: null,
      condition: null,
      createdAt: routine.createdAt,
      updatedAt: routine.createdAt,
    });
    expect(Date.parse(routine.createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(emu.routine(id)).toMatchObject({ ownerId: emu.ids.userId, createdBy: 'org', deletedAt: null });
  });

  it('keeps the optional fields; gating is accepted but not shown', async () => {
    const id = await create({
      branchId: emu.ids.branchId,
      topicName: 'order_items',
      description: 'For the sales leads.',
      gating: 'unconditional',
      destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel' },
    });
    const routine = await get(id, { key: 'personal' });
    expect(routine).toMatchObject({
      branchId: emu.ids.branchId,
      topicName: 'order_items',
      description: 'For the sales leads.',
      destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel' },
      recipientCount: 1,
    });
    expect(routine).not.toHaveProperty('gating');
  });

  it('counts distinct recipients, user groups expanded, duplicates in any case once', async () => {
    const id = await create({
      destination: {
        type: 'email',
        recipientEmails: ['Kim.Nguyen@example.com', 'x@example.com', 'X@example.com'],
        userGroupIds: [Ids.salesGroupId, Ids.financeGroupId],
      },
    });
    const routine = await get(id);
    // x, Kim (direct and in both groups), Dana, Sam, Lee
    expect(routine.recipientCount).toBe(5);
    expect(routine.destination).toEqual({
      type: 'email',
      recipientEmails: ['Kim.Nguyen@example.com', 'x@example.com', 'X@example.com'],
      userGroupIds: [Ids.salesGroupId, Ids.financeGroupId],
    });
  });

  it('creates with the personal token for its owner', async () => {
    const id = await create({}, { key: 'personal' });
    expect(emu.routine(id)).toMatchObject({ ownerId: emu.ids.userId, createdBy: 'personal' });
  });

  it('answers 400 for an id that is not a uuid and 404 for an unknown one', async () => {
    const bad = await call(emu, 'GET', '/v1/ai/routines/weekly');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ detail: 'Bad Request: id: Invalid uuid', status: 400 });
    const missing = await call(emu, 'GET', `/v1/ai/routines/${unknownId}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: `Routine ${unknownId} not found or has been deleted`, status: 404 });
  });
});

describe('update', () => {
  /** A routine last changed in the past, so an update's new updatedAt is later without waiting. */
  function oldRoutine(): string {
    return emu.seedRoutine({ ...routineBody(emu), description: 'old notes', createdAt: '2025-01-01T00:00:00.000Z' }).id;
  }

  it('changes only the supplied fields and moves updatedAt', async () => {
    const id = oldRoutine();
    const before = await get(id);
    const res = await call<RoutineResponse>(emu, 'PATCH', `/v1/ai/routines/${id}`, {
      body: { name: 'Revenue by region, weekly', schedule: '30 7 ? * MON-FRI *', timezone: 'Europe/Berlin' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...before,
      name: 'Revenue by region, weekly',
      schedule: '30 7 ? * MON-FRI *',
      timezone: 'Europe/Berlin',
      updatedAt: res.body.updatedAt,
    });
    expect(res.body.updatedAt > before.updatedAt).toBe(true);
    expect(await get(id)).toEqual(res.body);
  });

  it('clears the description with null and replaces the whole destination', async () => {
    const id = await create({ description: 'notes', destination: { type: 'email', recipientEmails: ['a@example.com'], userGroupIds: [Ids.salesGroupId] } });
    const res = await call<RoutineResponse>(emu, 'PATCH', `/v1/ai/routines/${id}`, {
      body: { description: null, prompt: 'total revenue', destination: { type: 'email', userGroupIds: [Ids.financeGroupId] } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: null,
      prompt: 'total revenue',
      destination: { type: 'email', recipientEmails: [], userGroupIds: [Ids.financeGroupId] },
      recipientCount: 2,
    });
  });

  it('leaves updatedAt alone when nothing changes', async () => {
    const id = oldRoutine();
    const before = await get(id);
    const empty = await call<RoutineResponse>(emu, 'PATCH', `/v1/ai/routines/${id}`, { body: {} });
    expect(empty.body).toEqual(before);
    const same = await call<RoutineResponse>(emu, 'PATCH', `/v1/ai/routines/${id}`, { body: { name: before.name } });
    expect(same.body.updatedAt).toBe(before.updatedAt);
  });

  it('takes PUT (the docs page’s method) as the same update, recorded as updateRoutine', async () => {
    const id = await create();
    const res = await call<RoutineResponse>(emu, 'PUT', `/v1/ai/routines/${id}`, { body: { prompt: 'total revenue' } });
    expect(res.status).toBe(200);
    expect(res.body.prompt).toBe('total revenue');
    expect(emu.requestsTo('updateRoutine').map((r) => r.method)).toEqual(['PUT']);
  });

  it('answers 404 for an unknown or deleted routine', async () => {
    expect((await call(emu, 'PATCH', `/v1/ai/routines/${unknownId}`, { body: { name: 'x' } })).status).toBe(404);
    const id = await create();
    await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    expect((await call(emu, 'PATCH', `/v1/ai/routines/${id}`, { body: { name: 'x' } })).status).toBe(404);
  });
});

describe('delete', () => {
  it('answers 200 {deleted: true, id}; the routine is gone from get, list and a second delete', async () => {
    const keep = await create({ name: 'keep' });
    const id = await create({ name: 'drop' });
    const res = await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, id });
    expect((await call(emu, 'GET', `/v1/ai/routines/${id}`)).status).toBe(404);
    expect((await list()).body.records.map((r) => r.id)).toEqual([keep]);
    expect((await call(emu, 'DELETE', `/v1/ai/routines/${id}`)).status).toBe(404);
    expect(emu.routine(id)?.deletedAt).toEqual(expect.any(String));
  });
});

describe('who may act on which routine', () => {
  it('refuses ?userId= with the personal token on every routine endpoint (403)', async () => {
    const id = await create();
    const options = { key: 'personal', query: { userId: emu.ids.userId } } as const;
    const answers = await Promise.all([
      call(emu, 'GET', '/v1/ai/routines', options),
      call(emu, 'POST', '/v1/ai/routines', { ...options, body: routineBody(emu) }),
      call(emu, 'GET', `/v1/ai/routines/${id}`, options),
      call(emu, 'PATCH', `/v1/ai/routines/${id}`, { ...options, body: { name: 'x' } }),
      call(emu, 'DELETE', `/v1/ai/routines/${id}`, options),
      call(emu, 'POST', `/v1/ai/routines/${id}/trigger`, options),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: 'Forbidden: User-scoped API keys cannot act on behalf of other users', status: 403 });
    }
    expect(emu.routines()).toHaveLength(1);
    expect(emu.routineRuns()).toEqual([]);
  });

  it('answers 400 for a ?userId= that is not a uuid, 404 for an unknown or invited member', async () => {
    for (const path of ['/v1/ai/routines', `/v1/ai/routines/${unknownId}`]) {
      expect((await call(emu, 'GET', path, { query: { userId: 'bob' } })).body).toEqual({ detail: 'Bad Request: userId: Invalid uuid', status: 400 });
    }
    for (const userId of [unknownId, Ids.pendingUserId]) {
      const res = await list({ userId });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ detail: `The userId membership ${userId} was not found in the organization` });
      const created = await call(emu, 'POST', '/v1/ai/routines', { query: { userId }, body: routineBody(emu) });
      expect(created.status).toBe(404);
    }
    expect(emu.routines()).toEqual([]);
  });

  it('creates and lists for ?userId= with the organization key', async () => {
    const theirs = await create({ name: 'theirs' }, { query: { userId: emu.ids.otherUserId } });
    const mine = await create({ name: 'mine' });
    expect(emu.routine(theirs)?.ownerId).toBe(emu.ids.otherUserId);
    expect((await list({ userId: emu.ids.otherUserId })).body.records.map((r) => r.id)).toEqual([theirs]);
    expect((await list()).body.records.map((r) => r.id)).toEqual([mine]);
    expect((await list({}, { key: 'personal' })).body.records.map((r) => r.id)).toEqual([mine]);
  });

  it('keeps a personal token, and the organization key acting for a member, to that member’s routines (403)', async () => {
    const [theirs] = seedRoutines(emu, { name: 'theirs', prompt: 'total revenue', ownerId: emu.ids.otherUserId });
    const id = theirs!.id;
    const detail = `Forbidden: Routine ${id} belongs to another user`;
    for (const options of [{ key: 'personal' }, { key: 'org', query: { userId: emu.ids.userId } }] as const) {
      for (const res of [
        await call(emu, 'GET', `/v1/ai/routines/${id}`, options),
        await call(emu, 'PATCH', `/v1/ai/routines/${id}`, { ...options, body: { name: 'mine now' } }),
        await call(emu, 'DELETE', `/v1/ai/routines/${id}`, options),
        await call(emu, 'POST', `/v1/ai/routines/${id}/trigger`, options),
      ]) {
        expect(res.body).toEqual({ detail, status: 403 });
      }
    }
    expect(emu.routine(id)).toMatchObject({ name: 'theirs', deletedAt: null });
    // The owner's membership, and the organization key without userId (an admin), may.
    expect((await get(id, { query: { userId: emu.ids.otherUserId } })).name).toBe('theirs');
    expect((await get(id)).name).toBe('theirs');
  });
});

describe('list', () => {
  it('lists newest first, paused and Omni-disabled routines included with their status fields', async () => {
    const [paused, disabled] = seedRoutines(
      emu,
      { name: 'paused', prompt: 'total revenue', disabled: true, createdAt: '2025-01-01T00:00:00.000Z' },
      {
        name: 'disabled by Omni',
        prompt: 'total revenue',
        systemDisabled: true,
        systemDisabledReason: 'The model this routine uses was deleted',
        createdAt: '2025-02-01T00:00:00.000Z',
      },
    );
    const active = await create({ name: 'active' });
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.pageInfo).toEqual({ hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: 3 });
    expect(res.body.records.map((r) => [r.name, r.disabled, r.systemDisabled, r.systemDisabledReason])).toEqual([
      ['active', false, false, null],
      ['disabled by Omni', false, true, 'The model this routine uses was deleted'],
      ['paused', true, false, null],
    ]);
    expect(res.body.records.map((r) => r.id)).toEqual([active, disabled!.id, paused!.id]);
    expect((await list({ sortDirection: 'asc' })).body.records.map((r) => r.name)).toEqual(['paused', 'disabled by Omni', 'active']);
  });

  it('answers an empty page for a user without routines', async () => {
    expect((await list()).body).toEqual({
      pageInfo: { hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: 0 },
      records: [],
    });
  });

  it('pages with the cursor: 20 by default, then the rest', async () => {
    const seeded = seedRoutines(emu, ...Array.from({ length: 25 }, (_, i) => ({ name: `r${i}`, prompt: 'total revenue' })));
    const newestFirst = seeded.map((r) => r.id).reverse();
    const first = await list();
    expect(first.body.records.map((r) => r.id)).toEqual(newestFirst.slice(0, 20));
    expect(first.body.pageInfo).toMatchObject({ hasNextPage: true, pageSize: 20, totalRecords: 25 });
    const second = await list({ cursor: first.body.pageInfo.nextCursor! });
    expect(second.body.records.map((r) => r.id)).toEqual(newestFirst.slice(20));
    expect(second.body.pageInfo).toEqual({ hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: 25 });
  });

  it.each([
    ['desc', 'createdAt'],
    ['asc', 'createdAt'],
    ['asc', 'name'],
    ['desc', 'updatedAt'],
  ])('walks every page once (%s by %s), even when routines come and go between pages', async (sortDirection, sortField) => {
    const seeded = seedRoutines(
      emu,
      ...Array.from({ length: 10 }, (_, i) => ({
        name: `routine ${String.fromCharCode(106 - i)}`, // names run backwards to creation order
        prompt: 'total revenue',
        createdAt: `2025-03-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`,
      })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list({ pageSize: '3', sortDirection, sortField, ...(cursor ? { cursor } : {}) });
      expect(res.status, res.text).toBe(200);
      expect(res.body.records.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.records.map((r) => r.id));
      cursor = res.body.pageInfo.nextCursor ?? undefined;
      if (pages === 0) await create({ name: 'routine 0' }); // arrives between pages
      pages++;
    } while (cursor);
    const originals = seen.filter((id) => seeded.some((r) => r.id === id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(originals).toHaveLength(10);
    const key = (id: string) => seeded.find((r) => r.id === id)![sortField as 'name' | 'createdAt' | 'updatedAt'];
    const keys = originals.map(key);
    const sorted = [...keys].sort();
    expect(keys).toEqual(sortDirection === 'asc' ? sorted : sorted.reverse());
  });

  it.each([
    [{ pageSize: '0' }, 'Bad Request: pageSize: Number must be between 1 and 100'],
    [{ pageSize: '101' }, 'Bad Request: pageSize: Number must be between 1 and 100'],
    [{ pageSize: 'ten' }, "Bad Request: pageSize: Expected an integer, received 'ten'"],
    [{ pageSize: '2.5' }, "Bad Request: pageSize: Expected an integer, received '2.5'"],
    [{ sortDirection: 'up' }, "Bad Request: sortDirection: Invalid enum value. Expected 'asc' | 'desc', received 'up'"],
    [{ sortField: 'owner' }, "Bad Request: sortField: Invalid enum value. Expected 'createdAt' | 'updatedAt' | 'name', received 'owner'"],
    [{ cursor: 'not-a-cursor' }, 'Bad Request: cursor: Invalid cursor'],
  ])('answers 400 for %j', async (query, detail) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, status: 400 });
  });

  it('accepts pageSize 1 and 100', async () => {
    seedRoutines(emu, { name: 'a', prompt: 'x' }, { name: 'b', prompt: 'x' });
    expect((await list({ pageSize: '1' })).body.records).toHaveLength(1);
    expect((await list({ pageSize: '100' })).body.pageInfo.pageSize).toBe(100);
  });

  it('refuses a cursor issued for another sort (400)', async () => {
    seedRoutines(emu, { name: 'a', prompt: 'x' }, { name: 'b', prompt: 'x' });
    const { nextCursor } = (await list({ pageSize: '1' })).body.pageInfo;
    const res = await list({ pageSize: '1', sortDirection: 'asc', cursor: nextCursor! });
    expect(res.status).toBe(400);
    expect((res.body as unknown as { detail: string }).detail).toMatch(/^Bad Request: cursor: The cursor was issued for sortField=createdAt&sortDirection=desc/);
  });
});

describe('trigger, runs and the outbox', () => {
  it('runs the prompt as the owner on the routine’s model, branch and topic, and delivers the answer', async () => {
    const id = await create(
      {
        name: 'Revenue by category (net)',
        prompt: 'revenue by category',
        branchId: emu.ids.branchId,
        topicName: 'order_items',
        destination: { type: 'email', recipientEmails: ['lead@example.com', 'kim.nguyen@example.com'], userGroupIds: [Ids.financeGroupId] },
      },
      { query: { userId: emu.ids.otherUserId } },
    );
    const runId = await trigger(id);
    const delivery = await waitForDelivery(emu, runId);
    expect(delivery).toEqual({
      runId,
      routineId: id,
      jobId: expect.any(String),
      channel: 'email',
      recipients: ['lead@example.com', 'kim.nguyen@example.com', 'lee.park@example.com'],
      subject: 'Revenue by category (net)',
      answer: expect.stringMatching(/^### .*Revenue by Category/),
      prompt: 'revenue by category',
      modelId: emu.ids.modelId,
      branchId: emu.ids.branchId,
      topicName: 'order_items',
      destination: { type: 'email', recipientEmails: ['lead@example.com', 'kim.nguyen@example.com'], userGroupIds: [Ids.financeGroupId] },
      deliveredAt: expect.any(String),
    });
    const job = emu.job(delivery.jobId)!;
    expect(job).toMatchObject({
      state: 'COMPLETE',
      userId: emu.ids.otherUserId,
      branchId: emu.ids.branchId,
      topicName: 'order_items',
      routineRun: { routineId: id, runId },
    });
    expect(delivery.answer).toBe(job.resultSummary);
    expect(emu.routineRuns()).toEqual([
      { id: runId, routineId: id, jobId: job.id, state: 'COMPLETE', triggeredBy: 'org', startedAt: expect.any(String), completedAt: delivery.deliveredAt, delivered: true },
    ]);
    expect((await get(id)).lastRun).toEqual({ completedAt: delivery.deliveredAt, label: 'Delivered', state: 'COMPLETE' });
    // The run id is not an AI job id.
    expect((await call(emu, 'GET', `/v1/ai/jobs/${runId}`)).status).toBe(404);
  });

  it('delivers a Slack routine to its one channel or user', async () => {
    const id = await create({ destination: { type: 'slack', recipientId: 'U0123456789', slackRecipientType: 'users' } }, { key: 'personal' });
    const delivery = await waitForDelivery(emu, await trigger(id, { key: 'personal' }));
    expect(delivery).toMatchObject({ channel: 'slack', recipients: ['U0123456789'], subject: 'Weekly revenue by region' });
    expect(outboxFor(emu, id)).toEqual([delivery]);
    expect(outboxFor(emu, unknownId)).toEqual([]);
  });

  it('answers 409 while a run is in progress, and runs again once it has ended', async () => {
    const id = await create();
    emu.script({ stuckIn: 'QUEUED' });
    const first = await trigger(id);
    const clash = await call(emu, 'POST', `/v1/ai/routines/${id}/trigger`);
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ detail: 'A run is already in progress for this routine', status: 409 });
    expect(emu.routineRuns().map((r) => [r.id, r.state])).toEqual([[first, 'RUNNING']]);
    // Another routine is not held up.
    const other = await create({ name: 'other' });
    await waitForRun(emu, await trigger(other));

    await call(emu, 'POST', `/v1/ai/jobs/${emu.routineRuns()[0]!.jobId}/cancel`);
    expect((await waitForRun(emu, first)).state).toBe('CANCELLED');
    const again = await trigger(id);
    expect((await waitForRun(emu, again)).state).toBe('COMPLETE');
    expect(outboxFor(emu, id).map((d) => d.runId)).toEqual([again]);
  });

  it('records a failed run without a delivery; lastRun says so', async () => {
    const id = await create();
    emu.script({ fail: { message: 'Warehouse timed out', code: 'QUERY_EXECUTION_ERROR' } });
    const run = await waitForRun(emu, await trigger(id));
    expect(run).toMatchObject({ state: 'FAILED', delivered: false, error: { message: 'Warehouse timed out', code: 'QUERY_EXECUTION_ERROR' } });
    expect(emu.outbox).toEqual([]);
    expect((await get(id)).lastRun).toEqual({ completedAt: run.completedAt, label: 'Failed', state: 'FAILED' });
    await expect(waitForDelivery(emu, run.id)).rejects.toThrow(/ended FAILED without a delivery: Warehouse timed out/);
  });

  it('fails a run whose prompt the emulated AI cannot map, like a job', async () => {
    const id = await create({ prompt: 'tell me a joke' });
    expect((await waitForRun(emu, await trigger(id))).state).toBe('FAILED');
  });

  it.each(['QUEUED', 'EXECUTING'] as const)('stops a run when the routine is deleted (job %s): nothing is delivered', async (stuckIn) => {
    const id = await create();
    emu.script({ stuckIn, timings: { iterationMs: 5 } });
    const runId = await trigger(id);
    const { jobId } = emu.routineRuns()[0]!;
    await waitFor(() => emu.job(jobId)?.state === stuckIn, `the run's job to reach ${stuckIn}`);
    await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    expect((await waitForRun(emu, runId)).state).toBe('CANCELLED');
    expect(emu.job(jobId)?.state).toBe('CANCELLED');
    expect(emu.outbox).toEqual([]);
  });

  it('does not deliver a run that completes after its routine was deleted', async () => {
    const id = await create();
    // DELIVERING cannot be cancelled; the second in it leaves ample time to delete the routine.
    emu.script({ timings: { deliveringMs: 1_000 } });
    const runId = await trigger(id);
    const { jobId } = emu.routineRuns()[0]!;
    await waitFor(() => emu.job(jobId)?.state === 'DELIVERING', 'the run to be delivering');
    await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    expect((await waitForRun(emu, runId)).state).toBe('CANCELLED');
    expect(emu.job(jobId)?.state).toBe('COMPLETE');
    expect(emu.outbox).toEqual([]);
  });

  it.each([
    ['paused by its owner', { disabled: true }, 'it is paused by its owner'],
    ['disabled by Omni', { systemDisabled: true, systemDisabledReason: 'Its branch was deleted' }, 'it was disabled by Omni: Its branch was deleted'],
    ['disabled by Omni without a reason', { systemDisabled: true }, 'it was disabled by Omni'],
  ])('answers 404 for a routine %s', async (_what, status, why) => {
    const [routine] = seedRoutines(emu, { name: 'r', prompt: 'total revenue', ...status });
    const res = await call(emu, 'POST', `/v1/ai/routines/${routine!.id}/trigger`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: `Routine ${routine!.id} cannot be triggered: ${why}`, status: 404 });
    expect(emu.routineRuns()).toEqual([]);
  });

  it('answers 404 for a deleted or unknown routine', async () => {
    const id = await create();
    await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    for (const target of [id, unknownId]) {
      expect((await call(emu, 'POST', `/v1/ai/routines/${target}/trigger`)).status).toBe(404);
    }
  });

  it('answers 400 when the routine can no longer run as configured', async () => {
    const [noModel, noBranch, noOwner] = seedRoutines(
      emu,
      { name: 'model gone', prompt: 'x', modelId: unknownId },
      { name: 'branch gone', prompt: 'x', branchId: Ids.deletedBranchId },
      { name: 'owner gone', prompt: 'x', ownerId: Ids.pendingUserId },
    );
    const detail = async (id: string) => {
      const res = await call(emu, 'POST', `/v1/ai/routines/${id}/trigger`);
      expect(res.status).toBe(400);
      return res.body.detail;
    };
    expect(await detail(noModel!.id)).toBe(`Bad Request: The routine cannot run as configured: Model ${unknownId} not found`);
    expect(await detail(noBranch!.id)).toBe(
      `Bad Request: The routine cannot run as configured: Branch ${Ids.deletedBranchId} not found for model ${emu.ids.modelId}`,
    );
    expect(await detail(noOwner!.id)).toMatch(/its owner .* is no longer a member/);
  });

  it('triggers again after setRoutineStatus resumes a paused routine', async () => {
    const [routine] = seedRoutines(emu, { name: 'r', prompt: 'total revenue', disabled: true });
    expect((await call(emu, 'POST', `/v1/ai/routines/${routine!.id}/trigger`)).status).toBe(404);
    expect(emu.setRoutineStatus(routine!.id, { disabled: false }).disabled).toBe(false);
    await waitForDelivery(emu, await trigger(routine!.id));
  });
});

describe('active-routine quota', () => {
  let small: Emulator;
  beforeAll(async () => {
    small = await startEmulator({ rateLimit: false, routines: { maxActivePerUser: 2 } });
  });
  afterAll(() => small.close());
  beforeEach(() => small.reset());

  const post = (options: CallOptions = {}) => call(small, 'POST', '/v1/ai/routines', { ...options, body: routineBody(small) });

  it('answers 429 with Omni’s detail once the user has the maximum of active routines', async () => {
    expect((await post()).status).toBe(201);
    expect((await post({ key: 'personal' })).status).toBe(201);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ detail: 'User has reached the maximum of 2 routines', status: 429 });
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(small.routines()).toHaveLength(2);
    // Per user: another member still has room.
    expect((await post({ query: { userId: small.ids.otherUserId } })).status).toBe(201);
  });

  it('does not count paused, Omni-disabled or deleted routines', async () => {
    seedRoutines(small, { name: 'paused', prompt: 'x', disabled: true }, { name: 'off', prompt: 'x', systemDisabled: true });
    const first = (await post()).body.id as string;
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(429);
    await call(small, 'DELETE', `/v1/ai/routines/${first}`);
    expect((await post()).status).toBe(201);
  });

  it('is 100 by default', async () => {
    seedRoutines(emu, ...Array.from({ length: 99 }, (_, i) => ({ name: `r${i}`, prompt: 'x' })));
    expect((await call(emu, 'POST', '/v1/ai/routines', { body: routineBody(emu) })).status).toBe(201);
    const refused = await call(emu, 'POST', '/v1/ai/routines', { body: routineBody(emu) });
    expect(refused.body).toEqual({ detail: 'User has reached the maximum of 100 routines', status: 429 });
  });

  it('rejects a quota that is not a whole number', async () => {
    await expect(startEmulator({ routines: { maxActivePerUser: 1.5 } })).rejects.toThrow(/maxActivePerUser must be a whole number/);
  });
});

describe('seeding and reset', () => {
  it('starts with EmulatorOptions.routines.seed and restores the same routines on reset()', async () => {
    const seeded = await startEmulator({
      rateLimit: false,
      routines: { seed: [{ name: 'Daily orders', prompt: 'how many orders', timezone: 'Europe/Berlin' }, { name: 'Paused', prompt: 'x', disabled: true }] },
    });
    try {
      const before = seeded.routines().map((r) => [r.id, r.name, r.disabled, r.createdBy]);
      expect(before).toEqual([
        [expect.any(String), 'Daily orders', false, 'seed'],
        [expect.any(String), 'Paused', true, 'seed'],
      ]);
      await call(seeded, 'DELETE', `/v1/ai/routines/${before[0]![0]}`);
      seeded.reset();
      expect(seeded.routines().map((r) => [r.id, r.name, r.disabled, r.createdBy])).toEqual(before);
    } finally {
      await seeded.close();
    }
  });

  it('seeds the sandbox with routines the API itself would accept', async () => {
    for (const { modelId, name, prompt, schedule, timezone, destination, branchId, topicName, description } of SampleRoutines) {
      const body = { modelId: modelId ?? emu.ids.modelId, name, prompt, schedule, timezone, destination, branchId, topicName, description };
      const res = await call(emu, 'POST', '/v1/ai/routines', { body: JSON.parse(JSON.stringify(body)) });
      expect(res.status, res.text).toBe(201);
    }
  });

  it('fills seed defaults and keeps what the API would refuse', () => {
    const routine = emu.seedRoutine({ name: 'legacy', prompt: 'x', schedule: '0 9 * * 1', id: 'AAAAAAAA-1234-4234-8234-123456789ABC' });
    expect(routine).toMatchObject({
      id: 'aaaaaaaa-1234-4234-8234-123456789abc',
      ownerId: emu.ids.userId,
      modelId: emu.ids.modelId,
      schedule: '0 9 * * 1',
      timezone: 'UTC',
      destination: { type: 'email', recipientEmails: ['robin.admin@example.com'], userGroupIds: [] },
      lastRun: null,
      createdAt: routine.updatedAt,
    });
    expect(() => emu.seedRoutine({ name: 'again', prompt: 'x', id: routine.id })).toThrow(/already exists/);
    expect(() => emu.setRoutineStatus(unknownId, { disabled: true })).toThrow(/no routine/);
  });

  it('forgets routines, runs and the outbox on reset(), and fails a wait that can no longer end', async () => {
    const id = await create();
    await waitForDelivery(emu, await trigger(id));
    emu.script({ stuckIn: 'QUEUED' });
    const pending = emu.routineRunEnded(await trigger(id));
    emu.reset();
    await expect(pending).rejects.toThrow(/reset or closed/);
    expect([emu.routines(), emu.routineRuns(), emu.outbox]).toEqual([[], [], []]);
    await expect(emu.routineRunEnded(id)).rejects.toThrow(/no routine run/);
  });

  it('hands out copies', async () => {
    const id = await create();
    await waitForDelivery(emu, await trigger(id));
    emu.routine(id)!.name = 'changed';
    emu.outbox[0]!.recipients.push('intruder@example.com');
    emu.routineRuns()[0]!.state = 'FAILED';
    expect(emu.routine(id)!.name).toBe('Weekly revenue by region');
    expect(emu.outbox[0]!.recipients).toEqual(['lead@example.com']);
    expect(emu.routineRuns()[0]!.state).toBe('COMPLETE');
  });
});

describe('request record', () => {
  it('records every routine request with its route, method, query, body and status', async () => {
    const id = await create({}, { query: { userId: emu.ids.userId } });
    await call(emu, 'GET', '/v1/ai/routines', { key: 'personal', query: { pageSize: '5' } });
    await call(emu, 'GET', `/v1/ai/routines/${id}`);
    await call(emu, 'PATCH', `/v1/ai/routines/${id}`, { body: { name: 'renamed' } });
    await waitForRun(emu, await trigger(id));
    await call(emu, 'DELETE', `/v1/ai/routines/${id}`);
    await call(emu, 'GET', '/v1/whoami');
    expect(emu.requests.map((r) => [r.method, r.route, r.status, r.key])).toEqual([
      ['POST', 'createRoutine', 201, 'org'],
      ['GET', 'listRoutines', 200, 'personal'],
      ['GET', 'getRoutine', 200, 'org'],
      ['PATCH', 'updateRoutine', 200, 'org'],
      ['POST', 'triggerRoutine', 202, 'org'],
      ['DELETE', 'deleteRoutine', 200, 'org'],
      ['GET', 'whoami', 200, 'org'],
    ]);
    const [created, listed, , patched, triggered] = emu.requests;
    expect(created).toMatchObject({ path: '/api/v1/ai/routines', query: { userId: emu.ids.userId }, body: routineBody(emu) });
    expect(listed!.query).toEqual({ pageSize: '5' });
    expect(patched).toMatchObject({ path: `/api/v1/ai/routines/${id}`, body: { name: 'renamed' } });
    expect(triggered).toMatchObject({ path: `/api/v1/ai/routines/${id}/trigger`, body: undefined });
    expect(emu.requestsTo('triggerRoutine')).toHaveLength(1);
  });

  it('answers 405 with Allow for a routine path and the wrong method', async () => {
    const res = await call(emu, 'POST', `/v1/ai/routines/${unknownId}`, { unchecked: true, requestSchema: 'unchecked', body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH, PUT, DELETE');
    expect((await call(emu, 'DELETE', '/v1/ai/routines', { unchecked: true })).headers.get('allow')).toBe('GET, POST');
  });

  it.each([
    ['GET', '/v1/ai/routines'],
    ['POST', '/v1/ai/routines'],
    ['GET', `/v1/ai/routines/${unknownId}`],
    ['PATCH', `/v1/ai/routines/${unknownId}`],
    ['DELETE', `/v1/ai/routines/${unknownId}`],
    ['POST', `/v1/ai/routines/${unknownId}/trigger`],
    ['GET', '/v1/whoami'],
  ] as const)('%s %s answers 401 without a valid token', async (method, path) => {
    const body = method === 'POST' && !path.endsWith('trigger') ? routineBody(emu) : method === 'PATCH' ? { name: 'x' } : undefined;
    const none = await call(emu, method, path, { key: null, body });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: 'Unauthorized: Missing or invalid API key', status: 401 });
    expect((await call(emu, method, path, { key: 'omni_pat_bogus', body })).status).toBe(401);
  });
});
