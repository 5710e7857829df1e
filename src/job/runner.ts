import { join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import { isTerminal, defaultPollDelayMs } from './state.js';
import type { OmniApi } from '../omni/api.js';
import { OmniApiError } from '../omni/errors.js';
import type { AiJobStatus, AiJobSubmitBody, AiJobSubmitResponse } from '../omni/types.js';
import type { CompleteOutcome, JobRequest, JobTimings, Outcome, OutcomeBase } from './outcome.js';
import type { JobState } from '../omni/types.js';
import { errorMessage } from '../lib/errors.js';
import { readResultDigest } from '../omni/result-digest.js';

/** What the runner tells its caller while a job runs (logging, post-step state, schedulers). */
export type RunnerEvent =
  | { kind: 'created'; jobId: string; conversationId: string; omniChatUrl: string }
  | { kind: 'status'; status: AiJobStatus; changed: boolean }
  | { kind: 'cancelling'; reason: 'timeout' | 'signal' | 'error' }
  | { kind: 'finished'; outcome: Outcome };

export interface RunJobOptions {
  api: OmniApi;
  request: JobRequest;
  /** Fields sent with the create call beyond the request (webhook settings). */
  extra?: Pick<AiJobSubmitBody, 'webhookUrl' | 'webhookSigningSecret' | 'webhookMetadata'> | undefined;
  userId?: string;
  timeoutMs: number;
  clock: Clock;
  /** Aborts when the workflow is cancelled: the runner cancels the Omni job and reports CANCELLED. */
  signal?: AbortSignal;
  /** Delay before the next status poll; default: Omni's 2–5 s guidance, jittered near 2 s. */
  pollDelayMs?: (context: { polls: number; state: JobState }) => number;
  /** Directory for the full result JSON (resultFile). */
  resultDir: string;
  onEvent?: (event: RunnerEvent) => void;
}

/** A create already on the wire is let finish for this long after a cancel, so its job can be cancelled too. */
const CreateGraceMs = 4_000;
/** The runner kills the step 7.5 s after SIGINT; the cancel call must fit well inside. */
const CancelOnSignalMs = 4_000;
const CancelOnTimeoutMs = 15_000;
/** After a timeout cancel, how many status checks confirm that Omni stopped the job. */
const CancelConfirmPolls = 3;

/** Creates the job, waits for a terminal state (or timeout, or cancellation) and returns the outcome. */
export async function runJob(options: RunJobOptions): Promise<Outcome> {
  const { api, clock, request } = options;
  const startedAt = clock.now();
  const emit = (event: RunnerEvent) => options.onEvent?.(event);

  // Cancelled before anything was sent: creating a job only to cancel it would waste the grace period.
  if (options.signal?.aborted) throw options.signal.reason;
  let created: AiJobSubmitResponse;
  const createSignal = lingeringSignal(options.signal, CreateGraceMs, clock);
  try {
    created = await api.createJob(submitBody(request, options.extra), {
      ...(options.userId ? { userId: options.userId } : {}),
      ...(createSignal.signal ? { signal: createSignal.signal } : {}),
    });
  } catch (error) {
    if (!options.signal?.aborted || error !== options.signal.reason) throw error;
    // Without Omni's answer there is no job id to cancel: the user must know a job may be running.
    throw new Error(
      `${errorMessage(options.signal.reason)} while Omni was creating the job; Omni did not answer within ${CreateGraceMs / 1000} s, so a job may have been created in Omni and keep running there.`,
      { cause: error },
    );
  } finally {
    createSignal.done();
  }
  emit({ kind: 'created', ...created });

  const job = new JobWatch(options, created, startedAt);
  const outcome = await job.wait();
  emit({ kind: 'finished', outcome });
  return outcome;
}

class JobWatch {
  private last: AiJobStatus | undefined;
  private polls = 0;
  private readonly deadline: number;

  constructor(
    private readonly options: RunJobOptions,
    private readonly created: AiJobSubmitResponse,
    private readonly startedAt: number,
  ) {
    this.deadline = startedAt + options.timeoutMs;
  }

  async wait(): Promise<Outcome> {
    const { clock, signal } = this.options;
    const pollDelay = this.options.pollDelayMs ?? (() => defaultPollDelayMs());
    for (;;) {
      if (signal?.aborted) return this.cancelForWorkflow();
      const remaining = this.deadline - clock.now();
      if (remaining <= 0) return this.cancelForTimeout();
      try {
        await clock.sleep(Math.min(pollDelay({ polls: this.polls, state: this.state() }), remaining), signal);
      } catch {
        return this.cancelForWorkflow();
      }
      if (clock.now() >= this.deadline) return this.cancelForTimeout();

      let status: AiJobStatus;
      try {
        status = await this.options.api.getJob(this.created.jobId, signalOption(signal));
      } catch (error) {
        if (signal?.aborted) return this.cancelForWorkflow();
        return this.lost(error);
      }
      this.observe(status);
      if (isTerminal(status.state)) return this.finish(status);
    }
  }

  private state(): JobState {
    return this.last?.state ?? 'QUEUED';
  }

  private observe(status: AiJobStatus): void {
    const before = this.last;
    this.polls++;
    this.last = status;
    const changed =
      before?.state !== status.state ||
      before?.progress?.iteration !== status.progress?.iteration ||
      before?.progress?.message !== status.progress?.message;
    this.options.onEvent?.({ kind: 'status', status, changed });
  }

  private async finish(status: AiJobStatus): Promise<Outcome> {
    const base = this.base(status);
    switch (status.state) {
      case 'COMPLETE':
        return { ...base, state: 'COMPLETE', resultSummary: status.resultSummary ?? '', ...(await this.fetchResult()) };
      case 'FAILED': {
        const error: { message: string; code?: string; detail?: string } = {
          message: status.error?.message || 'Omni reported the job as FAILED without a message.',
        };
        if (status.error?.code) error.code = status.error.code;
        if (status.error?.detail) error.detail = status.error.detail;
        return { ...base, state: 'FAILED', error };
      }
      default: {
        const outcome: Outcome = { ...base, state: 'CANCELLED', cancelledBy: 'omni' };
        if (status.cancelledAt) outcome.cancelledAt = status.cancelledAt;
        return outcome;
      }
    }
  }

  private async fetchResult(): Promise<Pick<CompleteOutcome, 'result' | 'resultFile' | 'resultError'>> {
    const file = join(this.options.resultDir, `omni-ai-job-${this.created.jobId}.json`);
    try {
      await this.options.api.downloadResult(this.created.jobId, file, signalOption(this.options.signal));
      return { result: await readResultDigest(file), resultFile: file };
    } catch (error) {
      return { resultError: errorMessage(error) };
    }
  }

  /** The workflow run is being cancelled: stop the Omni job quickly and report CANCELLED. */
  private async cancelForWorkflow(): Promise<Outcome> {
    this.options.onEvent?.({ kind: 'cancelling', reason: 'signal' });
    await this.cancel(CancelOnSignalMs);
    return { ...this.base(this.last), state: 'CANCELLED', cancelledBy: 'workflow' };
  }

  /** Our own deadline passed: cancel the Omni job, confirm it stopped, report TIMEOUT. */
  private async cancelForTimeout(): Promise<Outcome> {
    this.options.onEvent?.({ kind: 'cancelling', reason: 'timeout' });
    const { clock, signal } = this.options;
    // What the job was doing when time ran out, before the confirmation polls see it cancelled.
    const lastState = this.state();
    let state = (await this.cancel(CancelOnTimeoutMs)) ?? this.state();
    for (let check = 0; check < CancelConfirmPolls && !isTerminal(state) && !signal?.aborted; check++) {
      try {
        await clock.sleep(defaultPollDelayMs(), signal);
        const status = await this.options.api.getJob(this.created.jobId, signalOption(signal));
        this.observe(status);
        state = status.state;
      } catch {
        break;
      }
    }
    // Finished on its own while we were stopping it: the honest report is how it finished.
    if ((state === 'COMPLETE' || state === 'FAILED') && this.last && isTerminal(this.last.state)) return this.finish(this.last);
    return {
      ...this.base(this.last),
      state: 'TIMEOUT',
      timeoutSeconds: Math.round(this.options.timeoutMs / 1000),
      lastState,
      cancelConfirmed: isTerminal(state),
    };
  }

  /** Status could not be read any more (vanished job, Omni unreachable after retries). */
  private async lost(error: unknown): Promise<Outcome> {
    const notFound = error instanceof OmniApiError && error.status === 404;
    if (!notFound) {
      this.options.onEvent?.({ kind: 'cancelling', reason: 'error' });
      await this.cancel(CancelOnSignalMs);
    }
    return {
      ...this.base(this.last),
      state: 'FAILED',
      error: { message: errorMessage(error), code: notFound ? 'JOB_NOT_FOUND' : 'STATUS_UNAVAILABLE' },
    };
  }

  /** Best effort: returns the state Omni reported, or undefined when the cancel call failed. */
  private async cancel(withinMs: number): Promise<JobState | undefined> {
    try {
      const answer = await this.options.api.cancelJob(this.created.jobId, { signal: AbortSignal.timeout(withinMs) });
      return answer.state;
    } catch {
      return undefined;
    }
  }

  private base(status: AiJobStatus | undefined): OutcomeBase {
    const timings: JobTimings = { waitedMs: Math.round(this.options.clock.now() - this.startedAt) };
    if (status?.createdAt) timings.createdAt = status.createdAt;
    if (status?.executionStartedAt) timings.executionStartedAt = status.executionStartedAt;
    const finishedAt = status?.completedAt ?? status?.cancelledAt;
    if (finishedAt) timings.finishedAt = finishedAt;
    const base: OutcomeBase = {
      request: this.options.request,
      jobId: this.created.jobId,
      conversationId: this.created.conversationId,
      omniChatUrl: this.created.omniChatUrl,
      timings,
    };
    if (status?.topicName) base.topicName = status.topicName;
    return base;
  }
}

function submitBody(request: JobRequest, extra: RunJobOptions['extra']): AiJobSubmitBody {
  const body: AiJobSubmitBody = { modelId: request.modelId, prompt: request.prompt };
  if (request.branchId) body.branchId = request.branchId;
  if (request.topicName) body.topicName = request.topicName;
  if (request.conversationId) body.conversationId = request.conversationId;
  if (extra?.webhookUrl) body.webhookUrl = extra.webhookUrl;
  if (extra?.webhookSigningSecret) body.webhookSigningSecret = extra.webhookSigningSecret;
  if (extra?.webhookMetadata) body.webhookMetadata = extra.webhookMetadata;
  return body;
}

/**
 * Aborts `ms` after `signal` does: a request already sent may finish, but not hang on. `done()`
 * once the request is over, so the wait does not keep a cancelled step alive for nothing.
 */
function lingeringSignal(signal: AbortSignal | undefined, ms: number, clock: Clock): { signal?: AbortSignal; done(): void } {
  if (!signal) return { done: () => undefined };
  const controller = new AbortController();
  const over = new AbortController();
  const start = () => {
    clock.sleep(ms, over.signal).then(() => controller.abort(signal.reason), () => undefined);
  };
  if (signal.aborted) start();
  else signal.addEventListener('abort', start, { once: true });
  return {
    signal: controller.signal,
    done: () => {
      signal.removeEventListener('abort', start);
      over.abort();
    },
  };
}

function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}
