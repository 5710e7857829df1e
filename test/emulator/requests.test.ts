import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ids } from './fixtures.js';
import { call, createJob, waitForState } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const someJob = '00000000-0000-4000-8000-000000000000';
const everyRoute = [
  ['POST', '/v1/ai/jobs'],
  ['GET', `/v1/ai/jobs/${someJob}`],
  ['POST', `/v1/ai/jobs/${someJob}/cancel`],
  ['GET', `/v1/ai/jobs/${someJob}/result`],
  ['GET', '/v1/models'],
  ['GET', `/v1/models/${Ids.modelId}/topic`],
] as const;

describe('authentication', () => {
  it.each(everyRoute)('%s %s answers 401 without a token', async (method, path) => {
    const res = await call(emu, method, path, { key: null, body: method === 'POST' ? {} : undefined });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Unauthorized: Missing or invalid API key', status: 401 });
  });

  it.each(everyRoute)('%s %s answers 401 for an unknown token', async (method, path) => {
    expect((await call(emu, method, path, { key: 'omni_org_not_a_real_key' })).status).toBe(401);
  });

  it('answers 401 for a non-bearer Authorization header', async () => {
    const res = await call(emu, 'GET', '/v1/models', { key: null, headers: { authorization: `Basic ${emu.keys.org}` } });
    expect(res.status).toBe(401);
  });

  it('accepts both the organization key and the personal token', async () => {
    expect((await call(emu, 'GET', '/v1/models', { key: 'org' })).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/models', { key: 'personal' })).status).toBe(200);
  });

  it('refuses ?userId= with a personal token (403)', async () => {
    const res = await call(emu, 'POST', '/v1/ai/jobs', {
      key: 'personal',
      query: { userId: emu.ids.otherUserId },
      body: { modelId: emu.ids.modelId, prompt: 'total revenue' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'Forbidden: User-scoped API keys cannot act on behalf of other users', status: 403 });
    expect(emu.jobs()).toEqual([]);
  });

  it('runs the job as ?userId= with the organization key', async () => {
    const { jobId } = await createJob(emu, { prompt: 'total revenue' }, { query: { userId: emu.ids.otherUserId } });
    const body = (await call(emu, 'GET', `/v1/ai/jobs/${jobId}`)).body;
    expect(body.userId).toBe(emu.ids.otherUserId);
    expect(emu.job(jobId)?.createdBy).toBe('org');
  });

  it('runs the job as the key owner without ?userId=', async () => {
    const { jobId } = await createJob(emu, { prompt: 'total revenue' }, { key: 'personal' });
    expect(emu.job(jobId)?.userId).toBe(emu.ids.userId);
    expect(emu.job(jobId)?.createdBy).toBe('personal');
  });

  it.each([
    ['an unknown member', '12345678-1234-4234-8234-123456789abc'],
    ['a member who has not accepted the invitation', Ids.pendingUserId],
  ])('answers 404 for ?userId= of %s', async (_what, userId) => {
    const res = await call(emu, 'POST', '/v1/ai/jobs', { query: { userId }, body: { modelId: emu.ids.modelId, prompt: 'x' } });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('membership');
  });

  it('answers 400 for a ?userId= that is not a uuid', async () => {
    const res = await call(emu, 'POST', '/v1/ai/jobs', { query: { userId: 'bob' }, body: { modelId: emu.ids.modelId, prompt: 'x' } });
    expect(res.status).toBe(400);
  });
});

describe('job submission validation', () => {
  const post = (body: unknown, options: { rawBody?: string; headers?: Record<string, string> } = {}) =>
    call(emu, 'POST', '/v1/ai/jobs', { body, ...options });

  it.each([
    ['a missing prompt', { modelId: Ids.modelId }, 'Bad Request: prompt: Required'],
    ['an empty prompt', { modelId: Ids.modelId, prompt: '' }, 'Bad Request: prompt: String must contain at least 1 character(s)'],
    ['a prompt that is not a string', { modelId: Ids.modelId, prompt: 42 }, 'Bad Request: prompt: Expected string, received number'],
    ['a missing modelId', { prompt: 'x' }, 'Bad Request: modelId: Required'],
    ['a modelId that is not a uuid', { modelId: 'ecommerce', prompt: 'x' }, 'Bad Request: modelId: Invalid uuid'],
    ['a branchId that is not a uuid', { modelId: Ids.modelId, prompt: 'x', branchId: 'main' }, 'Bad Request: branchId: Invalid uuid'],
    ['a null branchId', { modelId: Ids.modelId, prompt: 'x', branchId: null }, 'Bad Request: branchId: Expected string, received null'],
    ['a conversationId that is not a uuid', { modelId: Ids.modelId, prompt: 'x', conversationId: '42' }, 'Bad Request: conversationId: Invalid uuid'],
    ['a webhookUrl that is not a URL', { modelId: Ids.modelId, prompt: 'x', webhookUrl: 'not a url' }, 'Bad Request: webhookUrl: Invalid url'],
    ['a webhookUrl that is not http(s)', { modelId: Ids.modelId, prompt: 'x', webhookUrl: 'ftp://example.com/hook' }, 'Bad Request: webhookUrl: Invalid url'],
    ['webhookMetadata that is an array', { modelId: Ids.modelId, prompt: 'x', webhookMetadata: [1] }, 'Bad Request: webhookMetadata: Expected object, received array'],
    ['a topicName over 256 characters', { modelId: Ids.modelId, prompt: 'x', topicName: 'a'.repeat(257) }, 'Bad Request: topicName: String must contain at most 256 character(s)'],
    ['a body that is not an object', ['prompt'], 'Bad Request: Expected object, received array'],
  ])('answers 400 for %s', async (_what, body, detail) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail, status: 400 });
  });

  it('lists every problem in one detail', async () => {
    const res = await post({ prompt: '', branchId: 'x' });
    expect(res.body.detail).toBe(
      'Bad Request: modelId: Required; prompt: String must contain at least 1 character(s); branchId: Invalid uuid',
    );
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await post(undefined, { rawBody: '{"modelId": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Bad Request: Invalid JSON body');
  });

  it('answers 400 for an empty body', async () => {
    const res = await post(undefined, { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Bad Request: Expected object, received undefined');
  });

  it('answers 400 for a JSON body sent without a JSON content type', async () => {
    const res = await post(undefined, { rawBody: JSON.stringify({ modelId: Ids.modelId, prompt: 'x' }), headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/Content-Type must be application\/json/);
  });

  it('accepts the optional fields and unknown extra fields', async () => {
    const res = await post({
      modelId: Ids.modelId,
      prompt: 'total revenue',
      branchId: Ids.branchId,
      topicName: 'order_items',
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSigningSecret: 's3cret',
      webhookMetadata: { run: 7 },
      progressWebhookEnabled: false,
      somethingNew: true,
    });
    expect(res.status).toBe(201);
  });
});

describe('job submission lookups', () => {
  const post = (body: Record<string, unknown>) => call(emu, 'POST', '/v1/ai/jobs', { body: { prompt: 'total revenue', ...body } });

  it('answers 404 for an unknown model', async () => {
    const modelId = '770e8400-e29b-41d4-a716-446655440002';
    const res = await post({ modelId });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: `Model ${modelId} not found`, status: 404 });
  });

  it('answers 404 with a hint when the modelId is a branch', async () => {
    const res = await post({ modelId: Ids.branchId });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain(`pass modelId ${Ids.modelId} and branchId ${Ids.branchId}`);
  });

  it.each([
    ['a branch of another model', Ids.otherBranchId],
    ['a deleted branch', Ids.deletedBranchId],
    ['an unknown id', '12345678-1234-4234-8234-123456789abc'],
  ])('answers 404 for branchId of %s', async (_what, branchId) => {
    const res = await post({ modelId: Ids.modelId, branchId });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`Branch ${branchId} not found for model ${Ids.modelId}`);
  });

  it('answers 404 for a topic the model does not have (even one another model has)', async () => {
    const res = await post({ modelId: Ids.modelId, topicName: 'campaigns' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`Topic campaigns not found in model ${Ids.modelId}`);
    expect((await post({ modelId: Ids.otherModelId, topicName: 'campaigns', prompt: 'spend by channel' })).status).toBe(201);
  });

  it('answers 404 for an unknown conversation', async () => {
    const conversationId = '12345678-1234-4234-8234-123456789abc';
    const res = await post({ modelId: Ids.modelId, conversationId });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`Conversation ${conversationId} not found`);
  });
});

describe('conversations', () => {
  it('answers 409 while the conversation has an active job, and continues it afterwards', async () => {
    emu.script({ stuckIn: 'QUEUED' });
    const first = await createJob(emu, { prompt: 'revenue by category' });
    const clash = await call(emu, 'POST', '/v1/ai/jobs', {
      body: { modelId: Ids.modelId, prompt: 'now by region', conversationId: first.conversationId },
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ detail: 'An active job already exists for this conversation', status: 409 });

    await call(emu, 'POST', `/v1/ai/jobs/${first.jobId}/cancel`);
    const again = await createJob(emu, { prompt: 'total revenue', conversationId: first.conversationId });
    expect(again.conversationId).toBe(first.conversationId);
    expect(again.omniChatUrl).toBe(first.omniChatUrl);
    expect(again.jobId).not.toBe(first.jobId);
  });

  it('understands a follow-up in the same conversation', async () => {
    const first = await createJob(emu, { prompt: 'revenue and orders by category' });
    await waitForState(emu, first.jobId, 'COMPLETE');
    const second = await createJob(emu, { prompt: 'Now by region', conversationId: first.conversationId });
    const job = await waitForState(emu, second.jobId, 'COMPLETE', 'FAILED');
    expect(job.state).toBe('COMPLETE');
    expect(job.resultSummary).toMatch(/^### Total Revenue and Order Count by Region/);
    // The same words without the conversation mean nothing.
    const alone = await createJob(emu, { prompt: 'Now by region' });
    expect((await waitForState(emu, alone.jobId, 'COMPLETE', 'FAILED')).state).toBe('FAILED');
  });
});

describe('routing', () => {
  it('answers 404 {detail, status} for an unknown path', async () => {
    const res = await call(emu, 'GET', '/v1/ai/nothing', { unchecked: true });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not Found: GET /api/v1/ai/nothing', status: 404 });
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const res = await call(emu, 'DELETE', '/v1/ai/jobs', { unchecked: true });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
