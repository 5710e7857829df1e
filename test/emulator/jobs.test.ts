import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type JobState } from './index.js';
import { call, createJob, waitFor, waitForState } from './helpers.js';

const alwaysPresent = [
  'id',
  'state',
  'prompt',
  'conversationId',
  'modelId',
  'branchId',
  'organizationId',
  'userId',
  'topicName',
  'omniChatUrl',
  'createdAt',
  'updatedAt',
].sort();

function keysBeyondBase(body: Record<string, unknown>): string[] {
  const keys = Object.keys(body);
  expect([...keys].filter((k) => alwaysPresent.includes(k)).sort()).toEqual(alwaysPresent);
  return keys.filter((k) => !alwaysPresent.includes(k)).sort();
}

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function status(jobId: string): Promise<Record<string, unknown>> {
  const res = await call(emu, 'GET', `/v1/ai/jobs/${jobId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('job lifecycle', () => {
  it('goes QUEUED → EXECUTING → DELIVERING → COMPLETE and records when', async () => {
    const { jobId, conversationId, omniChatUrl } = await createJob(emu, { prompt: 'top 5 products by revenue' });
    expect(omniChatUrl).toBe(`https://demo.omni.co/chat/${conversationId}`);
    const job = await waitForState(emu, jobId, 'COMPLETE');
    expect(job.stateHistory.map((s) => s.state)).toEqual(['QUEUED', 'EXECUTING', 'DELIVERING', 'COMPLETE']);
    for (let i = 1; i < job.stateHistory.length; i++) {
      const [prev, next] = [job.stateHistory[i - 1], job.stateHistory[i]];
      expect(next!.at).toBeGreaterThanOrEqual(prev!.at);
      expect(next!.wallAt).toBeGreaterThanOrEqual(prev!.wallAt);
    }
    const body = await status(jobId);
    expect(body).toMatchObject({
      id: jobId,
      state: 'COMPLETE',
      conversationId,
      modelId: emu.ids.modelId,
      branchId: null,
      topicName: null,
      organizationId: emu.ids.organizationId,
      userId: emu.ids.userId,
    });
    expect(keysBeyondBase(body)).toEqual(['completedAt', 'executionStartedAt', 'resultSummary']);
    expect(body.resultSummary).toMatch(/^### Top 5 Products by Total Revenue/);
    expect(Date.parse(body.completedAt as string)).toBeGreaterThanOrEqual(Date.parse(body.executionStartedAt as string));
    expect(body.updatedAt).toBe(body.completedAt);
  });

  it('shows exactly the 12 always-present keys while QUEUED, createdAt equal to updatedAt', async () => {
    emu.script({ stuckIn: 'QUEUED' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue', topicName: 'order_items' });
    const body = await status(jobId);
    expect(body.state).toBe('QUEUED');
    expect(keysBeyondBase(body)).toEqual([]);
    expect(body.createdAt).toBe(body.updatedAt);
    expect(body.topicName).toBe('order_items');
  });

  it('reports progress null before the first progress, then {iteration, message, updatedAt}, only while EXECUTING', async () => {
    emu.script({ stuckIn: 'EXECUTING', timings: { queuedMs: 0, iterationMs: 300 } });
    const { jobId } = await createJob(emu, { prompt: 'revenue by category' });
    await waitForState(emu, jobId, 'EXECUTING');
    const early = await status(jobId);
    expect(early.state).toBe('EXECUTING');
    expect(keysBeyondBase(early)).toEqual(['executionStartedAt', 'progress']);
    expect(early.progress).toBeNull();

    await waitFor(() => emu.job(jobId)?.progress, 'first progress');
    const later = await status(jobId);
    expect(later.progress).toEqual({
      iteration: 1,
      message: 'Searching topic order_items for fields: Category, Total Revenue',
      updatedAt: later.updatedAt,
    });
  });

  it('drops progress in DELIVERING', async () => {
    emu.script({ stuckIn: 'DELIVERING' });
    const { jobId } = await createJob(emu, { prompt: 'revenue by category' });
    await waitForState(emu, jobId, 'DELIVERING');
    expect(keysBeyondBase(await status(jobId))).toEqual(['executionStartedAt']);
  });

  it('ends FAILED with error and completedAt when scripted to fail', async () => {
    emu.script({ fail: { message: 'Warehouse timed out', code: 'QUERY_EXECUTION_ERROR', detail: 'after 300 s' } });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'FAILED');
    const body = await status(jobId);
    expect(keysBeyondBase(body)).toEqual(['completedAt', 'error', 'executionStartedAt']);
    expect(body.error).toEqual({ message: 'Warehouse timed out', code: 'QUERY_EXECUTION_ERROR', detail: 'after 300 s' });
    expect(emu.job(jobId)?.stateHistory.map((s) => s.state)).toEqual(['QUEUED', 'EXECUTING', 'FAILED']);
  });

  it('omits error.code when the script gives none', async () => {
    emu.script({ fail: { message: 'Something broke' } });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'FAILED');
    expect((await status(jobId)).error).toEqual({ message: 'Something broke' });
  });

  it('follows per-job timings from a script and setTimings for later jobs', async () => {
    emu.script({ timings: { queuedMs: 0, iterationMs: 0, iterations: 1, deliveringMs: 0 } });
    const fast = await createJob(emu, { prompt: 'total revenue' });
    const job = await waitForState(emu, fast.jobId, 'COMPLETE');
    expect(job.timings).toEqual({ queuedMs: 0, iterationMs: 0, iterations: 1, deliveringMs: 0 });

    emu.setTimings({ iterations: 4 });
    const next = await createJob(emu, { prompt: 'total revenue' });
    expect(emu.job(next.jobId)?.timings.iterations).toBe(4);
  });

  it('applies one script to the next `count` jobs only', async () => {
    emu.script({ stuckIn: 'QUEUED' }, 2);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createJob(emu, { prompt: 'total revenue' })).jobId);
    await waitForState(emu, ids[2]!, 'COMPLETE');
    expect(ids.map((id) => emu.job(id)?.state)).toEqual(['QUEUED', 'QUEUED', 'COMPLETE']);
  });

  it('answers 404 once a vanishing job is gone', async () => {
    emu.script({ vanishAfterMs: 30, stuckIn: 'EXECUTING' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    expect((await call(emu, 'GET', `/v1/ai/jobs/${jobId}`)).status).toBe(200);
    await waitFor(() => emu.job(jobId)?.vanished, 'the job to vanish');
    const gone = await call(emu, 'GET', `/v1/ai/jobs/${jobId}`);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toMatch(/^Job not found/);
    expect((await call(emu, 'POST', `/v1/ai/jobs/${jobId}/cancel`)).status).toBe(404);
  });

  it('answers 400 for a job id that is not a uuid and 404 for an unknown one', async () => {
    const bad = await call(emu, 'GET', '/v1/ai/jobs/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ detail: 'Bad Request: jobId: Invalid uuid', status: 400 });
    expect((await call(emu, 'GET', '/v1/ai/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call(emu, 'GET', '/v1/ai/jobs/not-a-uuid/result')).status).toBe(400);
    expect((await call(emu, 'POST', '/v1/ai/jobs/not-a-uuid/cancel')).status).toBe(400);
  });
});

describe('cancel', () => {
  async function cancel(jobId: string, key: 'org' | 'personal' = 'org') {
    return call<{ jobId: string; state: JobState }>(emu, 'POST', `/v1/ai/jobs/${jobId}/cancel`, { key });
  }

  it('cancels a QUEUED job immediately, with cancelledAt and cancelledBy and no executionStartedAt', async () => {
    emu.script({ stuckIn: 'QUEUED' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    const res = await cancel(jobId, 'personal');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jobId, state: 'CANCELLED' });
    const body = await status(jobId);
    expect(body.state).toBe('CANCELLED');
    expect(keysBeyondBase(body)).toEqual(['cancelledAt', 'cancelledBy']);
    expect(body.cancelledBy).toBe(emu.ids.userId);
  });

  it('lets an EXECUTING job finish its iteration: answers EXECUTING, then the job becomes CANCELLED', async () => {
    emu.script({ timings: { queuedMs: 0, iterationMs: 120, iterations: 3 } });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'EXECUTING');
    const res = await cancel(jobId);
    expect(res.body).toEqual({ jobId, state: 'EXECUTING' });
    expect((await status(jobId)).state).toBe('EXECUTING');
    expect(emu.job(jobId)?.cancelRequested).toBe(true);
    expect((await cancel(jobId)).body.state).toBe('EXECUTING');

    const job = await waitForState(emu, jobId, 'CANCELLED', 'COMPLETE');
    expect(job.stateHistory.map((s) => s.state)).toEqual(['QUEUED', 'EXECUTING', 'CANCELLED']);
    const body = await status(jobId);
    expect(keysBeyondBase(body)).toEqual(['cancelledAt', 'cancelledBy', 'executionStartedAt']);
  });

  it('does not cancel a DELIVERING job: answers DELIVERING and the job completes', async () => {
    emu.script({ timings: { deliveringMs: 150 } });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'DELIVERING');
    expect((await cancel(jobId)).body).toEqual({ jobId, state: 'DELIVERING' });
    const job = await waitForState(emu, jobId, 'COMPLETE', 'CANCELLED');
    expect(job.state).toBe('COMPLETE');
  });

  it.each(['COMPLETE', 'FAILED', 'CANCELLED'] as const)('is idempotent on a %s job', async (terminal) => {
    if (terminal === 'FAILED') emu.script({ fail: { message: 'boom' } });
    if (terminal === 'CANCELLED') emu.script({ stuckIn: 'QUEUED' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    if (terminal === 'CANCELLED') await cancel(jobId);
    await waitForState(emu, jobId, terminal);
    const before = await status(jobId);
    const again = await cancel(jobId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ jobId, state: terminal });
    expect(await status(jobId)).toEqual(before);
  });

  it('can be scripted to be ignored', async () => {
    emu.script({ stuckIn: 'QUEUED', cancelIgnored: true });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    expect((await cancel(jobId)).body).toEqual({ jobId, state: 'QUEUED' });
    expect((await status(jobId)).state).toBe('QUEUED');
  });

  it('cancels a job stuck EXECUTING at the end of its iteration', async () => {
    emu.script({ stuckIn: 'EXECUTING' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'EXECUTING');
    await cancel(jobId);
    await waitForState(emu, jobId, 'CANCELLED');
  });

  it('refuses a personal token cancelling another member’s job (403)', async () => {
    emu.script({ stuckIn: 'QUEUED' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' }, { query: { userId: emu.ids.otherUserId } });
    const res = await cancel(jobId, 'personal');
    expect(res.status).toBe(403);
    expect(res.body.state).toBeUndefined();
    expect((await cancel(jobId, 'org')).body.state).toBe('CANCELLED');
  });
});

describe('result endpoint', () => {
  it.each(['QUEUED', 'EXECUTING', 'DELIVERING'] as const)('answers 404 while %s', async (state) => {
    emu.script({ stuckIn: state });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, state);
    const res = await call(emu, 'GET', `/v1/ai/jobs/${jobId}/result`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain(state);
  });

  it('answers 404 for FAILED and CANCELLED jobs', async () => {
    emu.script({ fail: { message: 'boom' } });
    const failed = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, failed.jobId, 'FAILED');
    expect((await call(emu, 'GET', `/v1/ai/jobs/${failed.jobId}/result`)).status).toBe(404);

    emu.script({ stuckIn: 'QUEUED' });
    const cancelled = await createJob(emu, { prompt: 'total revenue' });
    await call(emu, 'POST', `/v1/ai/jobs/${cancelled.jobId}/cancel`);
    expect((await call(emu, 'GET', `/v1/ai/jobs/${cancelled.jobId}/result`)).status).toBe(404);
  });
});
