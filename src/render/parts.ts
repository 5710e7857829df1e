/** Pieces of an outcome report shared by the summary, the comment and the suite report. Pure. */
import { parseCsv } from '../lib/csv.js';
import type { Outcome, OutcomeState } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import type { JobState } from '../omni/types.js';
import {
  codeBlock,
  escapeHtml,
  escapeInline,
  inlineCode,
  markdownTable,
  sanitizeMarkdownWithin,
  type Measure,
} from './markdown.js';
import { formatCount, formatDuration, plural, truncateText } from './text.js';

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
 * Why the outcome is what it is, for every state but a plain COMPLETE: Omni's error, the timeout,
 * who cancelled, or why the details of a complete answer are missing. Empty when nothing to say.
 */
export function stateExplanation(outcome: Outcome): string {
  switch (outcome.state) {
    case 'FAILED': {
      const { message, code, detail } = outcome.error;
      const lines = [`**Omni reported an error:** ${escapeInline(truncateText(message || 'no message', 2_000))}`];
      if (code) lines.push('', `**Code:** ${inlineCode(truncateText(code, 200))}`);
      if (detail) lines.push('', '**Detail:**', '', codeBlock(truncateText(detail, 4_000), 'text'));
      return lines.join('\n');
    }
    case 'TIMEOUT': {
      const cancel = outcome.cancelConfirmed
        ? 'The job was cancelled in Omni.'
        : 'The cancel could not be confirmed: the job may still be running in Omni.';
      return [
        `**Timed out** after ${plural(outcome.timeoutSeconds, 'second')} (\`timeoutSeconds\`); the job was ${LastStateWords[outcome.lastState]} (last state ${inlineCode(outcome.lastState)}).`,
        '',
        cancel,
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
      return `_The queries and data behind this answer could not be fetched (${escapeInline(truncateText(outcome.resultError, 500))}); the answer itself is complete. Open the conversation in Omni to see them._`;
  }
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

/** "✅ success · 1,234 rows · cut by Omni". */
export function queryStatusLine(query: QueryDigest): string {
  const parts = [query.status === 'success' ? '✅ success' : '❌ error', plural(query.totalRowCount, 'row')];
  if (query.truncatedByOmni) parts.push('truncated by Omni');
  return parts.join(' · ');
}

/** The query's data as a table with notes on what is not shown; empty when there is no data. */
export function queryTable(query: QueryDigest, options: QueryTableOptions): string {
  if (!query.csvHead.trim()) {
    if (query.status === 'error') return '_The query failed; no data._';
    return query.hasResults ? '_No data was returned with the result._' : '_No rows._';
  }
  const csv = parseCsv(query.csvHead, { maxRows: options.maxRows, stopEarly: true });
  const table = markdownTable(csv.header, csv.rows, { maxColumns: options.maxColumns, maxCellChars: options.maxCellChars });
  const notes: string[] = [];
  // With stopEarly the parse only knows a lower bound; Omni's count is the truth when larger.
  const total = Math.max(query.totalRowCount, csv.totalRows);
  if (csv.rows.length < total) notes.push(`first ${plural(csv.rows.length, 'row')} of ${formatCount(total)}`);
  const columns = Math.max(csv.header.length, ...csv.rows.map((r) => r.length));
  if (columns > options.maxColumns) notes.push(`first ${formatCount(options.maxColumns)} of ${formatCount(columns)} columns`);
  if (query.truncatedByOmni) notes.push('Omni returned only part of the rows');
  if (notes.length === 0) return table;
  return `${table}\n\n_Showing ${notes.join('; ')}._`;
}

/** Field names the query used, inline. */
export function queryFields(query: QueryDigest, max = 20): string {
  if (query.fields.length === 0) return '';
  const shown = query.fields.slice(0, max).map((f) => inlineCode(truncateText(f, 100)));
  const more = query.fields.length > max ? ` and ${formatCount(query.fields.length - max)} more` : '';
  return `**Fields:** ${shown.join(', ')}${more}`;
}

/** A path on the runner (resultFile), as inline code. */
export function pathCode(path: string): string {
  return inlineCode(truncateText(path, 500));
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
