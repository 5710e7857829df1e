import { describe, expect, it } from 'vitest';
import { CommentMaxChars, SummaryMaxBytes } from '../../src/render/budget.js';
import { commentMarker, markedComment } from '../../src/github/marker.js';
import { renderSuiteComment, renderSuiteSummary } from '../../src/render/suite-markdown.js';
import { complete, failed, query, timedOut } from '../suite/support/outcomes.js';
import { Branch, Model, runStubSuite } from '../suite/support/suite-run.js';
import { renderProblems } from './gfm-check.js';

const ctx = { runUrl: 'https://github.com/acme/models/actions/runs/42' };

const Suite = `
modelId: ${Model}
cases:
  - id: top-products
    prompt: Top 5 products by revenue
    expect:
      rowCount: 3
      value: { column: Total Revenue, min: 1000 }
  - id: order-count
    prompt: How many orders?
  - id: margin
    prompt: Gross margin by category
  - id: broken
    prompt: Revenue by topic that does not exist
`;

function outcomeFor(prompt: string, onBranch: boolean) {
  switch (prompt) {
    case 'Top 5 products by revenue':
      return complete(onBranch ? '1. **Sunglasses** — $900' : '1. **Sunglasses** — $1,234.50', [
        query({ csvHead: `Product,Total Revenue\nSunglasses,${onBranch ? '900' : '"1,234.50"'}\nJeans,980\nBoots,${onBranch ? '$80' : '$75'}` }),
      ]);
    case 'How many orders?':
      return complete(onBranch ? 'There were **320** orders. _(branch)_' : 'There were **320** orders.', [query({ name: 'Count', csvHead: 'Order Count\n320', totalRowCount: 1 })]);
    case 'Gross margin by category':
      return onBranch ? complete('Outerwear leads with $9,603.', [query({ name: 'Margin', csvHead: 'Category,Gross Margin\nOuterwear,9603' })]) : failed('No field matches "gross margin"');
    default:
      throw new Error("Omni could not find what the job names (404): topicName 'nope'");
  }
}

async function report() {
  return (await runStubSuite(Suite, (request) => outcomeFor(request.prompt, request.branchId !== undefined), { branchId: Branch, compareTo: 'shared' })).report;
}

describe('renderSuiteComment', () => {
  it('starts with the marker, then a table of every case; only failing and changed cases unfold below', async () => {
    const markdown = renderSuiteComment(await report(), ctx);
    expect(markedComment('suite', markdown).split('\n')[0]).toBe(commentMarker('suite'));
    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain('| `order-count` | ✅ passed | = same data, reworded |');
    expect(markdown).not.toContain('<summary>✅ order-count');
    expect(markdown).toContain('_1 case passed without changes;');
    expect(await renderProblems(markedComment('suite', markdown))).toEqual([]);
  });

  it('keeps the table to what a reviewer scans: case, result, change; ids and files in the details', async () => {
    const markdown = renderSuiteComment(await report(), ctx);
    expect(markdown).toContain('| Case | Result | Change vs shared |\n| --- | --- | --- |\n| `top-products` | ❌ 1 of 3 expectations failed | 🔄 data:');
    const [beforeDetails] = markdown.split('<details><summary>Details</summary>');
    expect(beforeDetails).not.toContain(Model);
    expect(beforeDetails).not.toContain(Branch);
    expect(markdown).toContain(`- **Model:** \`${Model}\``);
    expect(markdown).toContain('- **Prompts file:** `prompts.yml`');
  });

  it('shows the data change as a small table in the details, the headline short', async () => {
    const markdown = renderSuiteComment(await report(), ctx);
    expect(markdown).toContain('- Data: 🔄 Sunglasses Total Revenue 1,234.50 → 900 and 1 more change\n');
    expect(markdown).toContain(
      [
        '| Product | Total Revenue: shared | branch | Δ | Δ% |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| Sunglasses | 1,234.50 | 900 | −334.50 | −27.1% |',
        '| Boots | \\$75 | \\$80 | +5 | +6.7% |',
      ].join('\n'),
    );
  });

  it('says a FAILED job\'s error once, and counts expectations in words', async () => {
    const { report: run } = await runStubSuite(
      `modelId: ${Model}\ncases:\n  - id: fails\n    prompt: x\n`,
      () => failed('No field matches "gross margin" in topic order_items, see https://docs.omni.co/docs/ai/topic_names'),
    );
    const markdown = renderSuiteComment(run, ctx);
    expect(markdown.match(/No field matches/g)).toHaveLength(1);
    expect(markdown).toContain('<summary>❌ fails — the expectation failed</summary>');
    expect(markdown).toContain('| `fails` | ❌ job failed |');
    expect(markdown).toContain('<https://docs.omni.co/docs/ai/topic_names>');
    expect(await renderProblems(markdown, { links: ['https://docs.omni.co/docs/ai/topic_names'] })).toEqual([]);
  });

  it('never shows a runner path: an absolute prompts file is named by its file name', async () => {
    const { report: run } = await runStubSuite(`modelId: ${Model}\ncases:\n  - id: a\n    prompt: b\n`, () => complete());
    const markdown = renderSuiteSummary({ ...run, suite: { ...run.suite, file: '/home/runner/work/_temp/x/prompts.yml' } }, ctx);
    expect(markdown).toContain('- **Prompts file:** `prompts.yml`');
    expect(markdown).not.toContain('/home/runner');
  });

  it('stays under GitHub\'s comment limit for a thousand cases with long answers, failures listed first', async () => {
    const count = 1000;
    const yaml = `modelId: ${Model}\ncases:\n${Array.from({ length: count }, (_, i) => `  - id: case-${i}\n    prompt: question ${i} ${'why '.repeat(100)}\n    expect: { contains: [yes] }`).join('\n')}\n`;
    const { report: big } = await runStubSuite(
      yaml,
      (request) => complete(`${Number(request.prompt.split(' ')[1]) % 100 === 0 ? 'no' : 'yes'} ${'long answer '.repeat(2_000)}`),
      { requestsPerMinute: 6000 },
    );
    const markdown = renderSuiteComment(big, ctx);
    expect(markdown.length).toBeLessThan(CommentMaxChars);
    expect(markedComment('suite', markdown).split('\n')[0]).toBe(commentMarker('suite'));
    expect(markdown).toContain('| `case-900` | ❌ 1 of 2 expectations failed |');
    // Three short columns: a thousand rows fit; failing cases would come first if they did not.
    expect(markdown).toContain('| `case-999` | ✅ passed |');
    const summary = renderSuiteSummary(big, ctx);
    expect(Buffer.byteLength(summary)).toBeLessThan(SummaryMaxBytes);
    expect(summary).toContain('Not everything fit here');
    // Says where the rest is: the JSON report by its file name, not an output that names the JUnit file.
    expect(summary).toMatch(/Not everything fit here \((1 part|[\d,]+ parts) left out[^)]*\): .* and the JSON report \(`suite-report.json`, beside the JUnit `reportFile`\) hold the rest\._/);
  });

  it('counts the cases it folds away in words: passed without changes apart from not judged', async () => {
    const yaml = `modelId: ${Model}\ncases:\n  - id: a\n    prompt: a\n  - id: b\n    prompt: b\n  - id: slow\n    prompt: slow\n`;
    const { report: judged } = await runStubSuite(yaml, (request) => (request.prompt === 'slow' ? timedOut() : complete()), { failOn: new Set(['FAILED']) });
    expect(judged.totals).toMatchObject({ passed: 2, skipped: 1 });
    expect(renderSuiteComment(judged, ctx)).toContain('_2 cases passed without changes, 1 was not judged;');
    const { report: quiet } = await runStubSuite(yaml, () => complete());
    expect(renderSuiteComment(quiet, ctx)).toContain('_3 cases passed without changes;');
  });

  it('lets no answer mention people, open HTML or forge the marker', async () => {
    const hostile = 'Hi @octocat and @acme/admins, see #12.\n<!-- omni-ai-job:suite -->\n<details><summary>x</summary>\n<img src=x onerror=alert(1)>';
    const { report: evil } = await runStubSuite(
      `modelId: ${Model}\ncases:\n  - id: evil\n    prompt: "@everyone <b>hi</b>"\n    expect: { contains: never }\n`,
      (request) => complete(hostile, [query({ name: '@octocat | <b>', csvHead: 'A|B,C\n@octocat,<i>x</i>' })], { omniChatUrl: request.branchId ? 'javascript:alert(1)' : 'https://x.omni.co/chat/a|b' }),
      { branchId: Branch, compareTo: 'shared' },
    );
    for (const markdown of [renderSuiteComment(evil, ctx), renderSuiteSummary(evil, ctx)]) {
      const body = markdown.split('\n').slice(1).join('\n');
      expect(body).not.toMatch(/@(?:octocat|acme|everyone)/);
      expect(body).not.toContain('<!--');
      // Escaped (\<i\>) shows literally; unescaped it would be HTML.
      expect(body).not.toMatch(/(?<!\\)<(?:img|b|i|details><summary>x)/);
      expect(body).not.toContain('javascript:');
      expect(body).not.toMatch(/#12/);
    }
  });
});

describe('renderSuiteSummary', () => {
  it('shows every case in detail, with data tables', async () => {
    const markdown = renderSuiteSummary(await report(), ctx);
    expect(markdown.split('\n')[0]).toBe('## Omni AI suite · ✅ 2 passed · ❌ 1 failed · ⚠️ 1 error · 🔄 2 changed vs shared');
    expect(markdown).toContain('<summary>✅ order-count</summary>');
    expect(markdown).toMatchSnapshot();
    expect(await renderProblems(markdown)).toEqual([]);
    // Branch against shared, beside the branch's data.
    expect(markdown).toContain('    bar [900, 980, 80]\n    line [1234.50, 980, 75]');
  });

  it('says which leg it is, or how many legs were merged', async () => {
    const { report: leg } = await runStubSuite(Suite, () => complete(), { shard: { index: 1, total: 2 } });
    expect(renderSuiteSummary(leg, ctx)).toContain('shard 1/2');
  });
});
