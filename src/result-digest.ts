import { readFile } from 'node:fs/promises';
import type { AiJobResult } from './omni/types.js';
import type { QueryDigest, ResultDigest } from './outcome.js';

/** Reports show the first rows of each query; the whole document stays in resultFile. */
export const CsvHeadMaxRows = 100;
const CsvHeadMaxChars = 64 * 1024;
const QueryObjectMaxChars = 16 * 1024;
const TextMaxChars = 512 * 1024;

/** Reads the result document written by the client and keeps what reports need, bounded in size. */
export async function readResultDigest(file: string): Promise<ResultDigest> {
  const document = JSON.parse(await readFile(file, 'utf8')) as unknown;
  return digestResult(document);
}

/** Pure: tolerant of missing or odd fields, since every field of the result is optional. */
export function digestResult(document: unknown): ResultDigest {
  const result = (isObject(document) ? document : {}) as AiJobResult;
  const digest: ResultDigest = { queries: [] };
  const message = boundedText(result.message);
  const resultSummary = boundedText(result.resultSummary);
  if (message !== undefined) digest.message = message;
  if (resultSummary !== undefined) digest.resultSummary = resultSummary;
  if (typeof result.topic === 'string') digest.topic = result.topic;
  if (typeof result.omniChatUrl === 'string') digest.omniChatUrl = result.omniChatUrl;
  for (const action of Array.isArray(result.actions) ? result.actions : []) {
    if (isObject(action) && isObject(action.result)) digest.queries.push(digestQuery(action.result as Record<string, unknown>));
  }
  return digest;
}

function digestQuery(result: Record<string, unknown>): QueryDigest {
  const csv = typeof result.csvResult === 'string' ? result.csvResult : '';
  const head = csvHead(csv);
  const query = isObject(result.query) ? (result.query as Record<string, unknown>) : undefined;
  const digest: QueryDigest = {
    name: typeof result.queryName === 'string' ? result.queryName : 'Query',
    status: result.status === 'error' ? 'error' : 'success',
    totalRowCount: typeof result.totalRowCount === 'number' ? result.totalRowCount : 0,
    truncatedByOmni: result.csvResultWasTruncated === true,
    hasResults: result.hasResults === true,
    csvHead: head.text,
    csvHeadWasCut: head.cut,
    fields: Array.isArray(query?.fields) ? query.fields.filter((field): field is string => typeof field === 'string') : [],
  };
  if (query && JSON.stringify(query).length <= QueryObjectMaxChars) digest.query = query;
  return digest;
}

/** Header and first rows, cut at a record boundary (a newline outside quotes). */
export function csvHead(csv: string, maxRows = CsvHeadMaxRows, maxChars = CsvHeadMaxChars): { text: string; cut: boolean } {
  let records = 0;
  let inQuotes = false;
  const limit = Math.min(csv.length, maxChars);
  for (let index = 0; index < limit; index++) {
    const char = csv.charCodeAt(index);
    if (char === 0x22 /* " */) inQuotes = !inQuotes;
    else if (char === 0x0a /* \n */ && !inQuotes) {
      records++;
      // records counts the header too.
      if (records > maxRows) return { text: csv.slice(0, index).replace(/\r$/, ''), cut: hasMoreRecords(csv, index + 1) };
    }
  }
  if (csv.length <= maxChars) return { text: csv.replace(/\r?\n$/, ''), cut: false };
  const lastNewline = lastRecordEnd(csv, limit);
  return { text: csv.slice(0, lastNewline).replace(/\r$/, ''), cut: true };
}

function hasMoreRecords(csv: string, from: number): boolean {
  return csv.slice(from).trim().length > 0;
}

function lastRecordEnd(csv: string, limit: number): number {
  let inQuotes = false;
  let last = 0;
  for (let index = 0; index < limit; index++) {
    const char = csv.charCodeAt(index);
    if (char === 0x22) inQuotes = !inQuotes;
    else if (char === 0x0a && !inQuotes) last = index;
  }
  return last;
}

function boundedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > TextMaxChars ? value.slice(0, TextMaxChars) : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
