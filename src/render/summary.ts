/** The job summary for one outcome: everything, within GitHub's 1 MiB. Pure. */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { fitToBudget, SummaryBudget, type Section } from './budget.js';
import { byteLength, codeBlock, escapeInline } from './markdown.js';
import {
  answerMarkdown,
  answerText,
  details,
  link,
  mainQueryIndex,
  promptQuote,
  queryChart,
  queryFields,
  queryRows,
  queryTable,
  queryTitle,
  requestFacts,
  stateBadge,
  stateExplanation,
  timingFacts,
  type QueryTableOptions,
  type ReportContext,
} from './parts.js';
import { formatCount, plural } from './text.js';

export type { ReportContext } from './parts.js';

/** Room left under GitHub's limit for what core.summary adds and for redaction. */
const PromptMaxChars = 20_000;
/** The answer may take about half; the rest goes to the queries. */
const AnswerShare = 0.5;
const QueryJsonMaxChars = 8_000;
const TableDefaults = { maxRows: 50, maxColumns: 40, maxCellChars: 200 };

/** Markdown for $GITHUB_STEP_SUMMARY: under 1 MiB of UTF-8 whatever the outcome holds. */
export function renderSummary(outcome: Outcome, ctx: ReportContext): string {
  const budget = Math.min(ctx.budget ?? SummaryBudget, SummaryBudget);
  const table: QueryTableOptions = { ...TableDefaults, maxRows: ctx.maxTableRows ?? TableDefaults.maxRows };
  const sections: Section[] = [
    { text: `## Omni AI answer · ${stateBadge(outcome.state)}`, required: true },
    { text: promptQuote(outcome.request.prompt, Math.min(PromptMaxChars, Math.floor(budget / 16))), required: true },
  ];
  const explanation = stateExplanation(outcome);
  if (outcome.state !== 'COMPLETE' && explanation) sections.push({ text: explanation, required: true });

  if (outcome.state === 'COMPLETE') {
    const cutNote = `_The answer was cut to fit in the job summary; the whole answer is in Omni${
      outcome.resultFile ? ' and in the result file (the `resultFile` output)' : ''
    }._`;
    const answer = answerMarkdown(answerText(outcome), Math.floor(budget * AnswerShare), byteLength, cutNote);
    sections.push({ text: answer.markdown, required: true });
    if (explanation) sections.push({ text: explanation, required: true });

    const queries = outcome.result?.queries ?? [];
    if (outcome.result) {
      sections.push({
        text: queries.length > 0 ? `### Queries (${formatCount(queries.length)})` : '_No queries were run._',
        required: true,
      });
    }
    const main = mainQueryIndex(queries);
    queries.forEach((query, index) => sections.push(querySection(query, index, table, index === main)));
  }

  sections.push(
    { text: ['### Details', '', ...requestFacts(outcome, ctx.modelLabel), ...timingFacts(outcome)].join('\n'), required: true },
    { text: linksLine(outcome, ctx), required: true },
  );

  const { text } = fitToBudget(sections, budget, {
    measure: byteLength,
    overflowNote: (omitted, shrunk) => overflowNote(outcome, omitted, shrunk),
  });
  return `${text}\n`;
}

function linksLine(outcome: Outcome, ctx: ReportContext): string {
  const links = [link('Open the conversation in Omni', outcome.omniChatUrl)];
  if (ctx.runUrl) links.push(link('Workflow run', ctx.runUrl));
  return links.join(' · ');
}

/** Tables longer than this are folded: the chart and the first lines of the page stay in view. */
const UnfoldedRows = 10;

function queryBlock(query: QueryDigest, index: number, table: QueryTableOptions, withJson: boolean, main: boolean): string {
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
  if (withJson && query.query) {
    const json = JSON.stringify(query.query, null, 2);
    if (json.length <= QueryJsonMaxChars) parts.push(details('Semantic query', codeBlock(json, 'json')));
  }
  return parts.join('\n\n');
}

/** A query with fewer rows, then without data, when the whole does not fit. */
function querySection(query: QueryDigest, index: number, table: QueryTableOptions, main: boolean): Section {
  return {
    text: queryBlock(query, index, table, true, main),
    shrink: (room) => {
      // Without data first: cheap, and if even that does not fit, nothing will.
      const bare = queryBlock(query, index, { ...table, maxRows: 0 }, false, main);
      if (byteLength(bare) > room) return '';
      for (let rows = Math.floor(table.maxRows / 2); rows > 0; rows = Math.floor(rows / 2)) {
        const smaller = queryBlock(query, index, { ...table, maxRows: rows }, false, main);
        if (byteLength(smaller) <= room) return smaller;
      }
      return bare;
    },
  };
}

function overflowNote(outcome: Outcome, omitted: number, shrunk: number): string {
  const what = [
    omitted > 0 ? `${plural(omitted, 'query', 'queries')} left out` : '',
    shrunk > 0 ? `${plural(shrunk, 'query', 'queries')} shortened` : '',
  ].filter(Boolean);
  const where =
    outcome.state === 'COMPLETE' && outcome.resultFile
      ? 'the full result is in Omni and in the result file (the `resultFile` output)'
      : 'the full result is in Omni';
  return `**Not everything fit in the job summary** (GitHub's 1 MiB limit): ${what.join(', ')}; ${where}.`;
}
