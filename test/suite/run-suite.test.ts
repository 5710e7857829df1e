import { describe, expect, it } from 'vitest';
import type { JobRequest, Outcome } from '../../src/job/outcome.js';
import { suiteFailed } from '../../src/suite/report.js';
import { complete, failed, query, timedOut } from './support/outcomes.js';
import { Branch, branchRecord, Model, modelsOnlyApi, runStubSuite } from './support/suite-run.js';

const Suite = `
modelId: ${Model}
topicName: order_items
cases:
  - id: revenue
    prompt: top products by revenue
    expect:
      rowCount: 3
  - id: count
    prompt: how many orders
    topicName: orders
    expect:
      contains: orders
`;

const answers = (request: JobRequest): Outcome =>
  request.prompt.startsWith('how many')
    ? complete('There were 320 orders.', [query({ name: 'Count', csvHead: 'Order Count\n320', totalRowCount: 1, fields: ['orders.count'] })])
    : complete(request.branchId ? 'Sunglasses — $1,100' : 'Sunglasses — $1,234', [query({ csvHead: `Product,Total Revenue\nSunglasses,${request.branchId ? '1100' : '1234'}` })]);

describe('runLoadedSuite', () => {
  it('runs every case on the branch, checks expectations, and reports', async () => {
    const { report, requests } = await runStubSuite(Suite, answers, { branchName: 'feature/net-revenue' });
    expect(requests).toEqual([
      { prompt: 'top products by revenue', modelId: Model, topicName: 'order_items', branchId: Branch, branchName: 'feature/net-revenue' },
      { prompt: 'how many orders', modelId: Model, topicName: 'orders', branchId: Branch, branchName: 'feature/net-revenue' },
    ]);
    expect(report.cases.map((c) => [c.id, c.status, c.line])).toEqual([
      ['revenue', 'passed', 5],
      ['count', 'passed', 9],
    ]);
    expect(report.totals).toEqual({ cases: 2, passed: 2, failed: 0, errors: 0, skipped: 0, changed: 0 });
    expect(report.target).toEqual({ modelId: Model, branchId: Branch, branchName: 'feature/net-revenue' });
    expect(report).toMatchObject({ kind: 'omni-ai-job/suite-report', version: 2, startedAt: '2025-03-01T10:00:00.000Z', requestsPerMinute: 60 });
    expect(report.workflowRun).toBeUndefined();
    expect(report.durationMs).toBe(10_000);
    expect(suiteFailed(report)).toBe(false);
  });

  it('with compareTo: shared, runs each case on the shared model too and reports what changed', async () => {
    const { report, requests } = await runStubSuite(Suite, answers, { branchId: Branch, compareTo: 'shared' });
    expect(requests.filter((r) => !r.branchId).map((r) => r.prompt)).toEqual(['top products by revenue', 'how many orders']);
    const [revenue, count] = report.cases;
    expect(revenue!.diff?.changed).toBe(true);
    expect(revenue!.diff?.summary).toBe('data: Sunglasses Total Revenue 1234 → 1100');
    expect(count!.diff?.changed).toBe(false);
    expect(report.totals.changed).toBe(1);
    expect(report.target.compareTo).toBe('shared');
  });

  it('does not count an answer with the same numbers in another order as a changed case', async () => {
    const reworded = (request: JobRequest): Outcome =>
      request.prompt.startsWith('how many')
        ? complete(request.branchId ? '320 orders for 2024.' : 'In 2024 there were 320 orders.', [query({ name: 'Count', csvHead: 'Order Count\n320', totalRowCount: 1, fields: ['orders.count'] })])
        : answers(request);
    const { report } = await runStubSuite(Suite, reworded, { branchId: Branch, compareTo: 'shared' });
    expect(report.cases[1]!.diff).toMatchObject({ changed: false, answer: { status: 'reworded' } });
    expect(report.totals.changed).toBe(1);
  });

  it('fails a case whose expectation fails, and the step with it', async () => {
    const { report } = await runStubSuite(Suite, (request) => (request.prompt.startsWith('how') ? complete('No data.') : answers(request)));
    expect(report.cases[1]!.status).toBe('failed');
    expect(report.totals).toMatchObject({ passed: 1, failed: 1 });
    expect(suiteFailed(report)).toBe(true);
  });

  it('judges a case without `state:` that did not complete by failOn, as a single prompt is', async () => {
    const tolerant = await runStubSuite(Suite, (request) => (request.prompt.startsWith('how') ? timedOut() : answers(request)), { failOn: new Set(['FAILED']) });
    expect(tolerant.report.cases[1]).toMatchObject({ status: 'skipped', note: 'ended TIMEOUT, which failOn does not list: not judged' });
    expect(suiteFailed(tolerant.report)).toBe(false);

    const strict = await runStubSuite(Suite, (request) => (request.prompt.startsWith('how') ? timedOut() : answers(request)));
    expect(strict.report.cases[1]!.status).toBe('failed');

    const stated = await runStubSuite(Suite.replace('      contains: orders', '      state: COMPLETE'), (r) => (r.prompt.startsWith('how') ? failed() : answers(r)), {
      failOn: new Set(),
    });
    expect(stated.report.cases[1]!.status).toBe('failed');
  });

  it('reports a job that could not be created as an error, and says why in the step log', async () => {
    const { report, lines } = await runStubSuite(Suite, (request) => {
      if (request.prompt.startsWith('how')) throw new Error("Omni could not find what the job names (404): topicName 'orders'");
      return answers(request);
    });
    expect(report.cases[1]).toMatchObject({ status: 'error', run: { kind: 'error', error: "Omni could not find what the job names (404): topicName 'orders'" } });
    expect(suiteFailed(report)).toBe(true);
    expect(lines).toContain("count: could not run: Omni could not find what the job names (404): topicName 'orders'");
  });

  it('says in the step log why each case that did not pass did not, and nothing of those that did', async () => {
    const failing = await runStubSuite(Suite, (request) => (request.prompt.startsWith('how') ? complete('No data.') : answers(request)));
    expect(failing.lines).toContain('count: failed: contains "orders": the answer does not contain "orders"');
    expect(failing.lines.filter((line) => line.startsWith('revenue:')).every((line) => line.startsWith('revenue: COMPLETE'))).toBe(true);

    const tolerant = await runStubSuite(Suite, (request) => (request.prompt.startsWith('how') ? timedOut() : answers(request)), { failOn: new Set(['FAILED']) });
    expect(tolerant.lines).toContain('count: ended TIMEOUT, which failOn does not list: not judged');

    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    const cancelled = await runStubSuite(Suite, answers, {}, undefined, { signal: controller.signal });
    expect(cancelled.report.cases.map((c) => c.run.kind)).toEqual(['skipped', 'skipped']);
    expect(cancelled.lines).toContain('revenue: not run: the workflow run was cancelled');
  });

  it('records the workflow run, so that merge can tell the legs of one run', async () => {
    const { report } = await runStubSuite(Suite, answers, {}, undefined, { workflowRun: { id: '123', attempt: 2 } });
    expect(report.workflowRun).toEqual({ id: '123', attempt: 2 });
  });

  it('runs only its own shard of the cases', async () => {
    const { report, requests } = await runStubSuite(Suite, answers, { shard: { index: 2, total: 2 } });
    expect(requests.map((r) => r.prompt)).toEqual(['how many orders']);
    expect(report.shard).toEqual({ index: 2, total: 2 });
    expect(report.suite.cases).toBe(2);
    expect(report.cases.map((c) => [c.id, c.shard])).toEqual([['count', 2]]);
  });

  it('sends the inputs, and the file defaults for what the inputs leave out', async () => {
    const otherModel = '9113b5f7-193b-45d7-b193-b5d7f7193b5d';
    const fileBranch = 'a224c608-2a4c-46e8-82a4-c6e8082a4c6e';
    const yaml = `branchId: ${fileBranch}\ncases:\n  - id: a\n    prompt: p\n`;
    const { requests } = await runStubSuite(yaml, () => complete(), { modelId: otherModel, topicName: 'from-input' });
    expect(requests[0]).toEqual({ prompt: 'p', modelId: otherModel, branchId: fileBranch, topicName: 'from-input' });
  });

  it('checks the settings that only make sense together before any request', async () => {
    const api = modelsOnlyApi();
    await expect(runStubSuite('cases: [{id: a, prompt: p}]', () => complete(), {}, api)).rejects.toThrow(
      'modelId: set the modelId input, or modelId at the top of prompts.yml',
    );
    await expect(runStubSuite(Suite, () => complete(), { compareTo: 'shared' }, api)).rejects.toThrow(
      "compareTo: 'shared' compares a branch with the shared model, but no branch is set (branchId or branchName, as an input or in prompts.yml)",
    );
    expect(api.listed).toEqual([]);
  });

  it('resolves branchName once, and fails the suite when no branch has it', async () => {
    const api = modelsOnlyApi([branchRecord('x', 'feature/other')]);
    await expect(runStubSuite(Suite, answers, { branchName: 'feature/net-revenue' }, api)).rejects.toThrow("has no branch named 'feature/net-revenue'");
    expect(api.listed).toHaveLength(1);
  });

  it('runs the cases of one conversation one after another, in file order', async () => {
    const conversation = '11111111-1111-4111-8111-111111111111';
    const yaml = `modelId: ${Model}\ncases:\n${['a', 'b', 'c']
      .map((id) => `  - id: ${id}\n    prompt: ${id}\n    conversationId: ${conversation}`)
      .join('\n')}\n  - id: d\n    prompt: d\n`;
    const { requests, spans } = await runStubSuite(yaml, () => complete());
    expect(requests.filter((r) => r.conversationId).map((r) => r.prompt)).toEqual(['a', 'b', 'c']);
    const chained = spans.filter((s) => s.prompt !== 'd').sort((x, y) => x.start - y.start);
    for (let i = 1; i < chained.length; i++) expect(chained[i]!.start).toBeGreaterThanOrEqual(chained[i - 1]!.end);
    // The case outside the conversation does not wait for it.
    expect(spans.find((s) => s.prompt === 'd')!.start).toBe(0);
  });
});
