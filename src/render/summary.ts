/** The job summary for one outcome: everything, within GitHub's 1 MiB. Pure. */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { sizeWithin, SummarySize } from './budget.js';
import { queriesNotShown, renderJobReport } from './job-report.js';
import { codeBlock, escapeInline } from './markdown.js';
import { details, queryChart, queryFields, queryRows, queryTable, queryTitle, type QueryTableOptions, type ReportContext } from './parts.js';
import { formatCount, plural } from './text.js';

/** Room left under GitHub's limit for what core.summary adds and for redaction. */
const PromptMaxChars = 20_000;
/** The answer may take about half; the rest goes to the queries. */
const AnswerShare = 0.5;
const QueryJsonMaxChars = 8_000;
const TableDefaults = { maxRows: 50, maxColumns: 40, maxCellChars: 200 };

/** Markdown for $GITHUB_STEP_SUMMARY: under 1 MiB of UTF-8 whatever the outcome holds. */
export function renderSummary(outcome: Outcome, ctx: ReportContext): string {
  const size = sizeWithin(SummarySize, ctx.budget);
  return renderJobReport(outcome, ctx, {
    size,
    heading: '##',
    promptMaxChars: Math.min(PromptMaxChars, Math.floor(size.budget / 16)),
    answerMaxSize: Math.floor(size.budget * AnswerShare),
    answerCutNote: `_The answer was cut to fit in the job summary; the whole answer is in Omni${
      outcome.state === 'COMPLETE' && outcome.resultFile ? ' and in the result file (the `resultFile` output)' : ''
    }._`,
    queriesHeading: (count) => (count > 0 ? `### Queries (${formatCount(count)})` : '_No queries were run._'),
    table: { ...TableDefaults, maxRows: ctx.maxTableRows ?? TableDefaults.maxRows },
    query: queryBlock,
    facts: (lines) => ['### Details', '', ...lines].join('\n'),
    overflowNote: (omitted, shrunk) => overflowNote(outcome, omitted, shrunk),
  });
}

/** Tables longer than this are folded: the chart and the first lines of the page stay in view. */
const UnfoldedRows = 10;

/** A query under its own heading; the semantic query only in the whole one: a shortened one keeps its room for data. */
function queryBlock(query: QueryDigest, index: number, table: QueryTableOptions, main: boolean, whole: boolean): string {
  const title = `${query.status === 'success' ? '' : '❌ '}${queryTitle(query, index)}${query.status === 'success' ? ` · ${queryRows(query)}` : ''}`;
  const parts = [`#### ${escapeInline(title)}`];
  const fields = queryFields(query);
  if (fields) parts.push(fields);
  const chart = main && table.maxRows > 0 ? queryChart(query) : '';
  if (chart) parts.push(chart);
  if (table.maxRows > 0 || query.status === 'error') {
    const data = queryTable(query, table);
    parts.push(data.rows > UnfoldedRows ? details(`Data · ${plural(data.rows, 'row')}`, data.markdown) : data.markdown);
  } else {
    parts.push("_Data left out to keep the job summary under GitHub's size limit._");
  }
  if (whole && query.query) {
    const json = JSON.stringify(query.query, null, 2);
    if (json.length <= QueryJsonMaxChars) parts.push(details('Semantic query', codeBlock(json, 'json')));
  }
  return parts.join('\n\n');
}

function overflowNote(outcome: Outcome, omitted: number, shrunk: number): string {
  const where =
    outcome.state === 'COMPLETE' && outcome.resultFile
      ? 'the full result is in Omni and in the result file (the `resultFile` output)'
      : 'the full result is in Omni';
  return `**Not everything fit in the job summary** (GitHub's 1 MiB limit): ${queriesNotShown(omitted, shrunk)}; ${where}.`;
}
