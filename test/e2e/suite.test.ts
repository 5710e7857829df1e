import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator/index.js';
import { actionInputs, PollMs, runnerWorkspace, runStep, testBudget } from './harness.js';
import { GithubToken, withServices, type Services } from './setup.js';

const RequestsPerMinute = 240;

/**
 * Services of the test's own, with the key's limit enforced and equal to the step's budget: the
 * suite must never be refused for rate. (Higher than Omni's default 60/min only to keep this test
 * short; the scheduler's behaviour at 60/min is tested in simulated time.)
 */
function withLimitedServices<T>(test: (services: Services) => Promise<T>): Promise<T> {
  return withServices(test, { emulator: { rateLimit: { requestsPerMinute: RequestsPerMinute } } });
}

const suiteInputs = (emulator: Emulator, given: Record<string, string>) =>
  actionInputs({
    omniUrl: emulator.url,
    apiKey: emulator.keys.org,
    githubToken: GithubToken,
    promptsFile: 'examples/prompts.yml',
    requestsPerMinute: String(RequestsPerMinute),
    ...given,
  });

describe.concurrent('dist/index.js prompt suite', () => {
  it(
    'runs the example suite on the PR branch and the shared model: passes, shows what the branch changes, no 429',
    () =>
      withLimitedServices(async ({ emulator, github }) => {
        const workspace = await runnerWorkspace({ event: { name: 'pull_request', number: 11 }, githubApiUrl: github.apiUrl });
        const run = await runStep(workspace, await suiteInputs(emulator, { branchName: emulator.ids.branchName, compareTo: 'shared' }));
        expect(run.stderr).toBe('');
        expect(run.exitCode).toBe(0);
        expect(run.outputs).toMatchObject({ passed: '6', failed: '0' });
        expect(emulator.requests.filter((request) => request.status === 429)).toHaveLength(0);

        const creates = emulator.requestsTo('createJob');
        expect(creates).toHaveLength(12);
        expect(creates.filter((request) => (request.body as { branchId?: string }).branchId === emulator.ids.branchId)).toHaveLength(6);

        const junit = await readFile(run.outputs.reportFile!, 'utf8');
        expect(junit).toMatch(/<testsuite[^>]* tests="6"[^>]* failures="0"/);
        const report = JSON.parse(await readFile(join(workspace.env.RUNNER_TEMP!, 'omni-ai-job', 'suite-report.json'), 'utf8'));
        const topProducts = report.cases.find((c: { id: string }) => c.id === 'top-products');
        expect(topProducts.diff.data.status).toBe('changed');
        const orderCount = report.cases.find((c: { id: string }) => c.id === 'order-count');
        expect(orderCount.diff.data.status).toBe('same');

        const [comment] = github.commentsOn(11, 'acme', 'models');
        expect(comment!.body).toContain('top-products');
        expect(run.summary).toContain('revenue-by-region');
      }),
    testBudget(1, 6 * PollMs),
  );

  it(
    'two shards and a merge give one report with every case',
    () =>
      withLimitedServices(async ({ emulator, github }) => {
        const legs = await Promise.all(
          ['1/2', '2/2'].map(async (shard) => {
            const workspace = await runnerWorkspace({ event: { name: 'pull_request', number: 12 }, githubApiUrl: github.apiUrl });
            const run = await runStep(workspace, await suiteInputs(emulator, { shard }));
            return { workspace, run };
          }),
        );
        for (const { run } of legs) expect(run.exitCode).toBe(0);
        expect(Number(legs[0]!.run.outputs.passed) + Number(legs[1]!.run.outputs.passed)).toBe(6);
        expect(github.commentsOn(12, 'acme', 'models')).toHaveLength(0);

        const merge = await runnerWorkspace({ event: { name: 'pull_request', number: 12 }, githubApiUrl: github.apiUrl });
        const reports = legs.map(({ workspace }) => join(workspace.env.RUNNER_TEMP!, 'omni-ai-job', 'suite-report.json')).join('\n');
        const requestsBefore = emulator.requests.length;
        const merged = await runStep(merge, await actionInputs({ mode: 'merge', reports, githubToken: GithubToken }));
        expect(merged.stderr).toBe('');
        expect(merged.exitCode).toBe(0);
        expect(merged.outputs).toMatchObject({ passed: '6', failed: '0' });
        expect(emulator.requests.length).toBe(requestsBefore);
        expect(github.commentsOn(12, 'acme', 'models')).toHaveLength(1);
      }),
    testBudget(3, 2 * PollMs),
  );

  it(
    'a single prompt with compareTo: shared reports how the branch answer differs',
    () =>
      withLimitedServices(async ({ emulator, github }) => {
        const workspace = await runnerWorkspace({ event: { name: 'pull_request', number: 13 }, githubApiUrl: github.apiUrl });
        const run = await runStep(
          workspace,
          await suiteInputs(emulator, { promptsFile: '', prompt: 'total revenue', modelId: emulator.ids.modelId, branchName: emulator.ids.branchName, compareTo: 'shared' }),
        );
        expect(run.exitCode).toBe(0);
        expect(run.outputs).toMatchObject({ passed: '1', failed: '0' });
        expect(emulator.requestsTo('createJob')).toHaveLength(2);
        const [comment] = github.commentsOn(13, 'acme', 'models');
        expect(comment!.body).toMatch(/63,253\.48/);
        expect(comment!.body).toMatch(/51,573\.64/);
      }),
    testBudget(1, 2 * PollMs),
  );

  it(
    'a prompts file with mistakes fails with the file and line, before any request',
    () =>
      withLimitedServices(async ({ emulator, github }) => {
        const workspace = await runnerWorkspace({ event: { name: 'schedule' }, githubApiUrl: github.apiUrl });
        const file = join(workspace.dir, 'bad.yml');
        await (await import('node:fs/promises')).writeFile(file, `cases:\n  - id: a\n    prompt: total revenue\n    expect:\n      rowCount: -1\n`);
        const run = await runStep(workspace, await suiteInputs(emulator, { promptsFile: file, modelId: emulator.ids.modelId }));
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toMatch(/::error file=.*bad\.yml,line=5,col=\d+::.*rowCount/);
        expect(emulator.requests).toHaveLength(0);
      }),
    testBudget(1),
  );
});
