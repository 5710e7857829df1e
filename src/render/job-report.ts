/**
 * The layout the two reports of one job share, the sticky comment and the job summary: which
 * sections come in which order and which may give way to the size limit. Pure.
 */
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import { fitToBudget, type OverflowNote, type ReportSize, type Section } from './budget.js';
import type { Measure } from './markdown.js';
import {
  answerMarkdown,
  answerText,
  link,
  mainQueryIndex,
  promptQuote,
  requestFacts,
  stateBadge,
  stateExplanation,
  timingFacts,
  type QueryTableOptions,
  type ReportContext,
} from './parts.js';
import { plural } from './text.js';

/** What sets one report of a job apart from the other. */
export interface JobReportStyle {
  /** Where the report is written, within the budget the caller allows. */
  size: ReportSize;
  /** Markdown heading of the title line. */
  heading: '##' | '###';
  promptMaxChars: number;
  /** Room for the answer, in the size's unit. */
  answerMaxSize: number;
  /** Said where the answer was cut to fit. */
  answerCutNote: string;
  /** A line before the queries, given their number; absent: none. Shown only when the result was fetched. */
  queriesHeading?: (count: number) => string;
  /** Data tables at their largest; a query that does not fit gets fewer rows. */
  table: QueryTableOptions;
  /**
   * One query with `table`'s data rows; `whole` is the version shown when everything fits, a
   * shortened one may leave extras out to keep its room for data.
   */
  query: (query: QueryDigest, index: number, table: QueryTableOptions, main: boolean, whole: boolean) => string;
  /** The request and timing facts as a section. */
  facts: (lines: readonly string[]) => string;
  overflowNote: OverflowNote;
}

/**
 * Title, prompt, the answer (or why there is none), the queries behind it, the facts and the
 * links; within the style's size, queries giving way first.
 */
export function renderJobReport(outcome: Outcome, ctx: ReportContext, style: JobReportStyle): string {
  const sections: Section[] = [
    { text: `${style.heading} Omni AI answer · ${stateBadge(outcome.state)}`, required: true },
    { text: promptQuote(outcome.request.prompt, style.promptMaxChars), required: true },
  ];
  const explanation = stateExplanation(outcome);
  if (outcome.state !== 'COMPLETE' && explanation) sections.push({ text: explanation, required: true });

  if (outcome.state === 'COMPLETE') {
    const answer = answerMarkdown(answerText(outcome), style.answerMaxSize, style.size.measure, style.answerCutNote);
    sections.push({ text: answer.markdown, required: true });
    if (explanation) sections.push({ text: explanation, required: true });

    const queries = outcome.result?.queries ?? [];
    if (outcome.result && style.queriesHeading) sections.push({ text: style.queriesHeading(queries.length), required: true });
    const main = mainQueryIndex(queries);
    queries.forEach((query, index) => {
      const withRows = (maxRows: number, whole = false): string => style.query(query, index, { ...style.table, maxRows }, index === main, whole);
      sections.push(querySection(withRows(style.table.maxRows, true), withRows, style.table.maxRows, style.size.measure));
    });
  }

  sections.push(
    { text: style.facts([...requestFacts(outcome, ctx.modelLabel), ...timingFacts(outcome)]), required: true },
    { text: linksLine(outcome, ctx), required: true },
  );
  const { text } = fitToBudget(sections, style.size, style.overflowNote);
  return `${text}\n`;
}

/**
 * A query's section: whole while it fits, else with half the rows, a quarter…, then without data;
 * left out when even that does not fit. `withRows(n)` is the query with at most n rows of data.
 */
function querySection(whole: string, withRows: (maxRows: number) => string, maxRows: number, measure: Measure): Section {
  return {
    text: whole,
    shrink: (room) => {
      // Without data first: cheap, and if even that does not fit, nothing will.
      const bare = withRows(0);
      if (measure(bare) > room) return '';
      for (let rows = Math.floor(maxRows / 2); rows > 0; rows = Math.floor(rows / 2)) {
        const smaller = withRows(rows);
        if (measure(smaller) <= room) return smaller;
      }
      return bare;
    },
  };
}

/** What an overflow note says of the queries: "2 queries left out, 1 query shortened". */
export function queriesNotShown(omitted: number, shrunk: number): string {
  return [omitted > 0 ? `${plural(omitted, 'query', 'queries')} left out` : '', shrunk > 0 ? `${plural(shrunk, 'query', 'queries')} shortened` : '']
    .filter(Boolean)
    .join(', ');
}

/** The links that close a job's report: its conversation in Omni, and the workflow run when known. */
function linksLine(outcome: Outcome, ctx: ReportContext): string {
  const links = [link('Open the conversation in Omni', outcome.omniChatUrl)];
  if (ctx.runUrl) links.push(link('Workflow run', ctx.runUrl));
  return links.join(' · ');
}
