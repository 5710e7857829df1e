import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EnvHttpProxyAgent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { Clock } from '../lib/clock.js';
import type { RequestBudget } from './request-budget.js';
import { parseRetryAfter } from '../lib/retry-after.js';
import { redact, redactDeep, redactingStream } from '../lib/secrets.js';
import type { CallOptions, OmniApi, OmniRoutinesApi, RoutineCallOptions } from './api.js';
import { describeHttpError, OmniApiError, type ErrorContext, type RouteName } from './errors.js';
import {
  DefaultRetryPolicy,
  isNotConnectedCode,
  isTlsCode,
  retryDelayMs,
  type AttemptFailure,
  type Idempotency,
  type RetryPolicy,
} from './retry.js';
import type {
  AiJobCancelResponse,
  AiJobStatus,
  AiJobSubmitBody,
  AiJobSubmitResponse,
  ModelsListQuery,
  ModelsListResponse,
  RoutineCreateBody,
  RoutineResponse,
  RoutinesListQuery,
  RoutinesListResponse,
  RoutineUpdateBody,
  WhoamiResponse,
} from './types.js';

export interface OmniClientOptions {
  /** https://acme.omniapp.co/api */
  apiBase: string;
  apiKey: string;
  budget: RequestBudget;
  clock: Clock;
  /** Longest wait for an answer's headers, and for each chunk of its body. */
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  /** Defaults to a proxy-aware agent reading HTTP(S)_PROXY and NO_PROXY. */
  dispatcher?: Dispatcher;
  /** Diagnostics (retries, waits). No secrets are ever passed to it. */
  log?: (message: string) => void;
  random?: () => number;
}

interface Call {
  route: RouteName;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotency: Idempotency;
  context: ErrorContext;
  signal?: AbortSignal;
  /** An answer that retrying will not change, whatever its status says (a quota, not a rate). */
  final?: (status: number, detail: string | undefined) => boolean;
}

const DefaultRequestTimeoutMs = 30_000;
const UserAgent = 'omni-ai-job-github-action';

/**
 * The dispatcher that honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), as the runner's
 * own tools do. The action shares the toolkit's undici (one copy in dist/), whose major version
 * still calls this class experimental and says so once on stderr; the class is stable in later
 * versions, and a warning in every step's log would only worry users, so that one is held back.
 */
function proxyFromEnvironment(): Dispatcher {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code = typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : rest[1];
    if (code !== 'UNDICI-EHPA') (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return new EnvHttpProxyAgent();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Omni's AI job, routine and model endpoints over HTTP: retries, the shared request budget, clear errors. */
export class OmniClient implements OmniApi, OmniRoutinesApi {
  private readonly dispatcher: Dispatcher;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  /** Set by a 429's Retry-After: every request waits until then, not only the refused one. */
  private notBeforeMs = 0;

  constructor(private readonly options: OmniClientOptions) {
    this.dispatcher = options.dispatcher ?? proxyFromEnvironment();
    this.policy = options.retryPolicy ?? DefaultRetryPolicy;
    this.timeoutMs = options.requestTimeoutMs ?? DefaultRequestTimeoutMs;
  }

  /** Lets the process exit without waiting for idle keep-alive sockets. */
  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.dispatcher.close();
  }

  async createJob(body: AiJobSubmitBody, options: CallOptions & { userId?: string } = {}): Promise<AiJobSubmitResponse> {
    const context: ErrorContext = { route: 'createJob', modelId: body.modelId };
    if (body.branchId) context.branchId = body.branchId;
    if (body.topicName) context.topicName = body.topicName;
    if (body.conversationId) context.conversationId = body.conversationId;
    if (options.userId) context.userId = options.userId;
    return this.json<AiJobSubmitResponse>({
      route: 'createJob',
      method: 'POST',
      path: '/v1/ai/jobs',
      query: { userId: options.userId },
      body,
      idempotency: 'createOnce',
      context,
      ...signalOf(options),
    });
  }

  getJob(jobId: string, options: CallOptions = {}): Promise<AiJobStatus> {
    return this.json<AiJobStatus>({
      route: 'getJob',
      method: 'GET',
      path: `/v1/ai/jobs/${encodeURIComponent(jobId)}`,
      idempotency: 'idempotent',
      context: { route: 'getJob', jobId },
      ...signalOf(options),
    });
  }

  cancelJob(jobId: string, options: CallOptions = {}): Promise<AiJobCancelResponse> {
    return this.json<AiJobCancelResponse>({
      route: 'cancelJob',
      method: 'POST',
      path: `/v1/ai/jobs/${encodeURIComponent(jobId)}/cancel`,
      idempotency: 'idempotent',
      context: { route: 'cancelJob', jobId },
      ...signalOf(options),
    });
  }

  listModels(query: ModelsListQuery, options: CallOptions = {}): Promise<ModelsListResponse> {
    return this.json<ModelsListResponse>({
      route: 'listModels',
      method: 'GET',
      path: '/v1/models',
      query: { ...query },
      idempotency: 'idempotent',
      context: { route: 'listModels' },
      ...signalOf(options),
    });
  }

  listRoutines(query: RoutinesListQuery, options: CallOptions = {}): Promise<RoutinesListResponse> {
    return this.json<RoutinesListResponse>({
      route: 'listRoutines',
      method: 'GET',
      path: '/v1/ai/routines',
      query: { ...query },
      idempotency: 'idempotent',
      context: { route: 'listRoutines', ...(query.userId ? { userId: query.userId } : {}) },
      ...signalOf(options),
    });
  }

  createRoutine(body: RoutineCreateBody, options: RoutineCallOptions = {}): Promise<{ id: string }> {
    return this.json<{ id: string }>({
      route: 'createRoutine',
      method: 'POST',
      path: '/v1/ai/routines',
      query: { userId: options.userId },
      body,
      idempotency: 'createOnce',
      context: { route: 'createRoutine', modelId: body.modelId, ...(options.userId ? { userId: options.userId } : {}) },
      // Omni answers 429 both for its rate limit and for "the maximum of N routines": waiting does not lift the second.
      final: (status, detail) => status === 429 && /routine/i.test(detail ?? ''),
      ...signalOf(options),
    });
  }

  updateRoutine(id: string, body: RoutineUpdateBody, options: RoutineCallOptions = {}): Promise<RoutineResponse> {
    return this.json<RoutineResponse>({
      route: 'updateRoutine',
      method: 'PATCH',
      path: `/v1/ai/routines/${encodeURIComponent(id)}`,
      query: { userId: options.userId },
      body,
      // The same fields sent twice leave the routine as sending them once does.
      idempotency: 'idempotent',
      context: { route: 'updateRoutine', routineId: id, ...(options.userId ? { userId: options.userId } : {}) },
      ...signalOf(options),
    });
  }

  deleteRoutine(id: string, options: RoutineCallOptions = {}): Promise<{ deleted: boolean; id: string }> {
    return this.json<{ deleted: boolean; id: string }>({
      route: 'deleteRoutine',
      method: 'DELETE',
      path: `/v1/ai/routines/${encodeURIComponent(id)}`,
      query: { userId: options.userId },
      idempotency: 'idempotent',
      context: { route: 'deleteRoutine', routineId: id, ...(options.userId ? { userId: options.userId } : {}) },
      ...signalOf(options),
    });
  }

  whoami(options: CallOptions = {}): Promise<WhoamiResponse> {
    return this.json<WhoamiResponse>({
      route: 'whoami',
      method: 'GET',
      path: '/v1/whoami',
      idempotency: 'idempotent',
      context: { route: 'whoami' },
      ...signalOf(options),
    });
  }

  /** Streams the document to disk as it arrives: a large result is never held in memory. */
  async downloadResult(jobId: string, file: string, options: CallOptions = {}): Promise<{ bytes: number }> {
    await mkdir(dirname(file), { recursive: true });
    const partial = `${file}.part`;
    const call: Call = {
      route: 'getResult',
      method: 'GET',
      path: `/v1/ai/jobs/${encodeURIComponent(jobId)}/result`,
      idempotency: 'idempotent',
      context: { route: 'getResult', jobId },
      ...signalOf(options),
    };
    try {
      return await this.attempts<{ bytes: number }>(call, async (response) => {
        let bytes = 0;
        let first = -1;
        response.body.on('data', (chunk: Buffer) => {
          if (first === -1) first = firstNonSpace(chunk);
          bytes += chunk.length;
        });
        // Redacted on the way to disk: the file is an output others read, and reports are built from it.
        await pipeline(response.body, redactingStream(), createWriteStream(partial));
        if (first !== 0x7b /* { */) return { failure: { kind: 'invalidBody' } };
        await rename(partial, file);
        return { value: { bytes } };
      });
    } finally {
      await rm(partial, { force: true });
    }
  }

  private json<T>(call: Call): Promise<T> {
    return this.attempts<T>(call, async (response) => {
      const text = await response.body.text();
      try {
        const parsed: unknown = JSON.parse(text);
        // Scrubbed before anything shortens or escapes it: an echoed secret is then never half-shown.
        if (parsed !== null && typeof parsed === 'object') return { value: redactDeep(parsed) as T };
      } catch {
        // fall through: not the JSON Omni answers with
      }
      return { failure: { kind: 'invalidBody' } };
    });
  }

  /** Sends `call` until it succeeds or the retry rules give up; `read` turns a 2xx into a value. */
  private async attempts<T>(
    call: Call,
    read: (response: Dispatcher.ResponseData) => Promise<{ value: T } | { failure: AttemptFailure }>,
  ): Promise<T> {
    const { clock, budget } = this.options;
    for (let attempt = 1; ; attempt++) {
      const holdMs = this.notBeforeMs - clock.now();
      if (holdMs > 0) await clock.sleep(holdMs, call.signal);
      await budget.take(call.signal);

      let failure: AttemptFailure;
      let detail: string | undefined;
      try {
        const response = await this.send(call);
        if (response.statusCode >= 200 && response.statusCode < 300) {
          const outcome = await read(response);
          if ('value' in outcome) return outcome.value;
          failure = outcome.failure;
        } else {
          detail = await errorDetail(response);
          const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
          failure = { kind: 'status', status: response.statusCode };
          if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
          if (response.statusCode === 429 && retryAfterMs !== undefined) {
            this.notBeforeMs = Math.max(this.notBeforeMs, clock.now() + retryAfterMs);
          }
        }
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        failure = networkFailure(error);
      }

      const delay =
        failure.kind === 'status' && call.final?.(failure.status, detail)
          ? undefined
          : retryDelayMs(failure, attempt, call.idempotency, this.policy, this.options.random);
      if (delay === undefined) throw this.finalError(call, failure, detail, attempt);
      this.options.log?.(`${call.method} ${call.path}: ${describeFailure(failure)}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.policy.maxAttempts})`);
      await clock.sleep(delay, call.signal);
    }
  }

  private send(call: Call): Promise<Dispatcher.ResponseData> {
    const url = new URL(this.options.apiBase + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
      'user-agent': UserAgent,
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    return request(url, {
      method: call.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      dispatcher: this.dispatcher,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      ...(call.signal ? { signal: call.signal } : {}),
    });
  }

  private finalError(call: Call, failure: AttemptFailure, detail: string | undefined, attempts: number): OmniApiError {
    const error = this.describeFinal(call, failure, detail, attempts);
    if (call.idempotency !== 'createOnce' || !mayHaveCreated(failure)) return error;
    return new OmniApiError(error.message, error.route, error.status, error.detail, { outcomeUnknown: true });
  }

  private describeFinal(call: Call, failure: AttemptFailure, detail: string | undefined, attempts: number): OmniApiError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const what = call.route === 'createRoutine' ? 'routine' : 'job';
    switch (failure.kind) {
      case 'status':
        return new OmniApiError(describeHttpError(failure.status, detail, call.context), call.route, failure.status, detail);
      case 'network':
        if (call.idempotency === 'createOnce' && failure.connected) {
          return new OmniApiError(
            `The connection to Omni broke while creating the ${what} (${failure.code ?? 'network error'}). It was not retried, so that the ${what} is not created twice; the ${what} may exist in Omni.`,
            call.route,
          );
        }
        return new OmniApiError(`Could not reach Omni at ${this.options.apiBase}${tries} (${failure.code ?? 'network error'}). Check omniUrl and any proxy settings.`, call.route);
      case 'timeout':
        return new OmniApiError(
          call.idempotency === 'createOnce'
            ? `Omni did not answer the ${what} creation within ${this.timeoutMs / 1000} s. It was not retried, so that the ${what} is not created twice; the ${what} may exist in Omni.`
            : `Omni did not answer within ${this.timeoutMs / 1000} s${tries}.`,
          call.route,
        );
      case 'invalidBody':
        return new OmniApiError(`Omni answered with something other than the expected JSON${tries}; is omniUrl the Omni instance (not a login or proxy page)?`, call.route);
      case 'setup':
        return new OmniApiError(
          failure.cause === 'tls'
            ? `Could not make a trusted TLS connection to Omni at ${this.options.apiBase} (${failure.code}). Check omniUrl; behind a proxy that inspects TLS, give Node its CA certificate with NODE_EXTRA_CA_CERTS.`
            : `The proxy refused the connection to Omni at ${this.options.apiBase} (${failure.code}). Check the proxy credentials in HTTPS_PROXY / HTTP_PROXY, or list the Omni host in NO_PROXY.`,
          call.route,
        );
    }
  }
}

/** After this failure of a create, Omni may hold what we asked it to create. */
function mayHaveCreated(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return failure.status >= 500;
    case 'network':
      return failure.connected;
    case 'timeout':
    case 'invalidBody':
      return true;
    case 'setup':
      return false;
  }
}

function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function networkFailure(error: unknown): AttemptFailure {
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    (error as { name?: string }).name === 'TimeoutError'
  ) {
    return { kind: 'timeout' };
  }
  const code = errorCode(error);
  if (isTlsCode(code)) return { kind: 'setup', cause: 'tls', code: code as string };
  // A proxy that refuses the tunnel: the request never left for Omni.
  const proxyStatus = /Proxy response \((\d{3})\)/.exec(errorMessages(error))?.[1];
  if (proxyStatus === '407' || proxyStatus === '403') return { kind: 'setup', cause: 'proxy', code: `the proxy answered ${proxyStatus}` };
  if (proxyStatus) return { kind: 'network', connected: false, code: `the proxy answered ${proxyStatus}` };
  const failure: AttemptFailure = { kind: 'network', connected: !isNotConnectedCode(code) };
  if (code) failure.code = code;
  return failure;
}

function errorMessages(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') messages.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return messages.join(' ');
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function errorDetail(response: Dispatcher.ResponseData): Promise<string | undefined> {
  const text = await response.body.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { detail?: unknown; error?: unknown };
    // Error bodies may echo the request, key included; redacted before the message cuts it short.
    if (typeof parsed.detail === 'string') return redact(parsed.detail);
    if (typeof parsed.error === 'string') return redact(parsed.error);
  } catch {
    // not JSON: say nothing of it rather than echo an HTML page
  }
  return undefined;
}

function describeFailure(failure: AttemptFailure): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'network':
      return failure.code ?? 'network error';
    case 'timeout':
      return 'no answer in time';
    case 'invalidBody':
      return 'answer was not JSON';
    case 'setup':
      return failure.code;
  }
}

function firstNonSpace(chunk: Buffer): number {
  for (const byte of chunk) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return -1;
}
