/** The sticky PR comment for one outcome: the answer up front, details folded. Pure. */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { CommentBudget, fitToBudget, type Section } from './budget.js';
import { charLength } from './markdown.js';
import {
  answerMarkdown,
  answerText,
  details,
  link,
  promptQuote,
  mainQueryIndex,
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
import { plural } from './text.js';

export type { ReportContext } from './parts.js';

/** Room under GitHub's limit for redaction, which may lengthen short secrets into "***". */
const PromptMaxChars = 1_000;
const AnswerMaxChars = 30_000;
const TableDefaults = { maxRows: 10, maxColumns: 12, maxCellChars: 100 };

/** Markdown for the PR comment, leaving room for the sticky marker the GitHub writer adds. */
export function renderComment(outcome: Outcome, ctx: ReportContext): string {
  const budget = Math.min(ctx.budget ?? CommentBudget, CommentBudget);
  const table: QueryTableOptions = { ...TableDefaults, maxRows: ctx.maxTableRows ?? TableDefaults.maxRows };
  const summaryLink = ctx.runUrl ? `the job summary of the ${link('workflow run', ctx.runUrl)}` : "the workflow run's job summary";
  const sections: Section[] = [
    { text: `### Omni AI answer · ${stateBadge(outcome.state)}`, required: true },
    { text: promptQuote(outcome.request.prompt, PromptMaxChars), required: true },
  ];
  const explanation = stateExplanation(outcome);
  if (outcome.state !== 'COMPLETE' && explanation) sections.push({ text: explanation, required: true });

  if (outcome.state === 'COMPLETE') {
    const cutNote = `_The answer was cut to fit in a comment; read it whole in ${summaryLink} or in Omni._`;
    const answer = answerMarkdown(answerText(outcome), Math.min(AnswerMaxChars, Math.floor(budget / 2)), charLength, cutNote);
    sections.push({ text: answer.markdown, required: true });
    if (explanation) sections.push({ text: explanation, required: true });
    const queries = outcome.result?.queries ?? [];
    const main = mainQueryIndex(queries);
    queries.forEach((query, index) => sections.push(querySection(query, index, table, index === main)));
  }

  sections.push(
    { text: details('Details', [...requestFacts(outcome, ctx.modelLabel), ...timingFacts(outcome)].join('\n')), required: true },
    { text: linksLine(outcome, ctx), required: true },
  );

  const { text } = fitToBudget(sections, budget, {
    measure: charLength,
    overflowNote: (omitted, shrunk) => {
      const what = [
        omitted > 0 ? `${plural(omitted, 'query', 'queries')} left out` : '',
        shrunk > 0 ? `${plural(shrunk, 'query', 'queries')} shortened` : '',
      ].filter(Boolean);
      return `_Not everything fit in this comment (${what.join(', ')}): see ${summaryLink}._`;
    },
  });
  return `${text}\n`;
}

function linksLine(outcome: Outcome, ctx: ReportContext): string {
  const links = [link('Open the conversation in Omni', outcome.omniChatUrl)];
  if (ctx.runUrl) links.push(link('Workflow run', ctx.runUrl));
  return links.join(' · ');
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

function querySection(query: QueryDigest, index: number, table: QueryTableOptions, main: boolean): Section {
  return {
    text: queryBlock(query, index, table, main),
    shrink: (room) => {
      // Without data first: cheap, and if even that does not fit, nothing will.
      const bare = queryBlock(query, index, { ...table, maxRows: 0 }, main);
      if (bare.length > room) return '';
      for (let rows = Math.floor(table.maxRows / 2); rows > 0; rows = Math.floor(rows / 2)) {
        const smaller = queryBlock(query, index, { ...table, maxRows: rows }, main);
        if (smaller.length <= room) return smaller;
      }
      return bare;
    },
  };
}
