import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/routines/apply.js';
import { parseRoutinesFile } from '../../src/routines/file.js';
import { composeDescription, fieldsDifferingFromSums, fieldSums, readDescription } from '../../src/routines/marker.js';
import { buildPlan, desiredFields, DuplicateMarkerError, type RoutinesPlan } from '../../src/routines/plan.js';
import { FakeRoutines } from './fake-routines.js';

const Model = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const Stack = 'acme/models:routines.yml';
const now = new Date('2026-03-25T12:00:00Z');

function fileText(routines: string): string {
  return `defaults:
  modelId: ${Model}
  timezone: Europe/Berlin
  destination: { email: [lead@acme.com] }
routines:
${routines}`;
}

const two = fileText(`  - { key: weekly, name: Weekly revenue, prompt: Revenue last week by region, schedule: "0 9 ? * MON *" }
  - { key: daily, name: Daily orders, prompt: Orders yesterday, schedule: "0 7 * * 1-5", topicName: orders }
`);

async function plan(fake: FakeRoutines, text: string, prune = false, stack = Stack): Promise<RoutinesPlan> {
  const file = parseRoutinesFile(text, 'routines.yml', stack);
  return buildPlan({
    file: 'routines.yml',
    stack: file.stack ?? stack,
    stackIsDefault: !file.stack,
    repository: 'acme/models',
    routines: file.routines.map((declared) => ({ declared })),
    live: await fake.listAll(),
    prune,
    now,
  });
}

async function apply(fake: FakeRoutines, p: RoutinesPlan) {
  return applyPlan(p, { api: fake, listRoutines: () => fake.listAll(), concurrency: 2 });
}

/** Applies `text` to an empty Omni and forgets the calls it took. */
async function applied(text = two): Promise<FakeRoutines> {
  const fake = new FakeRoutines();
  await apply(fake, await plan(fake, text));
  fake.calls.length = 0;
  return fake;
}

function actions(p: RoutinesPlan): Record<string, string> {
  return Object.fromEntries(p.routines.map((r) => [r.key, r.action]));
}

describe('plan and apply', () => {
  it('creates what Omni lacks, with the marker, then a second run finds nothing to do and writes nothing', async () => {
    const fake = new FakeRoutines();
    const first = await plan(fake, two);
    expect(actions(first)).toEqual({ weekly: 'create', daily: 'create' });
    expect(first.counts).toMatchObject({ create: 2, changes: 2 });
    expect(first.routines[1]!.schedule).toMatchObject({ cron: '0 7 ? * MON-FRI *', convertedFrom: '0 7 * * 1-5', words: 'At 07:00, Monday through Friday' });
    expect(first.routines[1]!.schedule!.nextRuns).toEqual(['Thu 26 Mar 2026 07:00 CET', 'Fri 27 Mar 2026 07:00 CET', 'Mon 30 Mar 2026 07:00 CEST']);

    const counts = await apply(fake, first);
    expect(counts).toMatchObject({ created: 2, failed: 0 });
    expect(fake.routines).toHaveLength(2);
    const weekly = fake.routines.find((r) => r.name === 'Weekly revenue')!;
    expect(readDescription(weekly.description).marker).toMatchObject({ stack: Stack, key: 'weekly' });
    expect(first.routines[0]!.applied).toEqual({ status: 'applied', id: weekly.id });

    fake.calls.length = 0;
    const second = await plan(fake, two);
    expect(actions(second)).toEqual({ weekly: 'unchanged', daily: 'unchanged' });
    expect(second.counts.changes).toBe(0);
    await apply(fake, second);
    expect(fake.writes()).toEqual([]);
  });

  it('updates field by field: only the changed fields and the marker are sent', async () => {
    const fake = await applied();
    const changed = two.replace('Revenue last week by region', 'Revenue last week by region and channel');
    const p = await plan(fake, changed);
    expect(actions(p)).toEqual({ weekly: 'update', daily: 'unchanged' });
    expect(p.routines[0]!.changed).toEqual(['prompt']);
    await apply(fake, p);
    expect(fake.writes()).toEqual([{ method: 'update', id: p.routines[0]!.live!.id, body: { description: expect.stringContaining('key=weekly'), prompt: 'Revenue last week by region and channel' } }]);
    expect(actions(await plan(fake, changed))).toEqual({ weekly: 'unchanged', daily: 'unchanged' });
  });

  it('replaces when the topic changes: creates the new routine first, then deletes the old one', async () => {
    const fake = await applied();
    const oldId = fake.routines.find((r) => r.name === 'Daily orders')!.id;
    const changed = two.replace('topicName: orders', 'topicName: order_items');
    const p = await plan(fake, changed);
    expect(actions(p)).toMatchObject({ daily: 'replace' });
    expect(p.routines[1]!.changed).toEqual(['topicName']);
    await apply(fake, p);
    expect(fake.writes().map((w) => w.method)).toEqual(['create', 'delete']);
    expect(fake.writes()[1]!.id).toBe(oldId);
    const newId = p.routines[1]!.applied!.id!;
    expect(newId).not.toBe(oldId);
    expect(fake.routines.find((r) => r.id === newId)!.topicName).toBe('order_items');
    expect(actions(await plan(fake, changed))).toMatchObject({ daily: 'unchanged' });
  });

  it('finishes an interrupted replace: the old routine left beside its replacement is deleted, no duplicate error', async () => {
    const fake = await applied();
    const changed = two.replace('topicName: orders', 'topicName: order_items');
    const p = await plan(fake, changed);
    fake.faults.delete.push({ status: 500, detail: 'boom' });
    const counts = await apply(fake, p);
    expect(counts.failed).toBe(1);
    expect(p.routines[1]!.applied!.message).toMatch(/The next apply deletes it/);
    const next = await plan(fake, changed);
    expect(next.routines.map((r) => [r.key, r.action])).toEqual([
      ['weekly', 'unchanged'],
      ['daily', 'unchanged'],
      ['daily', 'delete'],
    ]);
    await apply(fake, next);
    expect(fake.routines).toHaveLength(2);
  });

  it('deletes routines no longer declared only with prune; without it they are kept and listed', async () => {
    const fake = await applied();
    const one = fileText(`  - { key: weekly, name: Weekly revenue, prompt: Revenue last week by region, schedule: "0 9 ? * MON *" }\n`);
    const kept = await plan(fake, one);
    expect(actions(kept)).toEqual({ weekly: 'unchanged', daily: 'keep' });
    expect(kept.counts.changes).toBe(0);
    await apply(fake, kept);
    expect(fake.writes()).toEqual([]);
    const pruned = await plan(fake, one, true);
    expect(actions(pruned)).toEqual({ weekly: 'unchanged', daily: 'delete' });
    await apply(fake, pruned);
    expect(fake.routines.map((r) => r.name)).toEqual(['Weekly revenue']);
  });

  it('an empty routines list with prune deletes every routine of this stack and nothing else', async () => {
    const fake = await applied();
    const stranger = fake.seed({ name: 'Hand made', prompt: 'p', schedule: '0 9 ? * MON *' });
    const other = fake.seed({ name: 'Other', prompt: 'p', schedule: '0 9 ? * MON *', description: composeDescription(null, { stack: 'acme/other:r.yml', key: 'weekly', sums: '0'.repeat(27) }) });
    const p = await plan(fake, 'routines: []\n', true);
    expect(p.counts).toMatchObject({ delete: 2 });
    expect(p.unmanaged).toBe(1);
    expect(p.otherStacks).toEqual([{ stack: 'acme/other:r.yml', count: 1 }]);
    await apply(fake, p);
    expect(fake.routines.map((r) => r.id).sort()).toEqual([stranger.id, other.id].sort());
  });

  it('warns about edits made in Omni that the apply will overwrite, naming the fields', async () => {
    const fake = await applied();
    const weekly = fake.routines.find((r) => r.name === 'Weekly revenue')!;
    weekly.schedule = '0 10 ? * MON *';
    const p = await plan(fake, two);
    expect(actions(p)).toMatchObject({ weekly: 'update' });
    expect(p.routines[0]!.editedInOmni).toEqual(['schedule']);
    expect(p.routines[0]!.warnings).toEqual([expect.stringMatching(/^Edited in Omni since the last apply \(schedule\): the next apply overwrites/)]);
    expect(p.routines[0]!.previousSchedule).toMatchObject({ cron: '0 10 ? * MON *', words: 'At 10:00, only on Monday' });
  });

  it('warns about paused and Omni-disabled routines', async () => {
    const fake = await applied();
    Object.assign(fake.routines[0]!, { disabled: true });
    Object.assign(fake.routines[1]!, { systemDisabled: true, systemDisabledReason: 'The branch was deleted' });
    const p = await plan(fake, two);
    const warnings = p.routines.flatMap((r) => r.warnings).join('\n');
    expect(warnings).toMatch(/Paused by its owner in Omni/);
    expect(warnings).toMatch(/Disabled by Omni: The branch was deleted/);
  });

  it('stops on two routines with the same marker', async () => {
    const fake = await applied();
    const weekly = fake.routines.find((r) => r.name === 'Weekly revenue')!;
    fake.seed({ ...weekly, id: undefined as unknown as string, name: 'copy' });
    fake.routines[0]!.id = '11111111-2222-4333-8444-555555555555';
    await expect(plan(fake, two)).rejects.toThrow(DuplicateMarkerError);
    await expect(plan(fake, two)).rejects.toThrow(/all carry the marker of routine 'weekly'/);
  });

  it('adopts an existing routine with id:, whatever its key, and manages it from then on', async () => {
    const fake = new FakeRoutines();
    const existing = fake.seed({ name: 'Weekly revenue', prompt: 'Revenue last week by region', schedule: '0 9 ? * MON *', timezone: 'Europe/Berlin', destination: { type: 'email', recipientEmails: ['lead@acme.com'], userGroupIds: [] } });
    const withoutId = await plan(fake, two);
    expect(withoutId.routines[0]!.warnings).toEqual([expect.stringContaining(`add \`id: ${existing.id}\``)]);
    const text = two.replace('key: weekly,', `key: weekly, id: ${existing.id},`);
    const p = await plan(fake, text);
    expect(p.routines[0]).toMatchObject({ action: 'update', adopt: true, changed: [] });
    expect(p.unmanaged).toBe(0);
    await apply(fake, p);
    expect(fake.writes().filter((w) => w.method === 'update')).toEqual([{ method: 'update', id: existing.id, body: { description: expect.stringContaining('key=weekly') } }]);
    expect(actions(await plan(fake, text))).toEqual({ weekly: 'unchanged', daily: 'unchanged' });
  });

  it('refuses to adopt a routine of another stack or one that is not there', async () => {
    const fake = new FakeRoutines();
    const other = fake.seed({ name: 'x', prompt: 'p', schedule: '0 9 ? * MON *', description: composeDescription(null, { stack: 'team-b', key: 'x', sums: '0'.repeat(27) }) });
    const p = await plan(fake, two.replace('key: weekly,', `key: weekly, id: ${other.id},`).replace('key: daily,', 'key: daily, id: 99999999-2222-4333-8444-555555555555,'));
    expect(p.routines[0]).toMatchObject({ action: 'error', error: expect.stringMatching(/managed by another stack \(team-b\)/) });
    expect(p.routines[1]).toMatchObject({ action: 'error', error: expect.stringMatching(/is not among the owner's routines/) });
    await apply(fake, p);
    expect(fake.writes()).toEqual([]);
  });

  it('never repeats a create blindly: stored-then-dropped is found by its marker, dropped-before-store is created once more', async () => {
    const fake = new FakeRoutines();
    fake.faults.create.push('storeThenDrop', 'dropBeforeStore');
    const p = await plan(fake, two);
    const counts = await applyPlan(p, { api: fake, listRoutines: () => fake.listAll(), concurrency: 1 });
    expect(counts).toMatchObject({ created: 2, failed: 0 });
    expect(fake.calls.filter((c) => c.method === 'create')).toHaveLength(3);
    expect(fake.routines).toHaveLength(2);
    const keys = fake.routines.map((r) => readDescription(r.description).marker!.key).sort();
    expect(keys).toEqual(['daily', 'weekly']);
    expect(p.routines.map((r) => r.applied?.id)).toEqual(expect.arrayContaining(fake.routines.map((r) => r.id)));
  });

  it('reports a partial failure exactly: a 400 fails one routine, the others are applied; a 403 stops the rest', async () => {
    const fake = new FakeRoutines();
    fake.faults.create.push({ status: 400, detail: 'Bad Request: schedule: too frequent' });
    const p = await plan(fake, two);
    const counts = await applyPlan(p, { api: fake, listRoutines: () => fake.listAll(), concurrency: 1 });
    expect(counts).toMatchObject({ created: 1, failed: 1 });
    expect(p.routines[0]!.applied).toMatchObject({ status: 'failed', message: expect.stringContaining('too frequent') });
    expect(p.routines[1]!.applied).toMatchObject({ status: 'applied' });

    const again = await plan(fake, two);
    expect(actions(again)).toEqual({ weekly: 'create', daily: 'unchanged' });

    const refused = new FakeRoutines();
    refused.faults.create.push({ status: 403, detail: 'Forbidden: AI routines are not enabled' });
    const q = await plan(refused, two);
    const refusedCounts = await applyPlan(q, { api: refused, listRoutines: () => refused.listAll(), concurrency: 1 });
    expect(refusedCounts).toMatchObject({ created: 0, failed: 1, skipped: 1 });
    expect(q.routines[1]!.applied!.message).toMatch(/Not attempted: Omni refused an earlier change \(403\)/);
  });

  it('keeps the sums stable: what apply writes is what the next plan reads back', () => {
    const file = parseRoutinesFile(two, 'routines.yml', Stack);
    const desired = desiredFields(file.routines[0]!, undefined);
    const withNotes = { ...desired, description: 'Notes\n\nsecond paragraph' };
    const stored = composeDescription(withNotes.description, { stack: Stack, key: 'weekly', sums: fieldSums(withNotes) });
    const read = readDescription(stored.replace(/\n/g, '\r\n'));
    expect(read).toEqual({ description: 'Notes\n\nsecond paragraph', marker: { stack: Stack, key: 'weekly', sums: fieldSums(withNotes) } });
    expect(fieldsDifferingFromSums({ ...withNotes, description: read.description }, read.marker!.sums)).toEqual([]);
    expect(fieldsDifferingFromSums({ ...withNotes, name: 'Renamed in Omni' }, read.marker!.sums)).toEqual(['name']);
  });

  it('warns when routines of another file of the repository look like this file before it moved', async () => {
    const fake = await applied();
    const p = await plan(fake, two, false, 'acme/models:omni/routines.yml');
    expect(p.counts.create).toBe(2);
    expect(p.warnings).toEqual([expect.stringContaining('add `stack: acme/models:routines.yml` to it')]);
  });
});
