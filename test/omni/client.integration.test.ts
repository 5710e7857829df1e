import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { runJob } from '../../src/job/runner.js';
import { OmniClient } from '../../src/omni/client.js';
import { OmniApiError } from '../../src/omni/errors.js';
import { RequestBudget } from '../../src/omni/request-budget.js';
import { startEmulator, type Emulator, type EmulatorServer } from '../emulator/index.js';
import { validateRequestBody, validateResponse } from '../support/openapi.js';

let emulator: Emulator & EmulatorServer;
const FastRetries = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

function client(apiKey: string = emulator.keys.org, perMinute = 600): OmniClient {
  return new OmniClient({
    apiBase: emulator.apiBase,
    apiKey,
    clock: systemClock,
    budget: new RequestBudget(perMinute, systemClock),
    retryPolicy: FastRetries,
    requestTimeoutMs: 2_000,
  });
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}

/** Every job creation the client sent validates against Omni's request schema. */
function expectCreateBodiesValid() {
  const creates = emulator.requestsTo('createJob');
  expect(creates.length).toBeGreaterThan(0);
  for (const request of creates) expect(validateRequestBody('post', '/api/v1/ai/jobs', request.body)).toEqual([]);
}

describe('OmniClient against the emulator', () => {
  it('creates, polls, downloads and cancels with schema-valid requests and responses', async () => {
    const api = client();
    const created = await api.createJob({ modelId: emulator.ids.modelId, prompt: 'top 3 categories by revenue', topicName: 'order_items' });
    expect(validateResponse('post', '/api/v1/ai/jobs', 201, created)).toEqual([]);
    const status = await until(async () => {
      const current = await api.getJob(created.jobId);
      expect(validateResponse('get', '/api/v1/ai/jobs/{jobId}', 200, current)).toEqual([]);
      return current.state === 'COMPLETE' ? current : undefined;
    });
    expect(status.resultSummary).toContain('Categories');
    const dir = await mkdtemp(join(tmpdir(), 'client-'));
    const { bytes } = await api.downloadResult(created.jobId, join(dir, 'result.json'));
    const document = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
    expect(bytes).toBeGreaterThan(100);
    expect(validateResponse('get', '/api/v1/ai/jobs/{jobId}/result', 200, document)).toEqual([]);
    const cancel = await api.cancelJob(created.jobId);
    expect(cancel).toEqual({ jobId: created.jobId, state: 'COMPLETE' });
    expect(validateResponse('post', '/api/v1/ai/jobs/{jobId}/cancel', 200, cancel)).toEqual([]);
    const models = await api.listModels({ modelKind: 'BRANCH', baseModelId: emulator.ids.modelId, name: emulator.ids.branchName });
    expect(validateResponse('get', '/api/v1/models', 200, models)).toEqual([]);
    expect(models.records.map((record) => record.name)).toContain(emulator.ids.branchName);
    expectCreateBodiesValid();
    for (const request of emulator.requests) expect(request.headers.authorization).toBe(`Bearer ${emulator.keys.org}`);
  });

  it('sends no empty optional fields and passes userId as a query parameter', async () => {
    await client().createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' }, { userId: emulator.ids.userId });
    const [create] = emulator.requestsTo('createJob');
    expect(create!.body).toEqual({ modelId: emulator.ids.modelId, prompt: 'total revenue' });
    expect(create!.query).toEqual({ userId: emulator.ids.userId });
  });

  it.each<[string, () => Promise<unknown>, RegExp]>([
    ['a rejected key', () => client('omni_nope').getJob('00000000-0000-4000-8000-000000000000'), /rejected the API key \(401\)/],
    [
      'userId with a personal token',
      () => client(emulator.keys.personal).createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' }, { userId: emulator.ids.otherUserId }),
      /403.*userId only works with an organization API key/,
    ],
    ['an unknown model', () => client().createJob({ modelId: '00000000-0000-4000-8000-000000000001', prompt: 'total revenue' }), /could not find.*modelId 00000000-0000-4000-8000-000000000001/],
    [
      'a branch of another model',
      () => client().createJob({ modelId: emulator.ids.modelId, branchId: emulator.ids.otherBranchId, prompt: 'total revenue' }),
      /404.*branchId/,
    ],
    ['an unknown topic', () => client().createJob({ modelId: emulator.ids.modelId, topicName: 'nope', prompt: 'total revenue' }), /404.*topicName 'nope'/],
  ])('turns %s into a clear message', async (_name, call, message) => {
    const error = await call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OmniApiError);
    expect((error as Error).message).toMatch(message);
  });

  it('explains a second job on a busy conversation (409)', async () => {
    const api = client();
    emulator.script({ stuckIn: 'EXECUTING' });
    const first = await api.createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' });
    await expect(api.createJob({ modelId: emulator.ids.modelId, prompt: 'total orders', conversationId: first.conversationId })).rejects.toThrow(
      /409.*already has an active job/,
    );
  });

  it('retries status reads on 503 and 429 with Retry-After, then succeeds', async () => {
    const api = client();
    const created = await api.createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' });
    emulator.inject('getJob', { kind: 'status', status: 503 }, 2);
    emulator.inject('getJob', { kind: 'status', status: 429, retryAfterSeconds: 1 }, 1);
    const started = Date.now();
    const status = await api.getJob(created.jobId);
    expect(status.id).toBe(created.jobId);
    expect(emulator.requestsTo('getJob')).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('never repeats a job creation that may have reached Omni, but does after a 429', async () => {
    const api = client();
    emulator.inject('createJob', { kind: 'status', status: 502 }, 1);
    await expect(api.createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' })).rejects.toThrow(/server error \(502\)/);
    expect(emulator.requestsTo('createJob')).toHaveLength(1);

    emulator.inject('createJob', { kind: 'drop', afterProcessing: true }, 1);
    await expect(api.createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' })).rejects.toThrow(/not retried, so that the job is not created twice/);
    expect(emulator.requestsTo('createJob')).toHaveLength(2);

    emulator.inject('createJob', { kind: 'status', status: 429 }, 1);
    await api.createJob({ modelId: emulator.ids.modelId, prompt: 'total revenue' });
    expect(emulator.requestsTo('createJob')).toHaveLength(4);
  });

  it('runJob end to end over loopback: a FAILED job carries the emulator error code', async () => {
    const outcome = await runJob({
      api: client(),
      request: { modelId: emulator.ids.modelId, prompt: 'what is the meaning of life' },
      clock: systemClock,
      timeoutMs: 10_000,
      pollDelayMs: () => 20,
      resultDir: await mkdtemp(join(tmpdir(), 'runner-')),
    });
    expect(outcome.state).toBe('FAILED');
    if (outcome.state === 'FAILED') expect(outcome.error.code).toBe('QUERY_GENERATION_ERROR');
  });
});
