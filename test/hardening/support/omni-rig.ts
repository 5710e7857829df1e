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
import { startEmulator, type Emulator, type EmulatorServer, type JobTimings } from '../../emulator/index.js';
import { scaledClock, type ScaledClock } from './scaled-clock.js';

/** 100 virtual ms per real ms: a 2 s poll takes 20 ms, the default 1 s backoff base 10 ms. */
export const Scale = 100;
/**
 * Real milliseconds. undici checks header and body timeouts on a coarse timer (about every half
 * second), so a `delay` fault must hold the answer well over a second to outlast it.
 */
export const RequestTimeoutMs = 100;
export const SlowAnswerMs = 1_500;
/** A job that stays several polls in each state (real ms in the emulator). */
export const PhasedTimings: Partial<JobTimings> = { queuedMs: 250, iterationMs: 200, iterations: 1, deliveringMs: 200 };
/** Timers fire up to about a millisecond early against performance.now(): slack for lower bounds. */
export const SlackMs = 2.5 * Scale;

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

export async function startRig(options: { timings?: Partial<JobTimings>; apiBase?: string } = {}): Promise<Rig> {
  const emulator = await startEmulator({ rateLimit: false, ...(options.timings ? { timings: options.timings } : {}) });
  const clock = scaledClock(Scale);
  const logs: string[] = [];
  const events: RunnerEvent[] = [];
  // An explicit dispatcher: proxy variables of the machine running the tests must not interfere.
  const dispatcher = new Agent();
  const client = new OmniClient({
    apiBase: options.apiBase ?? emulator.apiBase,
    apiKey: emulator.keys.org,
    clock,
    budget: new RequestBudget(60, clock),
    requestTimeoutMs: RequestTimeoutMs,
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
      await dispatcher.close();
      await rm(resultDir, { recursive: true, force: true });
    },
  };
}

/** Runs `test` with a fresh rig and always closes it. */
export async function withRig<T>(test: (rig: Rig) => Promise<T>, options: Parameters<typeof startRig>[0] = {}): Promise<T> {
  const rig = await startRig(options);
  try {
    return await test(rig);
  } finally {
    await rig.close();
  }
}

/** The gaps, in virtual ms, between successive arrivals of the given requests. */
export function gapsOf(rig: Rig, arrivals: { at: number }[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < arrivals.length; i++) gaps.push(rig.clock.toVirtual(arrivals[i]!.at - arrivals[i - 1]!.at));
  return gaps;
}
