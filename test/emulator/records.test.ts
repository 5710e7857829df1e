import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, createJob, waitForState } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('request record', () => {
  it('records method, path, query, headers, parsed body, key, route, status and times, in order', async () => {
    const wallBefore = Date.now();
    const { jobId } = await createJob(emu, { prompt: 'total revenue', topicName: 'order_items' }, {
      query: { userId: emu.ids.otherUserId },
      headers: { 'user-agent': 'omni-ai-job-test' },
    });
    await call(emu, 'GET', `/v1/ai/jobs/${jobId}`, { key: 'personal' });
    await call(emu, 'GET', '/v1/models', { key: null, query: { modelKind: 'BRANCH', name: 'feature/x' } });

    expect(emu.requests.map((r) => [r.seq, r.method, r.path, r.route, r.status, r.key])).toEqual([
      [1, 'POST', '/api/v1/ai/jobs', 'createJob', 201, 'org'],
      [2, 'GET', `/api/v1/ai/jobs/${jobId}`, 'getJob', 200, 'personal'],
      [3, 'GET', '/api/v1/models', 'listModels', 401, 'none'],
    ]);
    const [create, , models] = emu.requests;
    expect(create!.query).toEqual({ userId: emu.ids.otherUserId });
    expect(create!.body).toEqual({ modelId: emu.ids.modelId, prompt: 'total revenue', topicName: 'order_items' });
    expect(JSON.parse(create!.rawBody)).toEqual(create!.body);
    expect(create!.headers.authorization).toBe(`Bearer ${emu.keys.org}`);
    expect(create!.headers['content-type']).toBe('application/json');
    expect(create!.headers['user-agent']).toBe('omni-ai-job-test');
    expect(models!.query).toEqual({ modelKind: 'BRANCH', name: 'feature/x' });
    expect(models!.body).toBeUndefined();
    expect(create!.wallAt).toBeGreaterThanOrEqual(wallBefore);
    for (let i = 1; i < emu.requests.length; i++) {
      expect(emu.requests[i]!.at).toBeGreaterThanOrEqual(emu.requests[i - 1]!.at);
      expect(emu.requests[i]!.respondedAt!).toBeGreaterThanOrEqual(emu.requests[i]!.at);
    }
    expect(emu.requestsTo('getJob')).toHaveLength(1);
  });

  it('keeps a body that is not JSON as text', async () => {
    await call(emu, 'POST', '/v1/ai/jobs', { rawBody: 'prompt=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(emu.requests[0]).toMatchObject({ body: 'prompt=hi', rawBody: 'prompt=hi', status: 400 });
  });

  it('records unknown tokens and unknown routes', async () => {
    await call(emu, 'GET', '/v1/models', { key: 'nope' });
    await call(emu, 'GET', '/v1/ai/conversations', { unchecked: true });
    expect(emu.requests.map((r) => [r.key, r.route, r.status])).toEqual([
      ['unknown', 'listModels', 401],
      ['org', null, 404],
    ]);
  });

  it('lists jobs and forgets everything on reset()', async () => {
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'COMPLETE');
    expect(emu.jobs().map((j) => j.id)).toEqual([jobId]);
    const snapshot = emu.job(jobId)!;
    snapshot.stateHistory.length = 0;
    expect(emu.job(jobId)!.stateHistory).toHaveLength(4);
    emu.reset();
    expect(emu.jobs()).toEqual([]);
    expect(emu.requests).toEqual([]);
    expect(emu.job(jobId)).toBeUndefined();
    expect((await call(emu, 'GET', `/v1/ai/jobs/${jobId}`)).status).toBe(404);
  });

  it('is exposed with url, apiBase, keys and ids', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apiBase).toBe(`${emu.url}/api`);
    expect(emu.keys.org).not.toBe(emu.keys.personal);
    expect(emu.ids).toMatchObject({ branchName: 'feature/net-revenue', topics: ['order_items', 'customers'] });
  });
});
