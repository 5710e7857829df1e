/** The sticky PR comment for one outcome: the answer up front, details folded. Pure. */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { CommentSize, sizeWithin } from './budget.js';
import { queriesNotShown, renderJobReport } from './job-report.js';
import { details, link, queryChart, queryFields, queryRows, queryTable, queryTitle, type QueryTableOptions, type ReportContext } from './parts.js';

/** Room under GitHub's limit for redaction, which may lengthen short secrets into "***". */
const PromptMaxChars = 1_000;
const AnswerMaxChars = 30_000;
const TableDefaults = { maxRows: 10, maxColumns: 12, maxCellChars: 100 };

/** Markdown for the PR comment, leaving room for the sticky marker the GitHub writer adds. */
export function renderComment(outcome: Outcome, ctx: ReportContext): string {
  const size = sizeWithin(CommentSize, ctx.budget);
  const summaryLink = ctx.runUrl ? `the job summary of the ${link('workflow run', ctx.runUrl)}` : "the workflow run's job summary";
  return renderJobReport(outcome, ctx, {
    size,
    heading: '###',
    promptMaxChars: PromptMaxChars,
    answerMaxSize: Math.min(AnswerMaxChars, Math.floor(size.budget / 2)),
    answerCutNote: `_The answer was cut to fit in a comment; read it whole in ${summaryLink} or in Omni._`,
    table: { ...TableDefaults, maxRows: ctx.maxTableRows ?? TableDefaults.maxRows },
    query: queryBlock,
    facts: (lines) => details('Details', lines.join('\n')),
    overflowNote: (omitted, shrunk) => `_Not everything fit in this comment (${queriesNotShown(omitted, shrunk)}): see ${summaryLink}._`,
  });
}

/**
 * A query, folded; the one the answer rests on unfolded, with its chart beside its table when
 * the data makes one.
 */
function queryBlock(query: QueryDigest, index: number, table: QueryTableOptions, main: boolean): string {
  const body: string[] = [];
  const fields = queryFields(query, 10);
  if (fields) body.push(fields);
  const chart = main && table.maxRows > 0 ? queryChart(query) : '';
  if (chart) body.push(chart);
  body.push(
    table.maxRows > 0 || query.status === 'error'
      ? queryTable(query, table).markdown
      : '_Data left out to keep the comment short; see the job summary._',
  );
  return details(`${query.status === 'success' ? '✅' : '❌'} ${queryTitle(query, index)} · ${queryRows(query)}`, body.join('\n\n'), chart !== '');
}
