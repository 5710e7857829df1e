/**
 * Test helpers for the emulator's own tests: HTTP calls that validate every JSON answer (and every
 * routine request body) against Omni's OpenAPI schemas, and waiting for job states without sleeping
 * longer than needed.
 */
import { expect } from 'vitest';
import type { Emulator, EmulatedJob, JobState } from './index.js';
import { jobsOpenApi, routinesOpenApi } from './openapi-validator.js';

export interface CallOptions {
  /** 'org' | 'personal' for the emulator's keys, another string for a raw token, null for none. */
  key?: 'org' | 'personal' | string | null;
  body?: unknown;
  /** Sent as is (overrides body). */
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Skip the OpenAPI check (for answers that are deliberately not Omni's, e.g. 405). */
  unchecked?: boolean;
  /**
   * Routines and whoami paths: what the routines schema must say about the JSON body sent.
   * 'valid' (default) fails the test unless it validates; 'invalid' unless the schema refuses it too
   * (for rules the schema states); 'unchecked' for rules only the docs state, or non-JSON bodies.
   */
  requestSchema?: 'valid' | 'invalid' | 'unchecked';
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Which vendored document describes a path: the routines one (routines, whoami) or the jobs one. */
function routinesPath(path: string): boolean {
  return routinesOpenApi.resolvePathTemplate(path.startsWith('/api') ? path : `/api${path}`) !== undefined;
}

export interface CallResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  emu: Emulator,
  method: Method,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const routines = routinesPath(path);
  // PUT is the docs page's method for the update Omni's spec calls PATCH: held to PATCH's schema.
  const schemaMethod = routines && method === 'PUT' ? 'PATCH' : method;
  if (routines && options.body !== undefined && options.rawBody === undefined && (options.requestSchema ?? 'valid') !== 'unchecked') {
    const problems = routinesOpenApi.validateRequestBody(schemaMethod, `/api${path}`, options.body);
    if (options.requestSchema === 'invalid') {
      expect(problems, `the routines schema should refuse ${JSON.stringify(options.body).slice(0, 300)}`).not.toEqual([]);
    } else {
      expect(problems, `request body of ${method} ${path}`).toEqual([]);
    }
  }
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? 'org' : options.key;
  if (key !== null) {
    const token = key === 'org' ? emu.keys.org : key === 'personal' ? emu.keys.personal : key;
    headers.authorization = `Bearer ${token}`;
  }
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const query = options.query ? '?' + new URLSearchParams(options.query).toString() : '';
  const response = await fetch(`${emu.apiBase}${path}${query}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  const parsed = isJson ? (JSON.parse(text) as T) : (text as unknown as T);
  if (isJson && !options.unchecked) {
    const problems = routines
      ? routinesOpenApi.validateResponse(schemaMethod, `/api${path}`, response.status, parsed)
      : jobsOpenApi.validateResponse(method, `/api${path}`, response.status, parsed);
    expect(problems, `${method} ${path} → ${response.status}: ${text.slice(0, 300)}`).toEqual([]);
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The most one poll of `waitFor` counts toward its bound, however late its timer fired. */
const PollCountsAtMostMs = 10;

/**
 * Polls `probe` every 2 ms until it returns something other than undefined, null or false.
 *
 * The emulator runs on this process's timers, so the bound counts only time in which this process
 * ran: a poll whose 2 ms timer fires late counts as 10 ms at most. A loaded machine that holds
 * the process back holds the emulator back as much; it stretches the wait instead of failing it.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  let ranMs = 0;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (ranMs > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    const before = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2));
    ranMs += Math.min(performance.now() - before, PollCountsAtMostMs);
  }
}

export function waitForState(emu: Emulator, jobId: string, ...states: JobState[]): Promise<EmulatedJob> {
  return waitFor(() => {
    const job = emu.job(jobId);
    return job && states.includes(job.state) ? job : undefined;
  }, `job ${jobId} to reach ${states.join('/')}`);
}

export interface CreatedJob {
  jobId: string;
  conversationId: string;
  omniChatUrl: string;
}

export async function createJob(emu: Emulator, body: Record<string, unknown>, options: CallOptions = {}): Promise<CreatedJob> {
  const created = await call<CreatedJob>(emu, 'POST', '/v1/ai/jobs', { ...options, body: { modelId: emu.ids.modelId, ...body } });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** Creates a job and waits until it is terminal; returns the final status body. */
export async function runJob(emu: Emulator, body: Record<string, unknown>, options: CallOptions = {}): Promise<Record<string, unknown>> {
  const { jobId } = await createJob(emu, body, options);
  await waitForState(emu, jobId, 'COMPLETE', 'FAILED', 'CANCELLED');
  return (await call(emu, 'GET', `/v1/ai/jobs/${jobId}`)).body;
}

export async function resultOf(emu: Emulator, jobId: string): Promise<ResultDocument> {
  const result = await call<ResultDocument>(emu, 'GET', `/v1/ai/jobs/${jobId}/result`);
  expect(result.status, result.text).toBe(200);
  return result.body;
}

export interface ResultDocument {
  actions: {
    type: string;
    message: string;
    timestamp: string;
    result?: {
      queryName: string;
      status: string;
      query: { fields: string[]; sorts: unknown[]; limit: number; join_paths_from_topic_name: string; filters: Record<string, string> };
      csvResult: string;
      csvResultWasTruncated: boolean;
      hasResults: boolean;
      totalRowCount: number;
    };
  }[];
  message: string;
  resultSummary: string;
  topic: string;
  omniChatUrl: string;
}

/** One CSV record that holds quotes (may span lines), parsed strictly. */
function parseQuotedRecord(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i] as string;
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`stray quote at ${i} in ${record}`);
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${i} in ${record}`);
      field += c;
    }
  }
  if (quoted) throw new Error(`unterminated quote in ${record}`);
  fields.push(field);
  return fields;
}

/** A strict RFC 4180 parser, independent of the emulator's writer (records end with '\n'). */
export function parseCsv(text: string): string[][] {
  const lines = text.split('\n');
  const rows: string[][] = [];
  for (let k = 0; k < lines.length; k++) {
    let record = lines[k] as string;
    if (!record.includes('"')) {
      rows.push(record.split(','));
      continue;
    }
    // A quoted field may hold line breaks: the record goes on while its quotes are unbalanced.
    while ((record.match(/"/g)?.length ?? 0) % 2 === 1) {
      k++;
      if (k >= lines.length) throw new Error('unterminated quote');
      record += '\n' + lines[k];
    }
    rows.push(parseQuotedRecord(record));
  }
  return rows;
}
