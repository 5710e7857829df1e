/**
 * Routines as code through dist/index.js as the runner starts it, against the Omni emulator and
 * the GitHub stand-in: a plan on a pull request (previews, one comment, no write), applies on
 * push that converge, a create whose connection drops after Omni stored it, and the refusals.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDescription } from '../../src/routines/marker.js';
import { withServices, type Services } from '../hardening/support/e2e.js';
import { runStep, type GithubEvent, type RunnerWorkspace } from './harness.js';
import { inputsFor, workspaceFor } from './setup.js';

// Each test has services of its own, so tests may run at once; these find the running test's.
const services = new AsyncLocalStorage<Services>();
const emulator = () => services.getStore()!.emulator;
const github = () => services.getStore()!.github;

/** Runs `test` with an emulator and a GitHub stand-in of its own. */
function scenario(test: () => Promise<void>): () => Promise<void> {
  return () => withServices((own) => services.run(own, test));
}

/** A dist/index.js run: starting Node and the bundle, a few loopback requests, previews of a few seconds. */
const RunBudgetMs = 60_000;

const Routines = {
  weekly: `  - key: weekly-revenue
    name: Weekly revenue by region
    prompt: Total revenue by region
    schedule: "0 9 ? * MON *"
    topicName: order_items
    destination: { email: [lead@example.com] }`,
  daily: `  - key: daily-categories
    name: Daily revenue by category
    prompt: Total revenue by category
    schedule: "0 7 * * 1-5"
    destination: { slack: { channel: C0123456789 } }`,
  monthly: `  - key: monthly-products
    name: Top products
    prompt: Top 5 products by revenue
    schedule: "30 8 1 * ? *"
    branchName: feature/net-revenue
    destination: { email: [dana.lee@example.com] }`,
};

function fileText(...routines: string[]): string {
  return `version: 1\nstack: e2e-routines\ndefaults:\n  modelId: ${emulator().ids.modelId}\n  timezone: Europe/Berlin\nroutines:\n${routines.join('\n')}\n`;
}

/** One run of the step on `event` with `text` as the routines file (at `file`, or in the run's own directory). */
async function step(event: GithubEvent, text: string, given: Record<string, string> = {}, file?: string): Promise<{ run: Awaited<ReturnType<typeof runStep>>; workspace: RunnerWorkspace; file: string }> {
  const workspace = await workspaceFor(github(), event);
  file ??= join(workspace.dir, 'routines.yml');
  await writeFile(file, text);
  const run = await runStep(workspace, await inputsFor(emulator(), { routinesFile: file, ...given }));
  return { run, workspace, file };
}

const push: GithubEvent = { name: 'push' };
const pullRequest: GithubEvent = { name: 'pull_request', number: 7 };
const writes = () => emulator().requests.filter((r) => ['createRoutine', 'updateRoutine', 'deleteRoutine', 'triggerRoutine'].includes(r.route ?? ''));
const live = () => emulator().routines().filter((r) => !r.deletedAt);
const keyOf = (description: string | null) => readDescription(description).marker?.key;

describe('dist/index.js routines mode', () => {
  it('plans on a pull request: previews the new prompts, posts one comment, writes nothing to Omni', scenario(async () => {
    const { run, file } = await step(pullRequest, fileText(Routines.weekly, Routines.daily, Routines.monthly));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ created: '3', updated: '0', replaced: '0', deleted: '0', unchanged: '0', changes: '3' });
    expect(writes()).toEqual([]);
    expect(emulator().requestsTo('createJob')).toHaveLength(3);

    const comments = github().commentsOn(7, 'acme', 'models');
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain('Omni routines · plan');
    expect(body).toContain('**Preview** (the prompt asked once as an AI job');
    expect(body).toContain('Next runs:');
    expect(body).toContain('(written `0 7 * * 1-5`, converted');
    expect(run.summary).toContain('3 to create');

    const plan = JSON.parse(await readFile(run.outputs.planFile!, 'utf8'));
    expect(plan).toMatchObject({ mode: 'plan', stack: 'e2e-routines', counts: { create: 3, changes: 3 } });
    expect(plan.routines.map((r: { preview?: { state: string } }) => r.preview?.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);

    // Pushed again: the same comment is updated, not a second one.
    await step(pullRequest, fileText(Routines.weekly, Routines.daily, Routines.monthly), { preview: 'none' }, file);
    expect(github().commentsOn(7, 'acme', 'models')).toHaveLength(1);
  }), RunBudgetMs * 2);

  it('applies on push: creates, then updates, replaces and deletes with prune; a second apply sends no write', scenario(async () => {
    const first = await step(push, fileText(Routines.weekly, Routines.daily, Routines.monthly), { apply: 'true' });
    expect(first.run.exitCode).toBe(0);
    expect(first.run.outputs).toMatchObject({ created: '3', changes: '3' });
    expect(live().map((r) => keyOf(r.description)).sort()).toEqual(['daily-categories', 'monthly-products', 'weekly-revenue']);
    expect(emulator().requestsTo('createJob')).toHaveLength(0);

    const changed = fileText(
      Routines.weekly.replace('Total revenue by region', 'Total revenue by region and channel'),
      Routines.daily.replace('destination:', 'topicName: order_items\n    destination:'),
      `  - key: new-one\n    name: Orders\n    prompt: How many orders last week\n    schedule: "0 8 ? * FRI *"\n    destination: { email: [ops@example.com] }`,
    );
    const second = await step(push, changed, { apply: 'true', prune: 'true' });
    expect(second.run.stderr).toBe('');
    expect(second.run.exitCode).toBe(0);
    expect(second.run.outputs).toMatchObject({ created: '1', updated: '1', replaced: '1', deleted: '1', unchanged: '0', changes: '4' });
    expect(live().map((r) => keyOf(r.description)).sort()).toEqual(['daily-categories', 'new-one', 'weekly-revenue']);
    expect(live().find((r) => keyOf(r.description) === 'daily-categories')!.topicName).toBe('order_items');
    expect(second.run.summary).toContain('Omni routines · applied');
    expect(second.run.summary).toContain('1 created · 1 updated · 1 replaced · 1 deleted');

    const before = writes().length;
    const third = await step(push, changed, { apply: 'true', prune: 'true' });
    expect(third.run.exitCode).toBe(0);
    expect(third.run.outputs).toMatchObject({ created: '0', updated: '0', replaced: '0', deleted: '0', unchanged: '3', changes: '0' });
    expect(writes()).toHaveLength(before);
    expect(emulator().requestsTo('triggerRoutine')).toHaveLength(0);
  }), RunBudgetMs * 3);

  it('leaves exactly one routine per key when Omni stores a routine and then drops the connection', scenario(async () => {
    emulator().inject('createRoutine', { kind: 'drop', afterProcessing: true }, 2);
    const { run } = await step(push, fileText(Routines.weekly, Routines.daily, Routines.monthly), { apply: 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ created: '3' });
    expect(live().map((r) => keyOf(r.description)).sort()).toEqual(['daily-categories', 'monthly-products', 'weekly-revenue']);
    expect(emulator().requestsTo('createRoutine')).toHaveLength(3);
    expect(run.stdout).toMatch(/looking for it in Omni before trying again/);
  }), RunBudgetMs);

  it('refuses apply on a pull request before any request', scenario(async () => {
    const { run } = await step(pullRequest, fileText(Routines.weekly), { apply: 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::.*apply/);
    expect(emulator().requests).toHaveLength(0);
  }), RunBudgetMs);

  it('reports every problem of an invalid file with file:line:col before any request', scenario(async () => {
    const bad = fileText(Routines.weekly.replace('"0 9 ? * MON *"', '"*/10 * * * *"'), Routines.daily.replace('C0123456789', '"#general"'));
    const { run, workspace } = await step(push, bad, { apply: 'true' });
    expect(run.exitCode).toBe(1);
    const file = join(workspace.dir, 'routines.yml');
    expect(run.stdout).toContain(`::error file=${file},line=10,col=15::routines[0] (weekly-revenue).schedule`);
    expect(run.stdout).toMatch(/::error file=.*routines\.yml,line=17,col=\d+::.*slack\.channel '#general' is not a Slack channel id/);
    expect(run.stdout).toMatch(/::error::.*routines\.yml has 2 problems; the first: .*routines\.yml:10:15:/);
    expect(emulator().requests).toHaveLength(0);
  }), RunBudgetMs);

  it('stops on two routines with the same marker, saying which, and changes nothing', scenario(async () => {
    await step(push, fileText(Routines.weekly), { apply: 'true' });
    const weekly = live()[0]!;
    emulator().seedRoutine({ name: 'copy in Omni', prompt: 'p', description: weekly.description });
    const before = writes().length;
    const { run } = await step(push, fileText(Routines.weekly.replace('by region', 'by country')), { apply: 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::Routines .* all carry the marker of routine 'weekly-revenue' of stack e2e-routines/);
    expect(writes()).toHaveLength(before);
    expect(run.summary).toContain('all carry the marker');
  }), RunBudgetMs * 2);

  it("never touches routines that are not this stack's, even with prune and an empty file", scenario(async () => {
    const handMade = emulator().seedRoutine({ name: 'Hand made', prompt: 'Total revenue by region' });
    const { run } = await step(push, 'stack: e2e-routines\nroutines: []\n', { apply: 'true', prune: 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ deleted: '0', changes: '0' });
    expect(live().map((r) => r.id)).toEqual([handMade.id]);
  }), RunBudgetMs);
});
