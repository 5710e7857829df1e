/**
 * The HTTP side of the emulator: routing, bearer-token auth, the per-key rate limit, fault
 * injection and the record of every request, around the handlers in handlers.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FaultQueue, htmlErrorPage, reasonPhrase } from './faults.js';
import { Ids, Keys, publicIds } from './fixtures.js';
import {
  cancelJob,
  createJob,
  errorReply,
  getJob,
  getResult,
  invalidJson,
  listModels,
  listTopics,
  type Caller,
  type HandlerContext,
  type Reply,
} from './handlers.js';
import { JobEngine, TestTimings } from './jobs.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import {
  createRoutine,
  deleteRoutine,
  getRoutine,
  listRoutines,
  triggerRoutine,
  updateRoutine,
} from './routine-handlers.js';
import { RoutineRunner } from './routine-runs.js';
import type {
  EmulatedRoutine,
  RoutineDelivery,
  RoutineRun,
  RoutineSeed,
  RoutineStatusChange,
} from './routine-types.js';
import { RoutineStore } from './routines.js';
import { ecommerceTopicNames } from './semantic-model.js';
import type {
  EmulatedJob,
  Emulator,
  EmulatorIds,
  EmulatorOptions,
  Fault,
  JobScript,
  JobTimings,
  KeyKind,
  RecordedRequest,
  RouteName,
  WebhookDelivery,
} from './types.js';
import { WebhookSender } from './webhooks.js';
import { whoami } from './whoami.js';

interface Route {
  name: RouteName;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  pattern: RegExp;
  handle(ctx: HandlerContext): Reply;
}

const routes: readonly Route[] = [
  { name: 'createJob', method: 'POST', pattern: /^\/api\/v1\/ai\/jobs$/, handle: createJob },
  { name: 'getJob', method: 'GET', pattern: /^\/api\/v1\/ai\/jobs\/([^/]+)$/, handle: getJob },
  { name: 'cancelJob', method: 'POST', pattern: /^\/api\/v1\/ai\/jobs\/([^/]+)\/cancel$/, handle: cancelJob },
  { name: 'getResult', method: 'GET', pattern: /^\/api\/v1\/ai\/jobs\/([^/]+)\/result$/, handle: getResult },
  { name: 'listModels', method: 'GET', pattern: /^\/api\/v1\/models$/, handle: listModels },
  { name: 'listTopics', method: 'GET', pattern: /^\/api\/v1\/models\/([^/]+)\/topic$/, handle: listTopics },
  { name: 'listRoutines', method: 'GET', pattern: /^\/api\/v1\/ai\/routines$/, handle: listRoutines },
  { name: 'createRoutine', method: 'POST', pattern: /^\/api\/v1\/ai\/routines$/, handle: createRoutine },
  { name: 'getRoutine', method: 'GET', pattern: /^\/api\/v1\/ai\/routines\/([^/]+)$/, handle: getRoutine },
  { name: 'updateRoutine', method: 'PATCH', pattern: /^\/api\/v1\/ai\/routines\/([^/]+)$/, handle: updateRoutine },
  { name: 'updateRoutine', method: 'PUT', pattern: /^\/api\/v1\/ai\/routines\/([^/]+)$/, handle: updateRoutine },
  { name: 'deleteRoutine', method: 'DELETE', pattern: /^\/api\/v1\/ai\/routines\/([^/]+)$/, handle: deleteRoutine },
  { name: 'triggerRoutine', method: 'POST', pattern: /^\/api\/v1\/ai\/routines\/([^/]+)\/trigger$/, handle: triggerRoutine },
  { name: 'whoami', method: 'GET', pattern: /^\/api\/v1\/whoami$/, handle: whoami },
];

/** Omni's documented example: "User has reached the maximum of 100 routines". */
export const DefaultMaxActiveRoutinesPerUser = 100;

const MaxBodyBytes = 20 * 1024 * 1024;

function identify(authorization: string | undefined): { kind: KeyKind; token?: string; caller?: Caller } {
  if (!authorization) return { kind: 'none' };
  const m = authorization.match(/^Bearer\s+(\S+)\s*$/i);
  if (!m?.[1]) return { kind: 'unknown' };
  const token = m[1];
  if (token === Keys.org) return { kind: 'org', token, caller: { kind: 'org', userId: Ids.userId } };
  if (token === Keys.personal) return { kind: 'personal', token, caller: { kind: 'personal', userId: Ids.userId } };
  return { kind: 'unknown', token };
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MaxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', reject);
  });
}

function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

export class EmulatorServer implements Emulator {
  url = '';
  apiBase = '';
  readonly keys = { org: Keys.org, personal: Keys.personal };
  readonly ids: EmulatorIds = publicIds([...ecommerceTopicNames]);
  readonly requests: RecordedRequest[] = [];

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults = new FaultQueue();
  private readonly webhooks = new WebhookSender();
  private readonly engine: JobEngine;
  private readonly routineStore = new RoutineStore();
  private readonly runner: RoutineRunner;
  private readonly maxActiveRoutines: number;
  private readonly initialRoutines: RoutineSeed[];
  private readonly limiter: SlidingWindowLimiter | undefined;
  private readonly retryAfter: boolean;
  private readonly initialTimings: JobTimings;
  private readonly delayTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: EmulatorOptions = {}) {
    this.initialTimings = { ...TestTimings, ...options.timings };
    this.engine = new JobEngine(options.chatBaseUrl ?? 'https://demo.omni.co', this.initialTimings, this.webhooks);
    this.runner = new RoutineRunner(this.engine, this.routineStore, Ids.organizationId);
    this.maxActiveRoutines = options.routines?.maxActivePerUser ?? DefaultMaxActiveRoutinesPerUser;
    if (!Number.isInteger(this.maxActiveRoutines) || this.maxActiveRoutines < 0) {
      throw new Error(`routines.maxActivePerUser must be a whole number, got ${this.maxActiveRoutines}`);
    }
    // Ids fixed now, so reset() restores the same routines.
    this.initialRoutines = (options.routines?.seed ?? []).map((seed) => ({ ...seed, id: seed.id ?? randomUUID() }));
    for (const seed of this.initialRoutines) this.routineStore.seed(seed);
    const rate = options.rateLimit === undefined ? { requestsPerMinute: 60 } : options.rateLimit;
    this.limiter = rate === false ? undefined : new SlidingWindowLimiter(rate.requestsPerMinute, rate.windowMs ?? 60_000);
    this.retryAfter = rate === false ? true : rate.retryAfter !== false;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // An emulator bug must show up as a 500 in the test, never as a crashed process.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ detail: `Internal Server Error: ${String(error)}`, status: 500 }));
        } else {
          res.destroy();
        }
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${shownHost}:${port}`;
    this.apiBase = `${this.url}/api`;
  }

  get webhookDeliveries(): WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  /** Resolves once every webhook delivery started so far has finished. */
  settleWebhooks(): Promise<void> {
    return this.webhooks.settle();
  }

  requestsTo(route: RouteName): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  inject(route: RouteName | '*', fault: Fault, times = 1): void {
    this.faults.add(route, fault, times);
  }

  script(next: JobScript, count = 1): void {
    this.engine.script(next, count);
  }

  job(id: string): EmulatedJob | undefined {
    const record = this.engine.get(id);
    return record ? this.engine.snapshot(record) : undefined;
  }

  jobs(): EmulatedJob[] {
    return this.engine.all().map((j) => this.engine.snapshot(j));
  }

  routines(): EmulatedRoutine[] {
    return this.routineStore.all().map((r) => this.routineStore.snapshot(r));
  }

  routine(id: string): EmulatedRoutine | undefined {
    const record = this.routineStore.get(id);
    return record ? this.routineStore.snapshot(record) : undefined;
  }

  seedRoutine(seed: RoutineSeed): EmulatedRoutine {
    return this.routineStore.snapshot(this.routineStore.seed(seed));
  }

  setRoutineStatus(id: string, change: RoutineStatusChange): EmulatedRoutine {
    const record = this.routineStore.live(id);
    if (!record) throw new Error(`setRoutineStatus: no routine ${id} (or it is deleted)`);
    this.routineStore.setStatus(record, change);
    return this.routineStore.snapshot(record);
  }

  routineRuns(): RoutineRun[] {
    return this.runner.all();
  }

  routineRunEnded(runId: string): Promise<RoutineRun> {
    return this.runner.finished(runId);
  }

  get outbox(): RoutineDelivery[] {
    return this.runner.outbox;
  }

  setTimings(t: Partial<JobTimings>): void {
    this.engine.setTimings(t);
  }

  reset(): void {
    this.runner.clear();
    this.routineStore.clear();
    for (const seed of this.initialRoutines) this.routineStore.seed(seed);
    this.engine.clear();
    this.engine.setTimings(this.initialTimings);
    this.requests.length = 0;
    this.faults.clear();
    this.limiter?.clear();
    this.webhooks.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runner.clear();
    this.engine.clear();
    this.webhooks.abortAll();
    for (const timer of this.delayTimers) clearTimeout(timer);
    this.delayTimers.clear();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closing;
  }

  // ------------------------------------------------------------------ requests

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const wallAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = flatHeaders(req);
    const who = identify(headers.authorization);
    const byPath = routes.filter((r) => r.pattern.test(url.pathname));
    const route = byPath.find((r) => r.method === method);
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route: route?.name ?? null,
      headers,
      body: undefined,
      rawBody: '',
      at,
      wallAt,
      key: who.kind,
    };
    this.requests.push(record);

    const raw = await readBody(req);
    record.rawBody = raw.text;
    let body: unknown;
    if (raw.text.length > 0) {
      try {
        body = JSON.parse(raw.text);
        record.body = body;
      } catch {
        body = invalidJson;
        record.body = raw.text;
      }
    }

    const fault = route ? this.faults.take(route.name) : undefined;
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'drop' && !fault.afterProcessing) {
      this.drop(req, res, record);
      return;
    }
    const early = fault !== undefined && fault.kind !== 'delay' && !fault.afterProcessing;
    if (early && fault.kind === 'status') {
      await this.send(res, record, this.faultReply(fault));
      return;
    }
    if (early && fault.kind === 'nonJson') {
      this.sendHtml(res, record, fault.status ?? 502);
      return;
    }

    const reply = this.process(method, url, route, byPath.length > 0, who, body, raw.tooLarge, headers['content-type']);
    if (fault && fault.kind !== 'delay') {
      // an afterProcessing fault: the request took effect, the client never hears how
      record.handledStatus = reply.status;
      if (fault.kind === 'drop') this.drop(req, res, record);
      else if (fault.kind === 'status') await this.send(res, record, this.faultReply(fault));
      else this.sendHtml(res, record, fault.status ?? 502);
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.ms, this.delayTimers);
    if (this.closed) {
      res.destroy();
      return;
    }
    await this.send(res, record, reply);
  }

  private faultReply(fault: Extract<Fault, { kind: 'status' }>): Reply {
    const extra: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    return errorReply(fault.status, reasonPhrase(fault.status), extra);
  }

  private process(
    method: string,
    url: URL,
    route: Route | undefined,
    pathKnown: boolean,
    who: ReturnType<typeof identify>,
    body: unknown,
    tooLarge: boolean,
    contentType: string | undefined,
  ): Reply {
    if (!route) {
      if (pathKnown) {
        const allowed = routes.filter((r) => r.pattern.test(url.pathname)).map((r) => r.method);
        return errorReply(405, `Method Not Allowed: ${method} ${url.pathname} (allowed: ${allowed.join(', ')})`, {
          allow: allowed.join(', '),
        });
      }
      return errorReply(404, `Not Found: ${method} ${url.pathname}`);
    }
    if (!who.caller || !who.token) return errorReply(401, 'Unauthorized: Missing or invalid API key');
    if (this.limiter) {
      const decision = this.limiter.take(who.token);
      if (!decision.allowed) {
        return errorReply(
          429,
          `Too Many Requests: this API key is limited to ${this.limiter.requestsPerMinute} requests per minute`,
          this.retryAfter ? { 'retry-after': String(decision.retryAfterSeconds) } : undefined,
        );
      }
    }
    if (tooLarge) return errorReply(413, `Payload Too Large: the body exceeds ${MaxBodyBytes} bytes`);
    const params = (url.pathname.match(route.pattern) ?? []).slice(1).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    return route.handle({
      engine: this.engine,
      routines: { store: this.routineStore, runner: this.runner, maxActivePerUser: this.maxActiveRoutines },
      caller: who.caller,
      query: Object.fromEntries(url.searchParams),
      params,
      body,
      contentType,
    });
  }

  private finish(record: RecordedRequest, status: number | null): void {
    record.status = status;
    record.respondedAt = performance.now();
    try {
      this.options.onRequest?.(record);
    } catch {
      // a logging callback must not break the answer
    }
  }

  private drop(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): void {
    this.finish(record, null);
    res.destroy();
    req.socket.destroy();
  }

  private sendHtml(res: ServerResponse, record: RecordedRequest, status: number): void {
    this.finish(record, status);
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(htmlErrorPage(status));
  }

  private async send(res: ServerResponse, record: RecordedRequest, reply: Reply): Promise<void> {
    if (res.destroyed) {
      this.finish(record, null);
      return;
    }
    this.finish(record, reply.status);
    if ('stream' in reply) {
      await reply.stream(res);
      return;
    }
    const text = JSON.stringify(reply.json);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...reply.headers,
    });
    res.end(text);
  }
}
