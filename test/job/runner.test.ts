import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runJob, type RunJobOptions, type RunnerEvent } from '../../src/job/runner.js';
import { OmniApiError } from '../../src/omni/errors.js';
import { FakeOmni, type FakeJobPlan } from '../support/fake-omni.js';
import { SimClock } from '../support/sim-clock.js';

const request = { prompt: 'top 5 products by revenue', modelId: '11111111-1111-4111-8111-111111111111' };
let resultDir: string;

beforeEach(async () => {
  resultDir = await mkdtemp(join(tmpdir(), 'runner-'));
});

function setup(plan: FakeJobPlan, overrides: Partial<RunJobOptions> = {}) {
  const clock = new SimClock();
  const api = new FakeOmni(clock, () => plan);
  const events: RunnerEvent[] = [];
  const options: RunJobOptions = {
    api,
    request,
    clock,
    timeoutMs: 600_000,
    resultDir,
    onEvent: (event) => events.push(event),
    ...overrides,
  };
  return { clock, api, events, run: () => clock.run(runJob({ ...options, clock, api })) };
}

const completesAt = (ms: number): FakeJobPlan => ({
  timeline: [
    { at: 1_000, state: 'EXECUTING' },
    { at: ms - 500, state: 'DELIVERING' },
    { at: ms, state: 'COMPLETE' },
  ],
  result: {
    message: 'Top products',
    resultSummary: 'Top products',
    actions: [
      {
        type: 'generate_query',
        message: 'query',
        timestamp: '2025-01-01T00:00:00Z',
        result: { queryName: 'Top', status: 'success', query: { fields: ['products.name'] }, csvResult: 'Name,Revenue\nA,"1,000"', csvResultWasTruncated: false, hasResults: true, totalRowCount: 1 },
      },
    ],
  },
});

describe('runJob', () => {
  it('notices completion within one poll interval and fetches the result once', async () => {
    const { api, clock, run } = setup(completesAt(20_000));
    const outcome = await run();
    expect(outcome.state).toBe('COMPLETE');
    const terminalSeenAt = api.calls.find((call) => call.method === 'downloadResult')!.at;
    expect(terminalSeenAt - 20_000).toBeLessThanOrEqual(2_200);
    expect(api.count('createJob')).toBe(1);
    expect(api.count('downloadResult')).toBe(1);
    expect(clock.now()).toBeLessThan(22_300);
    if (outcome.state !== 'COMPLETE') throw new Error('unreachable');
    expect(outcome.result?.queries[0]).toMatchObject({ name: 'Top', fields: ['products.name'], totalRowCount: 1 });
    expect(outcome.resultFile).toContain(outcome.jobId);
  });

  it('polls within Omni guidance: never more often than every 2 s, at most 30 per minute', async () => {
    const { api, run } = setup(completesAt(120_000));
    await run();
    const polls = api.calls.filter((call) => call.method === 'getJob').map((call) => call.at);
    for (let i = 1; i < polls.length; i++) expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(2_000);
    expect(polls.length / 2).toBeLessThanOrEqual(30);
  });

  it('reports FAILED with Omni error message and code', async () => {
    const { run } = setup({ timeline: [{ at: 3_000, state: 'FAILED' }], error: { message: 'Column not found', code: 'QUERY_EXECUTION_ERROR' } });
    const outcome = await run();
    expect(outcome).toMatchObject({ state: 'FAILED', error: { message: 'Column not found', code: 'QUERY_EXECUTION_ERROR' } });
  });

  it('reports CANCELLED by Omni when someone cancels the job there', async () => {
    const { run } = setup({ timeline: [{ at: 3_000, state: 'CANCELLED' }] });
    expect(await run()).toMatchObject({ state: 'CANCELLED', cancelledBy: 'omni' });
  });

  it('times out: cancels the job, confirms it and reports TIMEOUT', async () => {
    const { api, clock, run } = setup({ timeline: [{ at: 1_000, state: 'EXECUTING' }] }, { timeoutMs: 30_000 });
    const outcome = await run();
    expect(outcome).toMatchObject({ state: 'TIMEOUT', timeoutSeconds: 30, lastState: 'EXECUTING', cancelConfirmed: true });
    expect(api.count('cancelJob')).toBe(1);
    expect(clock.now()).toBeLessThan(33_000);
  });

  it('times out without confirmation when Omni ignores the cancel', async () => {
    const { run } = setup({ timeline: [{ at: 1_000, state: 'EXECUTING' }], cancel: 'ignored' }, { timeoutMs: 10_000 });
    expect(await run()).toMatchObject({ state: 'TIMEOUT', cancelConfirmed: false });
  });

  it('on workflow cancellation cancels the Omni job and reports CANCELLED by the workflow', async () => {
    const controller = new AbortController();
    const { api, clock, run } = setup({ timeline: [{ at: 1_000, state: 'EXECUTING' }] }, { signal: controller.signal });
    const running = run();
    await clock.advance(7_000);
    controller.abort(new Error('SIGINT'));
    const outcome = await running;
    expect(outcome).toMatchObject({ state: 'CANCELLED', cancelledBy: 'workflow' });
    expect(api.count('cancelJob')).toBe(1);
    expect(api.stateOf(outcome.jobId)).toBe('CANCELLED');
  });

  it('a job that vanishes mid-wait ends FAILED with JOB_NOT_FOUND and is not cancelled', async () => {
    const { api, run } = setup(completesAt(60_000));
    const getJob = api.getJob.bind(api);
    let polls = 0;
    api.getJob = async (jobId, options) => {
      if (++polls === 3) throw new OmniApiError('gone', 'getJob', 404);
      return getJob(jobId, options);
    };
    expect(await run()).toMatchObject({ state: 'FAILED', error: { code: 'JOB_NOT_FOUND' } });
    expect(api.count('cancelJob')).toBe(0);
  });

  it('logs a status event as changed only when state or progress changes', async () => {
    const { events, run } = setup({
      timeline: [
        { at: 100, state: 'EXECUTING' },
        { at: 9_000, state: 'DELIVERING' },
        { at: 14_000, state: 'COMPLETE' },
      ],
    });
    await run();
    const statuses = events.filter((event) => event.kind === 'status');
    const changes = statuses.filter((event) => event.changed).map((event) => event.status.state);
    expect(changes).toEqual(['EXECUTING', 'DELIVERING', 'COMPLETE']);
    expect(statuses.length).toBeGreaterThan(changes.length);
    expect(events[0]!.kind).toBe('created');
    expect(events.at(-1)!.kind).toBe('finished');
  });
});
