/**
 * Every kind of answer the emulator gives, checked against Omni's published schemas directly
 * (the other tests check each JSON answer through helpers.call as well).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResponse, validateSchema } from '../support/openapi.js';
import { Ids } from './fixtures.js';
import { waitFor, waitForState } from './helpers.js';
import { startEmulator, type Emulator, type JobScript, type JobState } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());

async function raw(method: string, path: string, body?: unknown, key: string | null = 'org') {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key === 'org' ? emu.keys.org : key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.apiBase}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function jobIn(state: JobState, script: JobScript, prompt = 'revenue by category'): Promise<string> {
  emu.script(script);
  const created = await raw('POST', '/v1/ai/jobs', { modelId: Ids.modelId, prompt });
  expect(validateResponse('POST', '/api/v1/ai/jobs', created.status, created.body)).toEqual([]);
  const jobId = created.body.jobId as string;
  await waitForState(emu, jobId, state);
  return jobId;
}

describe('every status document validates as AiJobStatusResponse', () => {
  it.each<[string, JobState, JobScript, string?]>([
    ['QUEUED', 'QUEUED', { stuckIn: 'QUEUED' }],
    ['EXECUTING with progress', 'EXECUTING', { stuckIn: 'EXECUTING' }],
    ['DELIVERING', 'DELIVERING', { stuckIn: 'DELIVERING' }],
    ['COMPLETE', 'COMPLETE', {}],
    ['FAILED (scripted)', 'FAILED', { fail: { message: 'boom', code: 'X' } }],
    ['FAILED (unmappable prompt)', 'FAILED', {}, 'tell me a joke'],
  ])('%s', async (_name, state, script, prompt) => {
    const jobId = await jobIn(state, script, prompt);
    if (state === 'EXECUTING') await waitFor(() => emu.job(jobId)?.progress, 'progress');
    const res = await raw('GET', `/v1/ai/jobs/${jobId}`);
    expect(res.body.state).toBe(state);
    expect(validateSchema('AiJobStatusResponse', res.body)).toEqual([]);
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}', 200, res.body)).toEqual([]);
  });

  it('CANCELLED, and the cancel answers', async () => {
    const jobId = await jobIn('QUEUED', { stuckIn: 'QUEUED' });
    const cancel = await raw('POST', `/v1/ai/jobs/${jobId}/cancel`);
    expect(validateResponse('POST', '/api/v1/ai/jobs/{jobId}/cancel', 200, cancel.body)).toEqual([]);
    expect(validateSchema('AiJobStatusResponse', (await raw('GET', `/v1/ai/jobs/${jobId}`)).body)).toEqual([]);
    const delivering = await jobIn('DELIVERING', { stuckIn: 'DELIVERING' });
    const refused = await raw('POST', `/v1/ai/jobs/${delivering}/cancel`);
    expect(refused.body.state).toBe('DELIVERING');
    expect(validateSchema('AiJobCancelResponse', refused.body)).toEqual([]);
  });
});

describe('every route’s answers validate', () => {
  it('result, models, topics (success)', async () => {
    const jobId = await jobIn('COMPLETE', {});
    const result = await raw('GET', `/v1/ai/jobs/${jobId}/result`);
    expect(validateSchema('AiJobResultResponse', result.body)).toEqual([]);
    const action = (result.body.actions as Record<string, unknown>[])[0]!;
    expect(validateSchema('AiJobAction', action)).toEqual([]);
    expect(validateSchema('AiJobActionQueryResult', action.result)).toEqual([]);
    const models = await raw('GET', '/v1/models?include=activeBranches&includeDeleted=1');
    expect(validateSchema('ModelsListResponse', models.body)).toEqual([]);
    const topics = await raw('GET', `/v1/models/${Ids.modelId}/topic?branch_id=${Ids.branchId}`);
    expect(validateSchema('ModelsListTopicsResponse', topics.body)).toEqual([]);
  });

  it.each([
    ['POST', '/v1/ai/jobs', 400, { prompt: '' }],
    ['POST', '/v1/ai/jobs', 401, { modelId: Ids.modelId, prompt: 'x' }, null],
    ['POST', '/v1/ai/jobs?userId=' + Ids.otherUserId, 403, { modelId: Ids.modelId, prompt: 'x' }, 'personal'],
    ['POST', '/v1/ai/jobs', 404, { modelId: Ids.otherBranchId, prompt: 'x' }],
    ['GET', '/v1/ai/jobs/x', 400],
    ['GET', '/v1/ai/jobs/00000000-0000-4000-8000-000000000000', 404],
    ['POST', '/v1/ai/jobs/00000000-0000-4000-8000-000000000000/cancel', 404],
    ['GET', '/v1/ai/jobs/00000000-0000-4000-8000-000000000000/result', 404],
    ['GET', '/v1/models?pageSize=-1', 400],
    ['GET', '/v1/models', 401, undefined, 'bogus'],
    ['GET', `/v1/models/${Ids.modelId}/topic?branch_id=${Ids.otherBranchId}`, 404],
  ] as const)('%s %s → %i', async (method, path, status, body?: unknown, key?: string | null) => {
    const res = await raw(method, path, body, key === 'personal' ? emu.keys.personal : key === undefined ? 'org' : key);
    expect(res.status).toBe(status);
    expect(validateResponse(method, `/api${path}`, status, res.body)).toEqual([]);
  });

  it('409 and 429 answers', async () => {
    const jobId = await jobIn('QUEUED', { stuckIn: 'QUEUED' });
    const conversationId = emu.job(jobId)!.conversationId;
    const clash = await raw('POST', '/v1/ai/jobs', { modelId: Ids.modelId, prompt: 'x', conversationId });
    expect(clash.status).toBe(409);
    expect(validateResponse('POST', '/api/v1/ai/jobs', 409, clash.body)).toEqual([]);
    emu.inject('getJob', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    const limited = await raw('GET', `/v1/ai/jobs/${jobId}`);
    expect(limited.status).toBe(429);
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}', 429, limited.body)).toEqual([]);
  });
});
