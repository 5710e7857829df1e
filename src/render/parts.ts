/** Pieces of an outcome report shared by the summary, the comment and the suite report. Pure. */
import { parseCsv, type ParsedCsv } from '../lib/csv.js';
import type { Outcome, OutcomeState } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import type { JobState } from '../omni/types.js';
import { selectQuery } from '../suite/cells.js';
import { chartData, ChartMaxRows, mermaidChart } from './chart.js';
import {
  codeBlock,
  escapeHtml,
  escapeInline,
  inlineCode,
  markdownTable,
  sanitizeMarkdownWithin,
  type Measure,
} from './markdown.js';
import { truncateText } from '../lib/text.js';
import { formatCount, formatDuration, plural } from './text.js';

export interface ReportContext {
  /** The workflow run (https://github.com/o/r/actions/runs/123): where "the rest" is. */
  runUrl?: string;
  /** Friendly name of the model, shown beside its id. */
  modelLabel?: string;
  /** Data rows per query table; default 10 in the comment, 50 in the summary. */
  maxTableRows?: number;
  /** Size limit overriding the default (comment: characters, summary: UTF-8 bytes). */
  budget?: number;
}

const UrlMaxChars = 2_000;
/** Names and ids we show (branch, topic, ids, paths): generous, but bounded. */
const NameMaxChars = 200;

const StateEmoji: Record<OutcomeState, string> = {
  COMPLETE: '✅',
  FAILED: '❌',
  CANCELLED: '🚫',
  TIMEOUT: '⏱️',
};

/** "✅ COMPLETE", "❌ FAILED", "🚫 CANCELLED", "⏱️ TIMEOUT". */
export function stateBadge(state: OutcomeState): string {
  return `${StateEmoji[state]} ${state}`;
}

/**
 * An http(s) URL fit for a markdown link destination, credentials dropped; undefined otherwise.
 * "@" is encoded too: no text we write looks like a mention, even inside a link.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  if (!raw || raw.length > UrlMaxChars) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  url.username = '';
  url.password = '';
  return url.href.replace(/[()'\s<>"`@\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)`, or just the text when the URL is unusable. */
export function link(text: string, url: string | undefined): string {
  const href = safeUrl(url);
  const label = escapeInline(text);
  return href ? `[${label}](${href})` : label;
}

/** Omni's timestamps as "2025-01-15 10:00:08 UTC"; anything unparsable shown literally. */
export function formatTimestamp(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return escapeInline(truncateText(value, 64));
  return `${date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} UTC`;
}

/** The prompt as a blockquote (every line, so nothing in it escapes the quote). */
export function promptQuote(prompt: string, maxChars: number): string {
  const text = prompt.trim().replace(/\n\s*\n(\s*\n)+/g, '\n\n') || '(empty prompt)';
  const { markdown } = sanitizeMarkdownWithin(text, maxChars);
  return markdown
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Model, branch, topic, conversation and job, as a bullet list. */
export function requestFacts(outcome: Outcome, modelLabel?: string): string[] {
  const { request } = outcome;
  const code = (value: string): string => inlineCode(truncateText(value, NameMaxChars));
  const model = modelLabel ? `${escapeInline(truncateText(modelLabel, NameMaxChars))} (${code(request.modelId)})` : code(request.modelId);
  let branch = 'shared model';
  if (request.branchName && request.branchId) branch = `${code(request.branchName)} (${code(request.branchId)})`;
  else if (request.branchName) branch = code(request.branchName);
  else if (request.branchId) branch = code(request.branchId);
  const topic = outcome.topicName ?? request.topicName;
  const facts = [`- **Model:** ${model}`, `- **Branch:** ${branch}`];
  if (topic) facts.push(`- **Topic:** ${code(topic)}`);
  if (outcome.conversationId) {
    const continued = request.conversationId ? ' (continued)' : '';
    facts.push(`- **Conversation:** ${code(outcome.conversationId)}${continued}`);
  }
  if (outcome.jobId) facts.push(`- **Job:** ${code(outcome.jobId)}`);
  return facts;
}

/** Created, started, finished and how long the action waited. */
export function timingFacts(outcome: Outcome): string[] {
  const { timings } = outcome;
  const facts: string[] = [];
  if (timings.createdAt) facts.push(`- **Created:** ${formatTimestamp(timings.createdAt)}`);
  if (timings.executionStartedAt) facts.push(`- **Started:** ${formatTimestamp(timings.executionStartedAt)}`);
  if (timings.finishedAt) facts.push(`- **Finished:** ${formatTimestamp(timings.finishedAt)}`);
  facts.push(`- **Waited:** ${formatDuration(timings.waitedMs)}`);
  return facts;
}

const LastStateWords: Record<JobState, string> = {
  QUEUED: 'still queued',
  EXECUTING: 'still executing',
  DELIVERING: 'delivering its result',
  COMPLETE: 'complete',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/**
 * Why the outcome is what it is, for every state but a plain COMPLETE, and what to do about it:
 * Omni's error, the timeout, who cancelled, or why the details of a complete answer are missing.
 * Empty when there is nothing to say.
 */
export function stateExplanation(outcome: Outcome): string {
  switch (outcome.state) {
    case 'FAILED': {
      const { message, code, detail } = outcome.error;
      const lines = [`**Omni reported an error:** ${escapeInline(truncateText(message || 'no message', 2_000))}`];
      if (code) lines.push('', `**Code:** ${inlineCode(truncateText(code, 200))}`);
      if (detail) lines.push('', ...detailLines(detail));
      return lines.join('\n');
    }
    case 'TIMEOUT': {
      const stop = outcome.cancelConfirmed
        ? 'The job was cancelled in Omni.'
        : `The cancel was not confirmed, so the job may still be running in Omni; the action's post step tries again. To stop it yourself, ${link('open the conversation in Omni', outcome.omniChatUrl)} and stop the answer there, or cancel job ${inlineCode(outcome.jobId)} through Omni's API (\`POST /v1/ai/jobs/{jobId}/cancel\`).`;
      return [
        `**Timed out** after ${formatDuration(outcome.timeoutSeconds * 1000)}: the job was ${LastStateWords[outcome.lastState]} (last state ${inlineCode(outcome.lastState)}). If answers need longer, raise \`timeoutSeconds\` (now ${formatCount(outcome.timeoutSeconds)}).`,
        '',
        stop,
      ].join('\n');
    }
    case 'CANCELLED': {
      const who =
        outcome.cancelledBy === 'workflow'
          ? '**Cancelled by the workflow run:** the run was cancelled, so the Omni job was cancelled too.'
          : '**Cancelled in Omni**, by a user or by Omni, before it finished.';
      return outcome.cancelledAt ? `${who}\n\nCancelled at ${formatTimestamp(outcome.cancelledAt)}.` : who;
    }
    case 'COMPLETE':
      if (outcome.result || !outcome.resultError) return '';
      return `_The queries and data behind this answer could not be fetched: ${escapeInline(truncateText(inWords(outcome.resultError), 500).replace(/[.\s]+$/, ''))}. The answer itself is complete; the conversation in Omni shows the queries._`;
  }
}

/** Omni's detail: wrapped text when it is one line (a code block would run off the page), else code. */
function detailLines(detail: string): string[] {
  const text = truncateText(detail.trim(), 4_000);
  return text.includes('\n') ? ['**Detail:**', '', codeBlock(text, 'text')] : [`**Detail:** ${escapeInline(text)}`];
}

const StatusWords: Record<string, string> = {
  '401': 'Omni rejected the API key',
  '403': 'Omni refused',
  '404': 'Omni no longer has it',
  '429': "Omni's rate limit was exceeded",
};

/** "GET /jobs/…/result answered 404 (result expired)" → "Omni no longer has it (result expired)". */
export function inWords(message: string): string {
  return message.replace(/\b(?:GET|POST|PUT|PATCH|DELETE) \/\S* answered (\d{3})/g, (_all, status: string) =>
    StatusWords[status] ?? (status.startsWith('5') ? 'Omni failed with a server error' : `Omni answered ${status}`),
  );
}

/** The answer Omni gave: resultSummary, or the final message when the summary is empty. */
export function answerText(outcome: Outcome): string {
  if (outcome.state !== 'COMPLETE') return '';
  return outcome.resultSummary.trim() || outcome.result?.message?.trim() || '';
}

/** The answer, sanitised, within maxSize (in measure's unit); says so when it was cut. */
export function answerMarkdown(answer: string, maxSize: number, measure: Measure, cutNote: string): { markdown: string; cut: boolean } {
  if (!answer) return { markdown: '_Omni returned an empty answer._', cut: false };
  const { markdown, cut } = sanitizeMarkdownWithin(answer, maxSize, measure);
  return { markdown: cut ? `${markdown}\n\n${cutNote}` : markdown, cut };
}

export interface QueryTableOptions {
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

export interface QueryTable {
  /** The table and the note on what it leaves out; empty when there is no data. */
  markdown: string;
  /** Data rows shown. */
  rows: number;
}

/** The query's data as a table with notes on what is not shown. */
export function queryTable(query: QueryDigest, options: QueryTableOptions): QueryTable {
  if (!query.csvHead.trim()) {
    if (query.status === 'error') return { markdown: queryFailure(query), rows: 0 };
    return { markdown: query.hasResults ? '_No data was returned with the result._' : '_No rows._', rows: 0 };
  }
  const csv = parseCsv(query.csvHead, { maxRows: options.maxRows, stopEarly: true });
  const table = markdownTable(csv.header, csv.rows, {
    maxColumns: options.maxColumns,
    maxCellChars: options.maxCellChars,
  });
  const notes: string[] = [];
  // With stopEarly the parse only knows a lower bound; Omni's count is the truth when larger.
  const total = Math.max(query.totalRowCount, csv.totalRows);
  if (csv.rows.length < total) notes.push(`first ${plural(csv.rows.length, 'row')} of ${formatCount(total)}`);
  const columns = Math.max(csv.header.length, ...csv.rows.map((r) => r.length));
  if (columns > options.maxColumns) notes.push(`first ${formatCount(options.maxColumns)} of ${formatCount(columns)} columns`);
  if (query.truncatedByOmni) notes.push('Omni returned only part of the rows');
  const markdown = notes.length === 0 ? table : `${table}\n\n_Showing ${notes.join('; ')}._`;
  return { markdown, rows: csv.rows.length };
}

/** Why the query failed, in Omni's words when the result has them. */
export function queryFailure(query: QueryDigest): string {
  const reason = query.failure?.trim();
  return reason ? `_The query failed:_ ${escapeInline(truncateText(reason, 1_000))}` : '_The query failed; Omni gave no reason._';
}

/** "5 rows" for a query that ran; "failed" for one that did not. */
export function queryRows(query: QueryDigest): string {
  return query.status === 'success' ? plural(query.totalRowCount, 'row') : 'failed';
}

/** The query an answer rests on: the last one that returned data. */
export function mainQueryIndex(queries: readonly QueryDigest[]): number {
  const { query, index } = selectQuery(queries);
  return query && query.status === 'success' && query.csvHead.trim() ? index : -1;
}

/** The query's data as a chart, when one dimension and one or two measures make one; else ''. */
export function queryChart(query: QueryDigest): string {
  const data = chartOf(query);
  return data ? mermaidChart(data) : '';
}

function chartOf(query: QueryDigest): ReturnType<typeof chartData> {
  if (query.status !== 'success' || !query.csvHead.trim()) return undefined;
  const csv: ParsedCsv = parseCsv(query.csvHead, { maxRows: ChartMaxRows, stopEarly: true });
  return chartData(csv, query.fields, query.totalRowCount);
}

/**
 * The branch's data against the shared model's, when both are one dimension with the same
 * values (in any order) and the same first measure; else ''. Rows only one side has would show
 * as a zero that is not in the data, so then no chart is drawn.
 */
export function compareChart(branch: QueryDigest, shared: QueryDigest): string {
  const b = chartOf(branch);
  const s = chartOf(shared);
  if (!b || !s) return '';
  const measure = b.measures[0];
  const sharedMeasure = s.measures.find((m) => m.name === measure?.name);
  if (!measure || !sharedMeasure || b.dimension.name !== s.dimension.name) return '';
  if (b.totalRows !== s.totalRows || b.dimension.values.length !== s.dimension.values.length) return '';
  const sharedByKey = new Map(s.dimension.values.map((key, k) => [key, sharedMeasure.values[k] as string]));
  if (sharedByKey.size !== s.dimension.values.length) return '';
  const secondValues = b.dimension.values.map((key) => sharedByKey.get(key));
  if (secondValues.some((v) => v === undefined)) return '';
  return mermaidChart(
    { ...b, measures: [measure] },
    { compare: { first: 'this branch', second: 'shared model', secondValues: secondValues as string[] } },
  );
}

/** Field names the query used, inline. */
export function queryFields(query: QueryDigest, max = 20): string {
  if (query.fields.length === 0) return '';
  const shown = query.fields.slice(0, max).map((f) => inlineCode(truncateText(f, 100)));
  const more = query.fields.length > max ? ` and ${formatCount(query.fields.length - max)} more` : '';
  return `**Fields:** ${shown.join(', ')}${more}`;
}

/** A one-line title for a query: "1. Top products". */
export function queryTitle(query: QueryDigest, index: number): string {
  return `${index + 1}. ${truncateText(query.name.replace(/\s+/g, ' ').trim() || 'Query', 200)}`;
}

/** `<details>` with a summary line we escape; the body must be our own markdown. */
export function details(summary: string, body: string, open = false): string {
  // One line: the <summary> line starts an HTML block, which a blank line would end early.
  const summaryHtml = escapeHtml(summary.replace(/\s+/g, ' ').trim());
  return `<details${open ? ' open' : ''}><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}
