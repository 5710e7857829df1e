/**
 * Routines mode and the client's routine endpoints against the Omni emulator over loopback: what
 * the action sends validates against Omni's schemas (the emulator refuses anything else), plans
 * write nothing, applies converge, and an unclear create is looked for before it is repeated.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { OmniClient } from '../../src/omni/client.js';
import { OmniApiError } from '../../src/omni/errors.js';
import { RequestBudget } from '../../src/omni/request-budget.js';
import { runRoutinesMode, type RoutinesModeSettings } from '../../src/modes/routines.js';
import { readDescription } from '../../src/routines/marker.js';
import { registerSecret } from '../../src/lib/secrets.js';
import { startEmulator, TestTimings, type Emulator, type EmulatorServer } from '../emulator/index.js';

let emulator: Emulator & EmulatorServer;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false, timings: TestTimings, routines: { maxActivePerUser: 5 } });
  dir = await mkdtemp(join(tmpdir(), 'routines-emulator-'));
  // Outputs go to a file, as on a runner, rather than as commands into the test's output.
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  await writeFile(process.env.GITHUB_OUTPUT, '');
});
afterAll(async () => {
  await emulator?.close();
  delete process.env.GITHUB_OUTPUT;
});
beforeEach(() => emulator.reset());

function client(): OmniClient {
  return new OmniClient({ apiBase: emulator.apiBase, apiKey: emulator.keys.org, clock: systemClock, budget: new RequestBudget(6_000, systemClock), retryPolicy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 100 } });
}

async function routinesFile(body: string): Promise<string> {
  const path = join(dir, `routines-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(path, `defaults:\n  modelId: ${emulator.ids.modelId}\n  timezone: Europe/Berlin\n  destination: { email: [lead@acme.com] }\nroutines:\n${body}`);
  return path;
}

const two = `  - { key: weekly, name: Weekly revenue, prompt: top 5 products by revenue, schedule: "0 9 ? * MON *" }
  - { key: daily, name: Daily orders, prompt: total revenue by category, schedule: "0 7 * * 1-5", branchName: feature/net-revenue }
`;

function settings(routinesFile: string, given: Partial<RoutinesModeSettings> = {}): RoutinesModeSettings {
  return {
    mode: 'routines',
    omniApiBase: emulator.apiBase,
    apiKey: emulator.keys.org,
    timeoutSeconds: 30,
    comment: false,
    commentKey: 'routines',
    summary: false,
    requestsPerMinute: 6_000,
    routinesFile,
    apply: false,
    prune: false,
    preview: 'none',
    ...given,
  };
}

async function run(file: string, given: Partial<RoutinesModeSettings> = {}) {
  const api = client();
  try {
    return await runRoutinesMode(settings(file, given), {
      api,
      clock: systemClock,
      budget: new RequestBudget(6_000, systemClock),
      signal: new AbortController().signal,
      place: { owner: 'acme', repo: 'models' },
      resultDir: join(dir, 'results'),
      env: { GITHUB_WORKSPACE: dir },
    });
  } finally {
    await api.close();
  }
}

const writes = () => emulator.requests.filter((r) => r.route === 'createRoutine' || r.route === 'updateRoutine' || r.route === 'deleteRoutine' || r.route === 'triggerRoutine');
const live = () => emulator.routines().filter((r) => !r.deletedAt);

describe('routines mode against the emulator', () => {
  it('plans with a preview and writes nothing; applies; a second apply sends no write', async () => {
    const file = await routinesFile(two);
    const plan = await run(file, { preview: 'changed' });
    expect(plan.plan.counts).toMatchObject({ create: 2, changes: 2 });
    expect(writes()).toEqual([]);
    expect(plan.plan.routines[0]!.preview).toMatchObject({ state: 'COMPLETE', answer: expect.any(String) });
    expect(plan.plan.routines[1]!.desired!.branchId).toBe(emulator.ids.branchId);
    expect(emulator.requestsTo('createJob').map((r) => (r.body as { branchId?: string }).branchId)).toEqual(expect.arrayContaining([emulator.ids.branchId]));

    const applied = await run(file, { apply: true });
    expect(applied.plan.routines.map((r) => r.applied?.status)).toEqual(['applied', 'applied']);
    expect(live().map((r) => readDescription(r.description).marker?.key).sort()).toEqual(['daily', 'weekly']);
    expect(live().find((r) => r.name === 'Daily orders')!.schedule).toBe('0 7 ? * MON-FRI *');

    const before = writes().length;
    const again = await run(file, { apply: true });
    expect(again.plan.counts.changes).toBe(0);
    expect(writes()).toHaveLength(before);
    expect(JSON.parse(await readFile(join(dir, 'results', `routines-acme-models-${file.split('/').pop()!.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`), 'utf8'))).toMatchObject({ mode: 'apply', counts: { unchanged: 2, changes: 0 } });
  });

  it('after "stored the routine, then dropped the connection" finds it by its marker: exactly one routine per key', async () => {
    const file = await routinesFile(two);
    emulator.inject('createRoutine', { kind: 'drop', afterProcessing: true }, 1);
    const applied = await run(file, { apply: true });
    expect(applied.plan.routines.map((r) => r.applied?.status)).toEqual(['applied', 'applied']);
    expect(live()).toHaveLength(2);
    expect(emulator.requestsTo('createRoutine')).toHaveLength(2);
  });

  it('a 502 after storing is not retried blindly either, and a refusal before storing is tried again', async () => {
    const file = await routinesFile(two);
    emulator.inject('createRoutine', { kind: 'status', status: 502, afterProcessing: true }, 1);
    await run(file, { apply: true });
    expect(live()).toHaveLength(2);
    emulator.reset();
    emulator.inject('createRoutine', { kind: 'status', status: 503 }, 1);
    const retried = await run(file, { apply: true });
    expect(retried.plan.routines.map((r) => r.applied?.status)).toEqual(['applied', 'applied']);
    expect(live()).toHaveLength(2);
  });

  it('reports the quota as a one-line error naming the routine, applies the rest, and does not retry it', async () => {
    for (let i = 0; i < 4; i++) emulator.seedRoutine({ name: `Hand made ${i}`, prompt: 'p' });
    const file = await routinesFile(two);
    const applied = await run(file, { apply: true });
    const statuses = applied.plan.routines.map((r) => r.applied?.status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
    const failed = applied.plan.routines.find((r) => r.applied?.status !== 'applied')!;
    expect(failed.applied!.message).toMatch(/429/);
    expect(emulator.requestsTo('createRoutine').filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('an unknown branch name is an error for that routine only', async () => {
    const file = await routinesFile(two.replace('feature/net-revenue', 'feature/nope'));
    const plan = await run(file);
    expect(plan.plan.routines[1]).toMatchObject({ action: 'error', error: expect.stringMatching(/^routine 'daily' \(.*routines-\w+\.yml:7:\d+\): branchName: model .* has no branch named 'feature\/nope'/) });
    expect(plan.plan.routines[0]!.action).toBe('create');
  });

  it('masks secrets in the plan file, as everywhere else', async () => {
    registerSecret(emulator.keys.org);
    const file = await routinesFile(`  - { key: leaky, name: Leaky, prompt: "revenue for ${emulator.keys.org}", schedule: "0 9 ? * MON *" }\n`);
    const report = await run(file);
    const planFile = join(dir, 'results', `routines-acme-models-${file.split('/').pop()!.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`);
    const text = await readFile(planFile, 'utf8');
    expect(report.plan.counts.create).toBe(1);
    expect(text).toContain('revenue for ***');
    expect(text).not.toContain(emulator.keys.org);
  });

  it('stops on duplicate markers with a one-line error', async () => {
    const file = await routinesFile(two);
    await run(file, { apply: true });
    const weekly = live().find((r) => r.name === 'Weekly revenue')!;
    emulator.seedRoutine({ name: 'copy', prompt: 'p', description: weekly.description });
    const report = await run(file, { apply: true });
    expect(report.fatal).toMatch(/carry the marker of routine 'weekly'/);
  });
});

describe('client routine endpoints', () => {
  it('lists every page, creates, updates field by field, deletes, and whoami', async () => {
    const api = client();
    for (let i = 0; i < 3; i++) emulator.seedRoutine({ name: `r${i}`, prompt: 'p' });
    const { id } = await api.createRoutine({
      modelId: emulator.ids.modelId,
      name: 'n',
      prompt: 'top 5 products by revenue',
      schedule: '0 9 ? * MON *',
      timezone: 'UTC',
      destination: { type: 'slack', recipientId: 'C0123456789', slackRecipientType: 'channel' },
    });
    const page = await api.listRoutines({ pageSize: 2 });
    expect(page.records).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const updated = await api.updateRoutine(id, { prompt: 'total revenue by category', description: null });
    expect(updated.prompt).toBe('total revenue by category');
    expect(await api.deleteRoutine(id)).toEqual({ deleted: true, id });
    await expect(api.deleteRoutine(id)).rejects.toMatchObject({ status: 404 });
    expect((await api.whoami()).keyScope).toBe('organization');
    await api.close();
  });

  it('marks a create whose outcome is unknown', async () => {
    const api = client();
    emulator.inject('createRoutine', { kind: 'drop', afterProcessing: true }, 1);
    const error = await api
      .createRoutine({ modelId: emulator.ids.modelId, name: 'n', prompt: 'p', schedule: '0 9 ? * MON *', timezone: 'UTC', destination: { type: 'email', recipientEmails: ['a@acme.com'], userGroupIds: [] } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmniApiError);
    expect((error as OmniApiError).outcomeUnknown).toBe(true);
    expect((error as OmniApiError).message).toMatch(/the routine may exist in Omni/);
    await api.close();
  });
});
