/**
 * The real Omni client and job runner, in process, against the emulator over loopback, in sped-up
 * time: a fault resolves in milliseconds while the action keeps its real intervals and retry
 * policy. One rig per test, so tests run concurrently without sharing fault queues.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { runJob, type RunnerEvent } from '../../../src/job/runner.js';
import { OmniClient } from '../../../src/omni/client.js';
import type { JobRequest, Outcome } from '../../../src/job/outcome.js';
import { RequestBudget } from '../../../src/omni/request-budget.js';
import { startEmulator, type Emulator, type EmulatorServer, type JobTimings, type RecordedRequest } from '../../emulator/index.js';
import { scaledClock, type ScaledClock } from './scaled-clock.js';

/** 100 virtual ms per real ms: a 2 s poll takes 20 ms, the default 1 s backoff base 10 ms. */
export const Scale = 100;
/**
 * Real milliseconds. undici checks header and body timeouts on a coarse timer (about every half
 * second), so a `delay` fault must hold the answer well over a second to outlast it.
 */
export const RequestTimeoutMs = 100;
export const SlowAnswerMs = 1_500;
/**
 * A job that stays in `phase` for about 50 polls (real ms in the emulator), and passes through the
 * other states quickly: the poll after the client first sees the phase (which a test faults) still
 * lands in it, even when a loaded machine holds the process back for a while in between.
 */
export function timingsHolding(phase: 'QUEUED' | 'EXECUTING' | 'DELIVERING'): Partial<JobTimings> {
  const held = 1_000;
  return {
    queuedMs: phase === 'QUEUED' ? held : 10,
    iterationMs: phase === 'EXECUTING' ? held : 10,
    iterations: 1,
    deliveringMs: phase === 'DELIVERING' ? held : 10,
  };
}
/**
 * Slack for lower bounds on waits, in virtual ms. Sends are stamped on the client's clock, whose
 * sleeps last their full length (scaled-clock.ts): only rounding is left.
 */
export const SlackMs = 1;
/** Header on every request the rig's client sends: the client's clock at the send, virtual ms. */
const SentAtHeader = 'x-test-sent-at';

export interface Rig {
  emulator: Emulator & EmulatorServer;
  client: OmniClient;
  clock: ScaledClock;
  /** What the client logged (its retry notes). */
  logs: string[];
  events: RunnerEvent[];
  resultDir: string;
  request(overrides?: Partial<JobRequest>): JobRequest;
  run(options?: RunOptions): Promise<Outcome>;
  close(): Promise<void>;
}

export interface RunOptions {
  request?: Partial<JobRequest>;
  /** Virtual ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunnerEvent) => void;
}

export interface RigOptions {
  timings?: Partial<JobTimings>;
  apiBase?: string;
  /** Virtual ms per real ms; default `Scale`. */
  scale?: number;
  /** The client's request timeout, real ms; default `RequestTimeoutMs`. */
  requestTimeoutMs?: number;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const emulator = await startEmulator({ rateLimit: false, ...(options.timings ? { timings: options.timings } : {}) });
  const clock = scaledClock(options.scale ?? Scale);
  const logs: string[] = [];
  const events: RunnerEvent[] = [];
  // An explicit dispatcher: proxy variables of the machine running the tests must not interfere.
  const agent = new Agent();
  // Stamps each request with the client's clock as it goes out: waits between requests are then
  // measured on the clock the client waits by, free of loopback delays on a loaded machine.
  const dispatcher = agent.compose((dispatch) => (request, handler) => {
    if (request.headers !== undefined && request.headers !== null && (Array.isArray(request.headers) || typeof request.headers !== 'object' || Symbol.iterator in request.headers)) {
      throw new Error('the rig stamps requests whose headers are a plain object');
    }
    return dispatch({ ...request, headers: { ...request.headers, [SentAtHeader]: String(clock.now()) } }, handler);
  });
  const client = new OmniClient({
    apiBase: options.apiBase ?? emulator.apiBase,
    apiKey: emulator.keys.org,
    clock,
    budget: new RequestBudget(60, clock),
    requestTimeoutMs: options.requestTimeoutMs ?? RequestTimeoutMs,
    dispatcher,
    log: (message) => logs.push(message),
  });
  const resultDir = await mkdtemp(join(tmpdir(), 'omni-hardening-'));
  const request = (overrides: Partial<JobRequest> = {}): JobRequest => ({
    prompt: 'top 5 products by revenue',
    modelId: emulator.ids.modelId,
    ...overrides,
  });
  return {
    emulator,
    client,
    clock,
    logs,
    events,
    resultDir,
    request,
    run: (run: RunOptions = {}) =>
      runJob({
        api: client,
        request: request(run.request),
        timeoutMs: run.timeoutMs ?? 600_000,
        clock,
        resultDir,
        ...(run.signal ? { signal: run.signal } : {}),
        onEvent: (event) => {
          events.push(event);
          run.onEvent?.(event);
        },
      }),
    close: async () => {
      await emulator.close();
      await agent.close();
      await rm(resultDir, { recursive: true, force: true });
    },
  };
}

/** Runs `test` with a fresh rig and always closes it. */
export async function withRig<T>(test: (rig: Rig) => Promise<T>, options: RigOptions = {}): Promise<T> {
  const rig = await startRig(options);
  try {
    return await test(rig);
  } finally {
    await rig.close();
  }
}

/** When the rig's client sent `request`: its clock at the send, in virtual ms. */
export function sentAt(request: RecordedRequest): number {
  const stamp = request.headers[SentAtHeader];
  if (stamp === undefined) throw new Error(`${request.method} ${request.path} was not sent by the rig's client`);
  return Number(stamp);
}

/** The gaps, in virtual ms on the client's clock, between the sends of successive requests. */
export function gapsOf(requests: RecordedRequest[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < requests.length; i++) gaps.push(sentAt(requests[i]!) - sentAt(requests[i - 1]!));
  return gaps;
}
