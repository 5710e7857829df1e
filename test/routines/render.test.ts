import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/routines/apply.js';
import { parseRoutinesFile } from '../../src/routines/file.js';
import { buildPlan, type RoutinesPlan } from '../../src/routines/plan.js';
import { renderRoutinesComment, renderRoutinesSummary } from '../../src/render/routines.js';
import { FakeRoutines } from './fake-routines.js';

const Model = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const Stack = 'acme/models:routines.yml';
const now = new Date('2026-03-25T12:00:00Z');
const ctx = { runUrl: 'https://github.com/acme/models/actions/runs/1', fileUrl: 'https://github.com/acme/models/blob/abc/routines.yml' };

function text(routines: string): string {
  return `defaults:\n  modelId: ${Model}\n  timezone: Europe/Berlin\n  destination: { email: [lead@acme.com] }\nroutines:\n${routines}`;
}

const before = text(`  - { key: weekly, name: Weekly revenue, prompt: "Revenue last week\\nby region", schedule: "0 9 ? * MON *" }
  - { key: daily, name: Daily orders, prompt: Orders yesterday, schedule: "0 7 ? * MON-FRI *", topicName: orders }
  - { key: old, name: Old one, prompt: Old, schedule: "0 7 ? * MON *" }
  - { key: same, name: Same, prompt: Same, schedule: "0 7 ? * MON *" }
`);
const after = text(`  - { key: weekly, name: Weekly revenue, prompt: "Revenue last week\\nby region and channel\\n@sales-team see #12", schedule: "0 10 * * 1" }
  - { key: daily, name: Daily orders, prompt: Orders yesterday, schedule: "0 7 ? * MON-FRI *", topicName: order_items }
  - { key: same, name: Same, prompt: Same, schedule: "0 7 ? * MON *" }
  - key: fresh
    name: "New <b>routine</b>"
    prompt: Top 5 products
    schedule: "0 8 1 * ? *"
    destination: { slack: { channel: C0123456789 } }
`);

async function planned(prune: boolean): Promise<{ fake: FakeRoutines; plan: RoutinesPlan }> {
  const fake = new FakeRoutines();
  const make = async (source: string) =>
    buildPlan({
      file: 'routines.yml',
      stack: Stack,
      stackIsDefault: true,
      routines: parseRoutinesFile(source, 'routines.yml', Stack).routines.map((declared) => ({ declared })),
      live: await fake.listAll(),
      prune,
      now,
    });
  await applyPlan(await make(before), { api: fake, listRoutines: () => fake.listAll() });
  fake.routines.find((r) => r.name === 'Daily orders')!.disabled = true;
  const plan = await make(after);
  plan.routines.find((r) => r.key === 'fresh')!.preview = { state: 'COMPLETE', answer: 'The top product is **Widget** (@alice).', omniChatUrl: 'https://acme.omni.co/chat/1' };
  return { fake, plan };
}

describe('routines report', () => {
  it('comment: a table first, then each change folded, prompt as a diff, schedule in words with next runs, recipients, preview', async () => {
    const { plan } = await planned(true);
    const comment = renderRoutinesComment({ plan, mode: 'plan' }, ctx);
    expect(comment).toMatchSnapshot();
    const tableAt = comment.indexOf('| Routine |');
    expect(tableAt).toBeGreaterThan(0);
    expect(comment.indexOf('<details>')).toBeGreaterThan(tableAt);
    expect(comment).toContain('```diff\n  Revenue last week\n- by region\n+ by region and channel\n+ @\u2060sales-team see #12');
    expect(comment).toContain('Next runs: Mon 30 Mar 2026 10:00 CEST · Mon 6 Apr 2026 10:00 CEST · Mon 13 Apr 2026 10:00 CEST');
    expect(comment).toContain('(written `0 10 * * 1`, converted to Omni');
    expect(comment).toContain('Paused by its owner in Omni');
    expect(comment).toContain('The top product is **Widget** (@\u2060alice).');
    expect(comment).not.toMatch(/<b>/);
    expect(comment).toContain('_1 routine unchanged: `same`._');
  });

  it('summary after an apply says what was done, per routine, with failures', async () => {
    const { fake, plan } = await planned(false);
    fake.faults.create.push({ status: 400, detail: 'Bad Request: topicName: not in model' });
    await applyPlan(plan, { api: fake, listRoutines: () => fake.listAll(), concurrency: 1 });
    const summary = renderRoutinesSummary({ plan, mode: 'apply' }, ctx);
    expect(summary).toMatch(/^## Omni routines · applied · `routines.yml`/);
    expect(summary).toContain('**1 updated · 1 replaced · ❌ 1 failed · 1 unchanged · 1 no longer declared, kept**');
    expect(summary).toMatch(/\| fresh \| New <b>routine<\/b>|fresh \| New \\<b\\>routine\\<\/b\\>/);
    expect(summary).toContain('**❌ Failed:** Omni answered 400: Bad Request: topicName: not in model');
    expect(summary).toContain('No longer declared in the file; kept. Set prune: true to delete it.');
  });

  it('stays within the comment budget with many large routines, saying what was left out', async () => {
    const routines = Array.from({ length: 60 }, (_, i) => `  - { key: r${i}, name: R${i}, prompt: "${'long prompt line\\n'.repeat(40)}", schedule: "0 9 ? * MON *" }`).join('\n');
    const plan = buildPlan({
      file: 'routines.yml',
      stack: Stack,
      stackIsDefault: false,
      routines: parseRoutinesFile(text(routines + '\n'), 'routines.yml', Stack).routines.map((declared) => ({ declared })),
      live: [],
      prune: false,
      now,
    });
    const comment = renderRoutinesComment({ plan, mode: 'plan' }, { ...ctx, budget: 20_000 });
    expect(comment.length).toBeLessThanOrEqual(20_000);
    expect(comment).toContain('| r59 |');
    expect(comment).toMatch(/Not everything fit here/);
  });
});
