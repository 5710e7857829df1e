import { describe, expect, it } from 'vitest';
import { CommentMaxChars, SummaryMaxBytes } from '../../src/render/budget.js';
import type { CompleteOutcome, Outcome } from '../../src/job/outcome.js';
import type { QueryDigest } from '../../src/omni/result-digest.js';
import { renderComment } from '../../src/render/comment.js';
import { commentMarker, markedComment } from '../../src/github/marker.js';
import { sanitizeCommentKey } from '../../src/github/marker.js';
import { renderSummary } from '../../src/render/summary.js';
import { utf8Length } from '../../src/render/text.js';
import { hazards } from './commonmark-check.js';
import * as fixtures from './fixtures.js';

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
  it('summary', async () => {
    const summary = renderSummary(outcome, ctx);
    await expect(summary).toMatchFileSnapshot(`./__snapshots__/summary-${name}.md`);
    expect(reportHazards(summary)).toEqual([]);
  });

  it('comment', async () => {
    const comment = renderComment(outcome, ctx);
    await expect(comment).toMatchFileSnapshot(`./__snapshots__/comment-${name}.md`);
    expect(markedComment(Key, comment).split('\n')[0]).toBe(commentMarker('omni/pr-check'));
    expect(reportHazards(comment)).toEqual([]);
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

  it('TIMEOUT shows the timeout, last state and whether the cancel was confirmed', () => {
    const confirmed = renderComment(fixtures.timedOut, ctx);
    expect(confirmed).toContain('600 seconds');
    expect(confirmed).toContain('`EXECUTING`');
    expect(confirmed).toContain('The job was cancelled in Omni.');
    expect(renderSummary(fixtures.timedOutUnconfirmed, ctx)).toContain('may still be running in Omni');
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

  it('is neutralised everywhere in the comment and the summary', () => {
    for (const md of [markedComment(Key, renderComment(outcome, ctx)), renderSummary(outcome, ctx)]) {
      expect(reportHazards(md)).toEqual([]);
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
    for (const md of [renderComment(failed, ctx), renderSummary(failed, ctx)]) expect(reportHazards(md)).toEqual([]);
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
    expect(summary).toContain(fixtures.complete.resultFile as string);
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
