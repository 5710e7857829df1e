import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateRequestBody } from '../support/openapi.js';
import { PollMs, runStep, testBudget } from './harness.js';
import { GithubToken, inputsFor, withServices, workspaceFor } from './setup.js';

// Each test has services of its own, so the tests of a group run at once.

describe.concurrent('dist/index.js on a pull request', () => {
  it(
    'asks the PR branch, reports in summary, outputs and one sticky comment updated in place',
    () =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'pull_request', number: 7 });
        const inputs = await inputsFor(emulator, { prompt: 'top 5 products by revenue', branchName: emulator.ids.branchName });

        const first = await runStep(workspace, inputs);
        expect(first.stderr).toBe('');
        expect(first.exitCode).toBe(0);
        expect(first.outputs.state).toBe('COMPLETE');
        expect(first.outputs.jobId).toMatch(/^[0-9a-f-]{36}$/);
        expect(first.outputs.resultSummary).toContain('Top 5 Products');
        expect(first.outputs.omniChatUrl).toContain(first.outputs.conversationId);
        const result = JSON.parse(await readFile(first.outputs.resultFile!, 'utf8'));
        expect(result.actions.some((action: { type: string }) => action.type === 'generate_query')).toBe(true);

        const creates = emulator.requestsTo('createJob');
        expect(creates).toHaveLength(1);
        expect(creates[0]!.body).toEqual({ modelId: emulator.ids.modelId, prompt: 'top 5 products by revenue', branchId: emulator.ids.branchId });
        expect(validateRequestBody('post', '/api/v1/ai/jobs', creates[0]!.body)).toEqual([]);

        expect(first.summary).toContain('top 5 products by revenue');
        expect(first.summary).toContain(emulator.ids.branchName);
        expect(first.summary).toMatch(/\| Product \| Total Revenue \|/);

        const comments = github.commentsOn(7, 'acme', 'models');
        expect(comments).toHaveLength(1);
        expect(comments[0]!.body.split('\n')[0]).toMatch(/^<!-- omni-ai-job:.+ -->$/);
        expect(first.outputs.commentUrl).toBe(comments[0]!.html_url);
        expect(github.requests.every((request) => request.headers.authorization === `token ${GithubToken}`)).toBe(true);

        const second = await runStep(workspace, inputs);
        expect(second.exitCode).toBe(0);
        const after = github.commentsOn(7, 'acme', 'models');
        expect(after).toHaveLength(1);
        expect(after[0]!.id).toBe(comments[0]!.id);
        expect(after[0]!.body).toContain(second.outputs.jobId);
      }),
    testBudget(2, 2 * PollMs),
  );

  it(
    'a fork PR without write permission gets a warning with the fix, and the step keeps the job result',
    () =>
      withServices(async ({ emulator, github }) => {
        github.inject({ kind: 'forbidden', times: Infinity });
        const workspace = await workspaceFor(github, { name: 'pull_request', number: 9, fork: true });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'total revenue' }));
        expect(run.exitCode).toBe(0);
        expect(run.outputs.state).toBe('COMPLETE');
        expect(run.stdout).toMatch(/::warning::.*pull-requests: write/);
        expect(run.outputs.commentUrl).toBe('');
      }),
    testBudget(1, PollMs),
  );
});

describe.concurrent('dist/index.js without a pull request', () => {
  it(
    'on a schedule writes the summary and outputs and makes no GitHub call',
    () =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'schedule' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'revenue by region' }));
        expect(run.exitCode).toBe(0);
        expect(run.outputs.state).toBe('COMPLETE');
        expect(run.summary).toContain('revenue by region');
        expect(github.requests).toHaveLength(0);
      }),
    testBudget(1, PollMs),
  );

  it(
    'reports a FAILED job with Omni error message, and fails the step',
    () =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'workflow_dispatch' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'what is the meaning of life' }));
        expect(run.exitCode).toBe(1);
        expect(run.outputs.state).toBe('FAILED');
        const job = emulator.jobs()[0]!;
        expect(run.stdout).toContain(`::error::Omni job ${job.id} failed: `);
        expect(run.summary).toContain(job.error!.message.slice(0, 40));
      }),
    testBudget(1, PollMs),
  );

  it(
    'with failOn empty, a FAILED job does not fail the step',
    () =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'workflow_dispatch' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'what is the meaning of life', failOn: '' }));
        expect(run.exitCode).toBe(0);
        expect(run.outputs.state).toBe('FAILED');
      }),
    testBudget(1, PollMs),
  );
});

describe.concurrent('dist/index.js with bad input', () => {
  it.each([
    [{ modelId: 'sales' }, /^::error::Input 'modelId' must be a UUID/m],
    [{ omniUrl: 'http://acme.omniapp.co' }, /^::error::Input 'omniUrl' must use https:\/\//m],
    [{ timeoutSeconds: 'soon' }, /^::error::Input 'timeoutSeconds' must be a whole number/m],
    [{ webhookMetadata: '{', webhookUrl: 'https://hooks.example.com', webhookSigningSecret: 'shh' }, /^::error::Input 'webhookMetadata' is not valid JSON/m],
  ])(
    '%o fails in one line naming the input, before any request',
    (given, message) =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'schedule' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'total revenue', ...given }));
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toMatch(message);
        expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toHaveLength(1);
        expect(emulator.requests).toHaveLength(0);
        expect(run.stdout).not.toContain('    at ');
      }),
    testBudget(1),
  );

  it(
    'a rejected API key fails with a clear message and no job',
    () =>
      withServices(async ({ emulator, github }) => {
        const workspace = await workspaceFor(github, { name: 'schedule' });
        const run = await runStep(workspace, await inputsFor(emulator, { prompt: 'total revenue', apiKey: 'omni_wrong_key' }));
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toMatch(/::error::Omni rejected the API key \(401\)/);
        // The runner turns ::add-mask:: into masking; nothing else may carry the key.
        expect(run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')).not.toContain('omni_wrong_key');
        expect(emulator.jobs()).toHaveLength(0);
      }),
    testBudget(1),
  );
});
