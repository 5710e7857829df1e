import { createReadStream } from 'node:fs';
import { JsonStreamParser, type JsonHandler, type JsonScalar, type StringSink } from '../lib/json-stream.js';
import type { AiJobResult } from './types.js';

/** One query the AI ran, reduced to what reports show. */
export interface QueryDigest {
  name: string;
  status: 'success' | 'error';
  totalRowCount: number;
  /** Omni cut csvResult itself (csvResultWasTruncated). */
  truncatedByOmni: boolean;
  hasResults: boolean;
  /** Header plus the first rows of csvResult, as CSV text (bounded in size). */
  csvHead: string;
  /** csvHead holds fewer rows than csvResult did. */
  csvHeadWasCut: boolean;
  /** Field names the semantic query used (query.fields), when present. */
  fields: string[];
  /** The semantic query object as Omni returned it (bounded: omitted when large). */
  query?: Record<string, unknown>;
  /** Why a query failed (status error), as Omni said it: the result's error, else the action's message. */
  failure?: string;
}

/** The parts of GET /jobs/{id}/result that reports need; the full document goes to resultFile. */
export interface ResultDigest {
  message?: string;
  resultSummary?: string;
  topic?: string;
  omniChatUrl?: string;
  queries: QueryDigest[];
}

/** Reports show the first rows of each query; the whole document stays in resultFile. */
export const CsvHeadMaxRows = 100;
const CsvHeadMaxChars = 64 * 1024;
const QueryObjectMaxChars = 16 * 1024;
const TextMaxChars = 512 * 1024;
const FieldsMax = 1_000;
const FieldMaxChars = 1_024;
const FailureMaxChars = 2_000;
const ReadChunkBytes = 256 * 1024;

/**
 * Reads the result document written by the client and keeps what reports need, bounded in size.
 * The file is read as a stream: memory holds the digest and one chunk, never the document, so a
 * result of tens of megabytes costs what a small one does.
 */
export async function readResultDigest(file: string): Promise<ResultDigest> {
  const reducer = new ResultReducer();
  const parser = new JsonStreamParser(reducer);
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: ReadChunkBytes })) parser.write(chunk as string);
  parser.end();
  return digestResult(reducer.document());
}

/** Pure: tolerant of missing or odd fields, since every field of the result is optional. */
export function digestResult(document: unknown): ResultDigest {
  const result = (isObject(document) ? document : {}) as AiJobResult;
  const digest: ResultDigest = { queries: [] };
  const message = boundedText(result.message);
  const resultSummary = boundedText(result.resultSummary);
  const topic = boundedText(result.topic);
  const omniChatUrl = boundedText(result.omniChatUrl);
  if (message !== undefined) digest.message = message;
  if (resultSummary !== undefined) digest.resultSummary = resultSummary;
  if (topic !== undefined) digest.topic = topic;
  if (omniChatUrl !== undefined) digest.omniChatUrl = omniChatUrl;
  for (const action of Array.isArray(result.actions) ? result.actions : []) {
    if (isObject(action) && isObject(action.result)) digest.queries.push(digestQuery(action.result as Record<string, unknown>, action.message));
  }
  return digest;
}

function digestQuery(result: Record<string, unknown>, actionMessage: unknown): QueryDigest {
  const csv = typeof result.csvResult === 'string' ? result.csvResult : '';
  const head = csvHead(csv);
  const query = isObject(result.query) ? (result.query as Record<string, unknown>) : undefined;
  const digest: QueryDigest = {
    name: boundedText(result.queryName) ?? 'Query',
    status: result.status === 'error' ? 'error' : 'success',
    totalRowCount: typeof result.totalRowCount === 'number' ? result.totalRowCount : 0,
    truncatedByOmni: result.csvResultWasTruncated === true,
    hasResults: result.hasResults === true,
    csvHead: head.text,
    csvHeadWasCut: head.cut,
    fields: Array.isArray(query?.fields) ? fieldNames(query.fields) : [],
  };
  if (query && !(Oversized in query) && JSON.stringify(query).length <= QueryObjectMaxChars) digest.query = query;
  if (digest.status === 'error') {
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
    const failure = text(result.error) ?? text(actionMessage);
    if (failure) digest.failure = failure.slice(0, FailureMaxChars);
  }
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

function fieldNames(fields: unknown[]): string[] {
  return fields
    .filter((field): field is string => typeof field === 'string')
    .slice(0, FieldsMax)
    .map((field) => field.slice(0, FieldMaxChars));
}

function boundedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > TextMaxChars ? value.slice(0, TextMaxChars) : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/*
 * Reading the file: a reduced document with the same answers to every question digestResult
 * asks, built while the JSON streams past. Members digestResult never reads are skipped; strings
 * it reads are kept only as far as it looks (a csvResult's head, capped texts); a value of the
 * wrong type is kept as an empty stand-in of its type, which digestResult treats alike.
 */

/** Marks a query object too large to keep: only its `fields` were read. */
const Oversized = Symbol('oversized query');

/** Enough of a csvResult for csvHead to give what it gives for the whole string. */
const CsvKeepChars = CsvHeadMaxChars + 1;

/** What a value is for digestResult, from where it sits in the document. */
type Role =
  | 'root'
  | 'actions'
  | 'action'
  | 'queryResult'
  | 'query'
  /** query.fields: kept in the query, and its strings collected apart (they outlive a large query). */
  | 'fields'
  | 'fieldName'
  /** Anything else inside a query object: kept while the query stays small. */
  | 'inQuery'
  | 'text'
  | 'csv'
  | 'scalar'
  | 'skip';

const RootMembers: Record<string, Role> = { message: 'text', resultSummary: 'text', topic: 'text', omniChatUrl: 'text', actions: 'actions' };
const ResultMembers: Record<string, Role> = {
  queryName: 'text',
  status: 'text',
  csvResult: 'csv',
  query: 'query',
  totalRowCount: 'scalar',
  csvResultWasTruncated: 'scalar',
  hasResults: 'scalar',
  error: 'text',
};

interface Frame {
  role: Role;
  /** Where the members go; undefined when they are not kept. */
  container: Record<string, unknown> | unknown[] | undefined;
  array: boolean;
  key: string;
  /** Members or elements so far (the size bound counts the commas between them). */
  members: number;
}

/** The query object being read: a lower bound of its JSON.stringify length, and its fields. */
interface QueryRead {
  size: number;
  tooLarge: boolean;
  fields: unknown;
}

class ResultReducer implements JsonHandler {
  private root: unknown;
  private readonly frames: Frame[] = [];
  private query: QueryRead = { size: 0, tooLarge: false, fields: undefined };

  document(): unknown {
    return this.root;
  }

  openObject(): void {
    this.open(this.childRole(), {});
  }

  openArray(): void {
    this.open(this.childRole(), []);
  }

  key(name: string): void {
    const frame = this.top()!;
    frame.key = name;
    if (frame.role === 'query' || frame.role === 'inQuery') this.charge((frame.members > 0 ? 1 : 0) + name.length + 3);
    frame.members++;
  }

  closeObject(): void {
    this.close();
  }

  closeArray(): void {
    this.close();
  }

  openString(): StringSink | undefined {
    const role = this.childRole();
    switch (role) {
      case 'skip':
        return undefined;
      case 'text':
        return new Prefix(TextMaxChars, (text) => this.place(text));
      case 'csv':
        return new CsvPrefix((text) => this.place(text));
      case 'fields':
      case 'fieldName':
      case 'inQuery':
        return this.queryString(role);
      default:
        // A string where digestResult wants another type: the type is all that matters.
        this.place('');
        return undefined;
    }
  }

  scalar(value: JsonScalar): void {
    const role = this.childRole();
    if (role === 'skip') return;
    if (role === 'fields' || role === 'fieldName' || role === 'inQuery') {
      this.charge(value === null || value === true ? 4 : value === false ? 5 : 1);
      if (role === 'fields') this.query.fields = value;
      if (this.query.tooLarge) return;
    }
    this.place(value);
  }

  private open(role: Role, container: Record<string, unknown> | unknown[]): void {
    const isArray = Array.isArray(container);
    let kept: Frame['container'] = container;
    let childRole: Role = role;
    switch (role) {
      case 'skip':
        kept = undefined;
        break;
      case 'root':
      case 'action':
      case 'queryResult':
        if (isArray) childRole = 'skip';
        break;
      case 'actions':
        if (!isArray) childRole = 'skip';
        break;
      case 'query':
        if (isArray) childRole = 'skip';
        else this.query = { size: 2, tooLarge: false, fields: undefined };
        break;
      case 'fields':
      case 'fieldName':
      case 'inQuery':
        this.charge(2);
        if (role === 'fields') this.query.fields = isArray ? [] : {};
        childRole = role === 'fields' && isArray ? 'fields' : 'inQuery';
        if (this.query.tooLarge) kept = undefined;
        break;
      default:
        // text, csv or scalar as a container: an empty stand-in of the same type.
        childRole = 'skip';
    }
    if (kept) this.place(kept);
    this.frames.push({ role: childRole, container: childRole === 'skip' ? undefined : kept, array: isArray, key: '', members: 0 });
  }

  private close(): void {
    const frame = this.frames.pop()!;
    if (frame.role !== 'query') return;
    if (!this.query.tooLarge) return;
    const reduced: Record<string | symbol, unknown> = { [Oversized]: true };
    if (this.query.fields !== undefined) reduced.fields = this.query.fields;
    this.place(reduced);
  }

  /** A string inside a query object: kept while the query is small; field names collected apart. */
  private queryString(role: Role): StringSink {
    this.charge(2);
    const fields = role === 'fieldName' && Array.isArray(this.query.fields) ? this.query.fields : undefined;
    const collect = fields && fields.length < FieldsMax ? new Prefix(FieldMaxChars, (name) => fields.push(name)) : undefined;
    let kept = '';
    return {
      push: (piece) => {
        collect?.push(piece);
        this.charge(piece.length);
        if (!this.query.tooLarge) kept += piece;
      },
      end: () => {
        collect?.end();
        if (role === 'fields') this.query.fields = '';
        if (!this.query.tooLarge) this.place(kept);
      },
    };
  }

  /** The role of the value about to start, from its container and member name. */
  private childRole(): Role {
    const frame = this.top();
    if (!frame) return 'root';
    switch (frame.role) {
      case 'root':
        return RootMembers[frame.key] ?? 'skip';
      case 'actions':
        return 'action';
      case 'action':
        return frame.key === 'result' ? 'queryResult' : frame.key === 'message' ? 'text' : 'skip';
      case 'queryResult':
        return ResultMembers[frame.key] ?? 'skip';
      case 'query':
        return frame.key === 'fields' ? 'fields' : 'inQuery';
      case 'fields':
        if (frame.members++ > 0) this.charge(1);
        return 'fieldName';
      case 'inQuery':
        if (frame.array && frame.members++ > 0) this.charge(1);
        return 'inQuery';
      default:
        return 'skip';
    }
  }

  /** Puts a value where the current member or element goes. */
  private place(value: unknown): void {
    const frame = this.top();
    if (!frame) this.root = value;
    else if (Array.isArray(frame.container)) frame.container.push(value);
    else if (frame.container) setMember(frame.container, frame.key, value);
  }

  private charge(chars: number): void {
    this.query.size += chars;
    if (this.query.size > QueryObjectMaxChars) this.query.tooLarge = true;
  }

  private top(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }
}

/** Like JSON.parse: a member named __proto__ is an own property, not the prototype. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** Keeps the first `max` characters of a string. */
class Prefix implements StringSink {
  private text = '';

  constructor(
    private readonly max: number,
    private readonly done: (text: string) => void,
  ) {}

  push(piece: string): void {
    if (this.text.length < this.max) this.text += piece.slice(0, this.max - this.text.length);
  }

  end(): void {
    this.done(this.text);
  }
}

/**
 * A csvResult's first CsvKeepChars characters, plus one non-blank character when anything but
 * whitespace follows them, which is all csvHead can tell about the rest.
 */
class CsvPrefix implements StringSink {
  private text = '';
  private more = false;

  constructor(private readonly done: (text: string) => void) {}

  push(piece: string): void {
    const room = CsvKeepChars - this.text.length;
    if (room > 0) this.text += piece.slice(0, room);
    if (!this.more && piece.length > room && /\S/.test(piece.slice(Math.max(0, room)))) this.more = true;
  }

  end(): void {
    this.done(this.more ? `${this.text}…` : this.text);
  }
}
