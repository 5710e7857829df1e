import { describe, expect, it } from 'vitest';
import { CommentMaxChars, SummaryMaxBytes } from '../../src/render/budget.js';
import type { CompleteOutcome, Outcome } from '../../src/job/outcome.js';
import type { QueryDigest } from '../../src/omni/result-digest.js';
import { renderComment } from '../../src/render/comment.js';
import { commentMarker, markedComment } from '../../src/github/marker.js';
import { sanitizeCommentKey } from '../../src/github/marker.js';
import { renderSummary } from '../../src/render/summary.js';
import { utf8Length } from '../../src/lib/text.js';
import { hazards } from './commonmark-check.js';
import * as fixtures from './fixtures.js';
import { checkRendered, renderProblems } from './gfm-check.js';

const Key = 'omni/pr-check';
const ctx = { runUrl: 'https://github.com/acme/models/actions/runs/123' };

const outcomes: Record<string, Outcome> = {
  complete: fixtures.complete,
  'complete-without-result': fixtures.completeWithoutResult,
  failed: fixtures.failed,
  timeout: fixtures.timedOut,
  'timeout-unconfirmed': fixtures.timedOutUnconfirmed,
  'cancelled-by-workflow': fixtures.cancelledByWorkflow,
  'cancelled-in-omni': fixtures.cancelledInOmni,
};

/** Hazards in what we render, ignoring our own markup: the marker, <details>/<summary> and link URLs. */
function reportHazards(markdown: string): string[] {
  const ours = markdown
    .replace(/^<!-- omni-ai-job:[A-Za-z0-9._:/=+-]+ -->$/m, '')
    .replace(/<details( open)?><summary>|<\/summary>|<\/details>/g, '')
    .replace(/\]\(https?:\/\/[^)\s]+\)/g, '](url)');
  return hazards(ours);
}

describe.each(Object.entries(outcomes))('%s', (name, outcome) => {
  it('summary, as GitHub renders it', async () => {
    const summary = renderSummary(outcome, ctx);
    await expect(summary).toMatchFileSnapshot(`./__snapshots__/summary-${name}.md`);
    expect(reportHazards(summary)).toEqual([]);
    expect(await renderProblems(summary)).toEqual([]);
  });

  it('comment, as GitHub renders it', async () => {
    const comment = renderComment(outcome, ctx);
    await expect(comment).toMatchFileSnapshot(`./__snapshots__/comment-${name}.md`);
    expect(markedComment(Key, comment).split('\n')[0]).toBe(commentMarker('omni/pr-check'));
    expect(reportHazards(comment)).toEqual([]);
    expect(await renderProblems(markedComment(Key, comment))).toEqual([]);
  });
});

describe('what each state says', () => {
  it('FAILED shows Omni\'s message, code and detail', () => {
    for (const md of [renderSummary(fixtures.failed, ctx), renderComment(fixtures.failed, ctx)]) {
      expect(md).toContain("Column 'revenue' not found in table 'orders'");
      expect(md).toContain('`QUERY_EXECUTION_ERROR`');
      expect(md).toContain('The query timed out after 300 seconds');
      expect(md).toContain('❌ FAILED');
    }
  });

  it('TIMEOUT shows the timeout in one form, the last state, and says to raise timeoutSeconds', () => {
    const confirmed = renderComment(fixtures.timedOut, ctx);
    expect(confirmed).toContain('**Timed out** after 10m: the job was still executing (last state `EXECUTING`).');
    expect(confirmed).toContain('raise `timeoutSeconds` (now 600)');
    expect(confirmed).toContain('**Waited:** 10m\n');
    expect(confirmed).not.toMatch(/600 seconds|10m 0s/);
    expect(confirmed).toContain('The job was cancelled in Omni.');
  });

  it('an unconfirmed cancel says the job may still run, and how to find and stop it', () => {
    const md = renderSummary(fixtures.timedOutUnconfirmed, ctx);
    expect(md).toContain('may still be running in Omni');
    expect(md).toContain(`[open the conversation in Omni](${fixtures.timedOutUnconfirmed.omniChatUrl})`);
    expect(md).toContain(`cancel job \`${fixtures.timedOutUnconfirmed.jobId}\``);
    expect(md).toContain('`POST /v1/ai/jobs/{jobId}/cancel`');
  });

  it("a failed query gives Omni's reason when the result has one", () => {
    const outcome: CompleteOutcome = { ...fixtures.complete, result: { queries: [{ ...fixtures.failedQuery, failure: 'Field order_items.margin does not exist (see https://docs.omni.co/docs/modeling/measures_and_fields)' }] } };
    for (const md of [renderComment(outcome, ctx), renderSummary(outcome, ctx)]) {
      expect(md).toContain('_The query failed:_ Field order\\_items.margin does not exist \\(see <https://docs.omni.co/docs/modeling/measures_and_fields>\\)');
      expect(checkRendered(md, { links: ['https://docs.omni.co/docs/modeling/measures_and_fields'] }).problems).toEqual([]);
    }
    expect(renderComment(fixtures.complete, ctx)).toContain('_The query failed; Omni gave no reason._');
  });

  it('says what went wrong fetching the result in words, not HTTP, with no doubled parenthesis', () => {
    const md = renderSummary(fixtures.completeWithoutResult, ctx);
    expect(md).toContain('could not be fetched: Omni no longer has it \\(result expired\\). The answer itself is complete');
    expect(md).not.toMatch(/GET |answered 404|\)\)/);
  });

  it('FAILED shows a one-line detail as text that wraps, a longer one as code', () => {
    expect(renderComment(fixtures.failed, ctx)).toContain('**Detail:** The query timed out after 300 seconds');
    const multi = renderComment({ ...fixtures.failed, error: { ...fixtures.failed.error, detail: 'line one\nline two' } }, ctx);
    expect(multi).toContain('**Detail:**\n\n```text\nline one\nline two\n```');
  });

  it('CANCELLED says who cancelled', () => {
    expect(renderSummary(fixtures.cancelledByWorkflow, ctx)).toContain('Cancelled by the workflow run');
    expect(renderComment(fixtures.cancelledInOmni, ctx)).toContain('Cancelled in Omni');
  });

  it('COMPLETE without the result shows the answer and why details are missing', () => {
    const md = renderSummary(fixtures.completeWithoutResult, ctx);
    expect(md).toContain('Revenue grew **12%** quarter over quarter.');
    expect(md).toContain('could not be fetched');
    expect(md).toContain('result expired');
    expect(md).toContain('**Branch:** shared model');
  });

  it('falls back to the final message when resultSummary is empty, and says when there is no answer', () => {
    const onlyMessage: CompleteOutcome = { ...fixtures.complete, resultSummary: '', result: { queries: [], message: 'From the message.' } };
    expect(renderComment(onlyMessage, ctx)).toContain('From the message.');
    expect(renderComment({ ...onlyMessage, result: { queries: [] } }, ctx)).toContain('Omni returned an empty answer.');
  });

  it('the summary does not stack a heading over the answer\'s own, nor repeat the status under a query title', () => {
    const summary = renderSummary(fixtures.complete, ctx);
    expect(summary).not.toContain('### Answer');
    expect(summary).toContain('> What were the top 5 products by revenue last quarter?\n\n### Top 5 Products by Revenue');
    expect(summary).toContain('#### 1. Top 5 Products by Revenue · 5 rows\n\n**Fields:**');
    expect(summary).toContain('#### ❌ 3. Margin by category\n\n_The query failed; Omni gave no reason._');
    expect(summary).not.toMatch(/✅ success/);
    expect(renderComment(fixtures.complete, ctx)).not.toMatch(/✅ success/);
  });

  it('never shows a path on the runner: the resultFile output is the way to the file', () => {
    const huge: CompleteOutcome = { ...fixtures.complete, resultSummary: 'x '.repeat(50_000) };
    for (const md of [renderSummary(fixtures.complete, ctx), renderComment(fixtures.complete, ctx), renderSummary(huge, { ...ctx, budget: 20_000 })]) {
      expect(md).not.toContain(fixtures.complete.resultFile as string);
      expect(md).not.toMatch(/\/home\/runner|\/tmp\/|RUNNER_TEMP|Full result/);
    }
    expect(renderSummary(huge, { ...ctx, budget: 20_000 })).toContain('the result file (the `resultFile` output)');
  });

  it('folds a long data table in the summary: the chart and the first lines stay in view', () => {
    const summary = renderSummary(fixtures.complete, ctx);
    expect(summary).toContain('<details><summary>Data · 50 rows</summary>\n\n| day | revenue |');
    expect(summary).toContain('| Name | Total Revenue |\n| --- | ---: |\n| Ray-Ban Sunglasses | 678,994.41 |');
  });

  it('uses the model label and the table row limit from the context', () => {
    const md = renderComment(fixtures.complete, { ...ctx, modelLabel: 'Ecommerce', maxTableRows: 2 });
    expect(md).toContain('**Model:** Ecommerce (`8f2c1d3e');
    expect(md).toContain('_Showing first 2 rows of 5._');
  });
});

describe('the hidden marker', () => {
  it('is the first line, once, and the key cannot break out of it', () => {
    for (const key of ['pr-check', 'a --> <b>@x</b>\n<!-- omni-ai-job:other -->', '', '---', 'matrix/${{ matrix.os }}']) {
      const marker = commentMarker(key);
      expect(marker).toMatch(/^<!-- omni-ai-job:[A-Za-z0-9._:/=+-]+ -->$/);
      expect(marker.slice(5, -4)).not.toContain('--');
      const comment = markedComment(key, renderComment(fixtures.complete, ctx));
      expect(comment.startsWith(`${marker}\n`)).toBe(true);
      expect(comment.match(/<!-- omni-ai-job:/g)).toHaveLength(1);
    }
    expect(sanitizeCommentKey('')).toBe('default');
    expect(sanitizeCommentKey('Omni PR check')).toBe('Omni-PR-check');
  });

  it('cannot be forged by the answer, the prompt or a query name', () => {
    const forged = `<!-- omni-ai-job:omni/pr-check -->\n</details>`;
    const outcome: CompleteOutcome = {
      ...fixtures.complete,
      request: { ...fixtures.complete.request, prompt: forged },
      resultSummary: forged,
      result: { queries: [{ ...fixtures.topProducts, name: forged, csvHead: `a,b\n"${forged}",x` }] },
    };
    for (const md of [markedComment(Key, renderComment(outcome, ctx)), renderSummary(outcome, ctx)]) {
      expect(md.match(/<!-- omni-ai-job:/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(reportHazards(md)).toEqual([]);
    }
  });
});

describe('hostile text', () => {
  const hostile = [
    '@octocat @acme/admins please look #1',
    '<details open><summary>pwn</summary>',
    '</details></details>',
    '<!-- x -->',
    '&#64;octocat &lt;b&gt;',
    'right\u202eleft\u2066x\u2069',
    '```',
    'a ` b',
    '| `<b> | x` |',
    '<img src=x onerror=alert(1)>',
  ].join('\n');

  const outcome: CompleteOutcome = {
    ...fixtures.complete,
    request: { ...fixtures.complete.request, prompt: hostile, branchName: hostile, topicName: hostile },
    topicName: hostile,
    resultSummary: hostile,
    omniChatUrl: 'javascript:alert(1)',
    resultError: hostile,
    resultFile: hostile,
    result: {
      queries: [
        { ...fixtures.topProducts, name: hostile, fields: [hostile], csvHead: `${JSON.stringify(hostile)},b\n${JSON.stringify(hostile)},@x` },
      ],
    },
  };

  it('is neutralised everywhere in the comment and the summary', async () => {
    for (const md of [markedComment(Key, renderComment(outcome, ctx)), renderSummary(outcome, ctx)]) {
      expect(reportHazards(md)).toEqual([]);
      expect(await renderProblems(md)).toEqual([]);
      expect(md).not.toContain('javascript:');
      expect(md).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('is neutralised in FAILED errors and timestamps', () => {
    const failed: Outcome = {
      ...fixtures.failed,
      error: { message: hostile, code: hostile, detail: hostile },
      timings: { createdAt: hostile, waitedMs: 1 },
    };
    for (const md of [renderComment(failed, ctx), renderSummary(failed, ctx)]) {
      expect(reportHazards(md)).toEqual([]);
      expect(checkRendered(md).problems).toEqual([]);
    }
  });
});

describe('size caps', () => {
  const row = (i: number): string => `"Product ${i}, with a comma","${'x'.repeat(50)}",${i},"@user${i} <b>"`;
  const bigCsv = ['name,desc,revenue,notes', ...Array.from({ length: 10_000 }, (_, i) => row(i))].join('\n');
  const bigQuery: QueryDigest = { ...fixtures.bigQuery, csvHead: bigCsv, totalRowCount: 10_000 };
  const huge: CompleteOutcome = {
    ...fixtures.complete,
    request: { ...fixtures.complete.request, prompt: 'Why? '.repeat(100_000) },
    resultSummary: `# Big\n\n${'Lots of <b>text</b> @someone `code` 😀 and more.\n'.repeat(110_000)}`,
    result: {
      queries: Array.from({ length: 500 }, (_, i) => ({
        ...bigQuery,
        name: `Query ${i} ${'long name '.repeat(50)}`,
        query: { fields: Array.from({ length: 200 }, (_, j) => `view.field_${j}`) },
      })),
    },
  };

  it('keep the comment under 65,536 characters and the summary under 1 MiB', () => {
    expect(huge.resultSummary.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const comment = renderComment(huge, ctx);
    const summary = renderSummary(huge, ctx);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(15_000);

    expect(comment.length).toBeLessThan(CommentMaxChars);
    expect(markedComment(Key, comment).split('\n')[0]).toBe(commentMarker(Key));
    expect(comment).toContain('The answer was cut to fit in a comment');
    expect(comment).toMatch(/Not everything fit in this comment \(\d+ queries left out/);
    expect(comment).toContain('(https://github.com/acme/models/actions/runs/123)');
    expect(comment.trimEnd().endsWith('[Workflow run](https://github.com/acme/models/actions/runs/123)') || comment.includes('Not everything fit')).toBe(true);
    expect(reportHazards(comment)).toEqual([]);

    expect(utf8Length(summary)).toBeLessThan(SummaryMaxBytes);
    expect(summary).toContain('The answer was cut to fit in the job summary');
    expect(summary).toMatch(/Not everything fit in the job summary.*queries left out/);
    expect(summary).toContain('the full result is in Omni and in the result file (the `resultFile` output)');
    expect(reportHazards(summary)).toEqual([]);
  });

  it('show the first rows of a 10,000-row CSV with a note', () => {
    const outcome: CompleteOutcome = { ...fixtures.complete, result: { queries: [bigQuery] } };
    const comment = renderComment(outcome, ctx);
    const summary = renderSummary(outcome, ctx);
    expect(comment).toContain('_Showing first 10 rows of 10,000; Omni returned only part of the rows._');
    expect(summary).toContain('_Showing first 50 rows of 10,000; Omni returned only part of the rows._');
    expect(summary).toContain('| Product 49, with a comma |');
    expect(summary).not.toContain('Product 50,');
    expect(reportHazards(summary)).toEqual([]);
  });

  it('hold for smaller budgets given by the caller, keeping the marker', () => {
    for (const budget of [500, 2_000, 10_000]) {
      const comment = renderComment(huge, { ...ctx, budget });
      expect(comment.length).toBeLessThanOrEqual(budget + 1);
      expect(markedComment(Key, comment).split('\n')[0]).toBe(commentMarker(Key));
      expect(utf8Length(renderSummary(huge, { ...ctx, budget }))).toBeLessThanOrEqual(budget + 1);
    }
  });
});
