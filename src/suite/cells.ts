/** Reading the data behind an answer: which query, which column, what number a cell holds. Pure. */
import { parseCsv, type ParsedCsv } from '../lib/csv.js';
import type { Outcome } from '../job/outcome.js';
import type { QueryDigest } from '../omni/result-digest.js';
import type { QuerySelector } from './suite.js';

/**
 * The number a CSV cell shows, as Omni formats them: "1234.5", "1,234.50", "$1,234", "-€12",
 * "(1,234)" (accounting negative), "12.5%" (→ 12.5), "1 234". Undefined for anything else
 * (text, empty, dates).
 */
export function parseNumber(cell: string): number | undefined {
  let text = cell.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return undefined;
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1]!;
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  text = text.replace(/^[$€£¥₹]/, '').replace(/%$/, '');
  if (text.startsWith('-') && !negative) {
    // "$-12"
    negative = true;
    text = text.slice(1);
  }
  // Thousands separators only in their places: "1,234,567.89", never "1,2".
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^\.\d+$/.test(text)) return undefined;
  const value = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return negative ? -value : value;
}

/** Queries of a complete outcome with a fetched result; empty otherwise. */
export function queriesOf(outcome: Outcome): QueryDigest[] {
  return outcome.state === 'COMPLETE' ? (outcome.result?.queries ?? []) : [];
}

/**
 * The query the data expectations read: by 0-based index or name, else the last query that
 * returned data (the one the answer rests on): it succeeded with rows, not only a header. Else
 * the last query.
 */
export function selectQuery(queries: readonly QueryDigest[], selector?: QuerySelector): { query?: QueryDigest; index: number; why?: string } {
  if (queries.length === 0) return { index: -1, why: 'the answer ran no query' };
  if (typeof selector === 'number') {
    const query = queries[selector];
    return query ? { query, index: selector } : { index: -1, why: `there is no query ${selector} (the answer ran ${queries.length}, counted from 0)` };
  }
  if (typeof selector === 'string') {
    const index = queries.findIndex((q) => q.name.trim().toLowerCase() === selector.trim().toLowerCase());
    return index >= 0 ? { query: queries[index]!, index } : { index: -1, why: `no query is named '${selector}' (${queries.map((q) => `'${q.name}'`).join(', ')})` };
  }
  for (let index = queries.length - 1; index >= 0; index--) {
    const query = queries[index]!;
    if (returnedData(query)) return { query, index };
  }
  return { query: queries[queries.length - 1]!, index: queries.length - 1 };
}

/** The query ran and Omni says it has rows: a header-only CSV is no data. */
function returnedData(query: QueryDigest): boolean {
  return query.status === 'success' && query.hasResults && query.totalRowCount > 0;
}

/** The query's rows as fetched (csvHead: the header and first rows). */
export function queryData(query: QueryDigest): ParsedCsv {
  return parseCsv(query.csvHead);
}

/** Column by header name (trimmed, case-insensitive) or 0-based index; -1 when absent. */
export function findColumn(header: readonly string[], column: string | number): number {
  if (typeof column === 'number') return column < header.length ? column : -1;
  const wanted = column.trim().toLowerCase();
  return header.findIndex((name) => name.trim().toLowerCase() === wanted);
}

/** Every field any query of the answer used. */
export function fieldsUsed(queries: readonly QueryDigest[]): string[] {
  return [...new Set(queries.flatMap((q) => q.fields))];
}

/** The answer as reports show it and expectations read it: the summary and the final message. */
export function answerTexts(outcome: Outcome): string[] {
  if (outcome.state !== 'COMPLETE') return [];
  const texts = [outcome.resultSummary, outcome.result?.message ?? ''].map((t) => t.trim()).filter((t) => t !== '');
  return [...new Set(texts)];
}

/** "1,234.5" for messages. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}
