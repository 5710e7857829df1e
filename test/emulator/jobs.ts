/**
 * Emulated AI jobs: the state machine QUEUED → EXECUTING → DELIVERING → COMPLETE (or FAILED /
 * CANCELLED), driven by timers, the status document with exactly the fields Omni documents per
 * state, cancellation rules, conversations and webhook notifications.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { answerPrompt, type ComputedAnswer, type FailedAnswer } from './answer.js';
import type { QueryPlan } from './prompt.js';
import type { SemanticModel } from './semantic-model.js';
import {
  TerminalStates,
  type EmulatedJob,
  type JobError,
  type JobProgress,
  type JobScript,
  type JobState,
  type JobTimings,
  type KeyKind,
  type StateChange,
} from './types.js';
import type { WebhookSender } from './webhooks.js';

export const TestTimings: JobTimings = { queuedMs: 10, iterationMs: 10, iterations: 2, deliveringMs: 10 };

interface JobRecord {
  id: string;
  state: JobState;
  prompt: string;
  conversationId: string;
  modelId: string;
  branchId: string | null;
  organizationId: string;
  userId: string;
  topicName: string | null;
  omniChatUrl: string;
  createdAt: string;
  updatedAt: string;
  executionStartedAt?: string;
  progress: JobProgress | null;
  resultSummary?: string;
  completedAt?: string;
  error?: JobError;
  cancelledAt?: string;
  cancelledBy?: string;
  cancelRequested: boolean;
  stateHistory: StateChange[];
  createdBy: KeyKind;
  webhook?: { url: string; secret?: string; metadata?: Record<string, unknown>; progress: boolean };
  script: JobScript;
  timings: JobTimings;
  vanished: boolean;
  answer: ComputedAnswer | FailedAnswer;
  iteration: number;
  queryRanAt?: string;
  result?: Record<string, unknown>;
  timers: Set<NodeJS.Timeout>;
  vanishTimer?: NodeJS.Timeout;
  routineRun?: { routineId: string; runId: string };
}

export interface CreateJobInput {
  prompt: string;
  model: SemanticModel;
  topicName: string | null;
  conversationId?: string;
  organizationId: string;
  userId: string;
  createdBy: KeyKind;
  webhook?: { url: string; secret?: string; metadata?: Record<string, unknown>; progress: boolean };
  /** Set when a routine run (not the jobs API) started the job. */
  routineRun?: { routineId: string; runId: string };
}

export function isTerminal(state: JobState): boolean {
  return TerminalStates.includes(state);
}

function iso(ms = Date.now()): string {
  return new Date(ms).toISOString();
}

export class JobEngine {
  private readonly records = new Map<string, JobRecord>();
  private readonly conversations = new Map<string, { jobIds: string[] }>();
  private readonly scripts: JobScript[] = [];
  private readonly terminalListeners = new Set<(job: JobRecord) => void>();

  constructor(
    private readonly chatBaseUrl: string,
    private timings: JobTimings,
    private readonly webhooks: WebhookSender,
  ) {}

  /** Calls `listener` each time a job reaches a terminal state. */
  onTerminal(listener: (job: JobRecord) => void): void {
    this.terminalListeners.add(listener);
  }

  setTimings(t: Partial<JobTimings>): void {
    this.timings = { ...this.timings, ...t };
  }

  script(next: JobScript, count = 1): void {
    for (let i = 0; i < count; i++) this.scripts.push(next);
  }

  hasConversation(id: string): boolean {
    return this.conversations.has(id);
  }

  /** True when the conversation has a job that is neither terminal nor gone. */
  conversationBusy(id: string): boolean {
    return (this.conversations.get(id)?.jobIds ?? []).some((jobId) => {
      const job = this.records.get(jobId);
      return job !== undefined && !job.vanished && !isTerminal(job.state);
    });
  }

  /** The plan of the last completed job of the conversation on the same model and branch. */
  private previousPlan(conversationId: string, model: SemanticModel): QueryPlan | undefined {
    const ids = this.conversations.get(conversationId)?.jobIds ?? [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const job = this.records.get(ids[i] as string);
      if (job?.state === 'COMPLETE' && job.answer.ok && job.modelId === model.modelId && job.branchId === model.branchId) {
        return job.answer.plan;
      }
    }
    return undefined;
  }

  create(input: CreateJobInput): JobRecord {
    const script = this.scripts.shift() ?? {};
    const timings: JobTimings = { ...this.timings, ...script.timings };
    const conversationId = input.conversationId ?? randomUUID();
    const previous = input.conversationId ? this.previousPlan(input.conversationId, input.model) : undefined;
    const now = Date.now();
    const job: JobRecord = {
      id: randomUUID(),
      state: 'QUEUED',
      prompt: input.prompt,
      conversationId,
      modelId: input.model.modelId,
      branchId: input.model.branchId,
      organizationId: input.organizationId,
      userId: input.userId,
      topicName: input.topicName,
      omniChatUrl: `${this.chatBaseUrl.replace(/\/+$/, '')}/chat/${conversationId}`,
      createdAt: iso(now),
      updatedAt: iso(now),
      progress: null,
      cancelRequested: false,
      stateHistory: [{ state: 'QUEUED', at: performance.now(), wallAt: now }],
      createdBy: input.createdBy,
      ...(input.webhook ? { webhook: input.webhook } : {}),
      ...(input.routineRun ? { routineRun: { ...input.routineRun } } : {}),
      script,
      timings,
      vanished: false,
      answer: answerPrompt(input.model, input.prompt, input.topicName, previous),
      iteration: 0,
      timers: new Set(),
    };
    this.records.set(job.id, job);
    const conversation = this.conversations.get(conversationId) ?? { jobIds: [] };
    conversation.jobIds.push(job.id);
    this.conversations.set(conversationId, conversation);

    if (script.vanishAfterMs !== undefined) {
      // Outlives the state machine: a job may vanish after reaching a terminal state too.
      job.vanishTimer = setTimeout(() => {
        this.stop(job);
        job.vanished = true;
      }, script.vanishAfterMs);
      job.vanishTimer.unref();
    }
    if (script.stuckIn !== 'QUEUED') this.after(job, timings.queuedMs, () => this.startExecution(job));
    return job;
  }

  /** A job as GET /jobs/{id} may see it: undefined when unknown or vanished. */
  visible(id: string): JobRecord | undefined {
    const job = this.records.get(id);
    return job && !job.vanished ? job : undefined;
  }

  /** Applies a cancel request; returns the state the cancel response reports. */
  cancel(job: JobRecord, by: string): JobState {
    if (isTerminal(job.state) || job.script.cancelIgnored) return job.state;
    switch (job.state) {
      case 'QUEUED':
        job.cancelledBy = by;
        this.finishCancelled(job);
        return job.state;
      case 'EXECUTING':
        // Omni's worker stops after the current iteration, so the job still reads EXECUTING.
        if (!job.cancelRequested) {
          job.cancelRequested = true;
          job.cancelledBy = by;
        }
        return job.state;
      default:
        // DELIVERING is already finalizing: not cancellable, the job completes.
        return job.state;
    }
  }

  statusBody(job: JobRecord): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: job.id,
      state: job.state,
      prompt: job.prompt,
      conversationId: job.conversationId,
      modelId: job.modelId,
      branchId: job.branchId,
      organizationId: job.organizationId,
      userId: job.userId,
      topicName: job.topicName,
      omniChatUrl: job.omniChatUrl,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
    if (job.executionStartedAt !== undefined) body.executionStartedAt = job.executionStartedAt;
    if (job.state === 'EXECUTING') body.progress = job.progress;
    if (job.state === 'COMPLETE') body.resultSummary = job.resultSummary;
    if (job.state === 'COMPLETE' || job.state === 'FAILED') body.completedAt = job.completedAt;
    if (job.state === 'FAILED') body.error = job.error;
    if (job.state === 'CANCELLED') {
      body.cancelledAt = job.cancelledAt;
      body.cancelledBy = job.cancelledBy;
    }
    return body;
  }

  /** The CSV header of the job's query (padding rows copy its width). */
  csvWidth(job: JobRecord): number {
    return job.answer.ok ? job.answer.header.length : 1;
  }

  snapshot(job: JobRecord): EmulatedJob {
    const copy: EmulatedJob = {
      id: job.id,
      state: job.state,
      prompt: job.prompt,
      conversationId: job.conversationId,
      modelId: job.modelId,
      branchId: job.branchId,
      organizationId: job.organizationId,
      userId: job.userId,
      topicName: job.topicName,
      omniChatUrl: job.omniChatUrl,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      cancelRequested: job.cancelRequested,
      stateHistory: job.stateHistory.map((s) => ({ ...s })),
      createdBy: job.createdBy,
      script: structuredClone(job.script),
      timings: { ...job.timings },
      vanished: job.vanished,
    };
    if (job.executionStartedAt !== undefined) copy.executionStartedAt = job.executionStartedAt;
    if (job.state === 'EXECUTING') copy.progress = job.progress ? { ...job.progress } : null;
    if (job.resultSummary !== undefined) copy.resultSummary = job.resultSummary;
    if (job.completedAt !== undefined) copy.completedAt = job.completedAt;
    if (job.error !== undefined) copy.error = { ...job.error };
    if (job.cancelledAt !== undefined) copy.cancelledAt = job.cancelledAt;
    if (job.cancelledBy !== undefined) copy.cancelledBy = job.cancelledBy;
    if (job.webhook) {
      copy.webhook = {
        url: job.webhook.url,
        signed: job.webhook.secret !== undefined,
        progress: job.webhook.progress,
        ...(job.webhook.metadata ? { metadata: structuredClone(job.webhook.metadata) } : {}),
      };
    }
    if (job.answer.ok) copy.answerTopic = job.answer.topic;
    if (job.result) copy.result = structuredClone(job.result);
    if (job.routineRun) copy.routineRun = { ...job.routineRun };
    return copy;
  }

  get(id: string): JobRecord | undefined {
    return this.records.get(id);
  }

  all(): JobRecord[] {
    return [...this.records.values()];
  }

  clear(): void {
    for (const job of this.records.values()) {
      this.stop(job);
      clearTimeout(job.vanishTimer);
    }
    this.records.clear();
    this.conversations.clear();
    this.scripts.length = 0;
  }

  // ------------------------------------------------------------- state machine

  private after(job: JobRecord, ms: number, step: () => void): void {
    const timer = setTimeout(() => {
      job.timers.delete(timer);
      step();
    }, Math.max(0, ms));
    timer.unref();
    job.timers.add(timer);
  }

  private stop(job: JobRecord): void {
    for (const timer of job.timers) clearTimeout(timer);
    job.timers.clear();
  }

  private enter(job: JobRecord, state: JobState, now = Date.now()): void {
    job.state = state;
    job.updatedAt = iso(now);
    job.stateHistory.push({ state, at: performance.now(), wallAt: now });
    if (isTerminal(state)) {
      for (const listener of this.terminalListeners) {
        try {
          listener(job);
        } catch {
          // a listener's bug must not stop the state machine
        }
      }
    }
  }

  private startExecution(job: JobRecord): void {
    const now = Date.now();
    job.executionStartedAt = iso(now);
    job.progress = null;
    this.enter(job, 'EXECUTING', now);
    if (job.timings.iterations <= 0) {
      this.afterIteration(job);
      return;
    }
    this.runIteration(job);
  }

  private runIteration(job: JobRecord): void {
    job.iteration += 1;
    const iteration = job.iteration;
    const half = job.timings.iterationMs / 2;
    this.after(job, half, () => {
      const messages = job.answer.progressMessages;
      const message = messages[Math.min(iteration, messages.length) - 1] ?? 'Working';
      const now = iso();
      job.progress = { iteration, message, updatedAt: now };
      job.updatedAt = now;
      if (iteration <= 2) job.queryRanAt = now;
      if (job.webhook?.progress) {
        this.webhooks.send(job.webhook, job.id, 'job.progress', {
          event_id: this.eventId(job, `PROGRESS_${iteration}`),
          jobId: job.id,
          status: 'EXECUTING',
          progress: job.progress,
          metadata: job.webhook.metadata ?? {},
        });
      }
      this.after(job, job.timings.iterationMs - half, () => this.afterIteration(job));
    });
  }

  private afterIteration(job: JobRecord): void {
    if (job.cancelRequested) {
      this.finishCancelled(job);
    } else if (!job.answer.ok) {
      // The emulated AI gives up once its first search finds no matching fields.
      this.finishFailed(job, job.answer.error);
    } else if (job.script.stuckIn === 'EXECUTING') {
      this.runIteration(job);
    } else if (job.iteration < job.timings.iterations) {
      this.runIteration(job);
    } else if (job.script.fail) {
      this.finishFailed(job, job.script.fail);
    } else {
      this.startDelivering(job);
    }
  }

  private startDelivering(job: JobRecord): void {
    const answer = job.answer as ComputedAnswer;
    this.enter(job, 'DELIVERING');
    const queryTime = job.queryRanAt ?? job.executionStartedAt ?? job.updatedAt;
    job.result = {
      actions: [
        {
          type: 'generate_query',
          message: answer.actionMessage,
          timestamp: queryTime,
          result: {
            queryName: answer.queryName,
            status: 'success',
            query: answer.query,
            csvResult: answer.csv,
            csvResultWasTruncated: false,
            hasResults: answer.csvRows.length > 0,
            totalRowCount: answer.csvRows.length,
          },
        },
        { type: 'summarize', message: answer.summary, timestamp: job.updatedAt },
      ],
      message: answer.summary,
      resultSummary: answer.summary,
      topic: answer.topic,
      omniChatUrl: job.omniChatUrl,
    };
    if (job.script.stuckIn === 'DELIVERING') return;
    this.after(job, job.timings.deliveringMs, () => {
      const now = Date.now();
      job.completedAt = iso(now);
      job.resultSummary = answer.summary;
      this.enter(job, 'COMPLETE', now);
      this.notify(job, 'job.complete', { result_summary: answer.summary });
    });
  }

  private finishFailed(job: JobRecord, error: JobError): void {
    this.stop(job);
    const now = Date.now();
    job.completedAt = iso(now);
    job.error = {
      message: error.message,
      ...(error.code !== undefined ? { code: error.code } : {}),
      ...(error.detail !== undefined ? { detail: error.detail } : {}),
    };
    this.enter(job, 'FAILED', now);
    this.notify(job, 'job.failed', { error: job.error });
  }

  private finishCancelled(job: JobRecord): void {
    this.stop(job);
    const now = Date.now();
    job.cancelledAt = iso(now);
    this.enter(job, 'CANCELLED', now);
    // Omni documents terminal events job.complete / job.failed / job.denied only: no event here.
  }

  private eventId(job: JobRecord, status: string): string {
    return `evt_${job.id.replace(/-/g, '').slice(0, 8)}_${status}_${Math.floor(Date.now() / 1000)}`;
  }

  private notify(job: JobRecord, event: string, extra: Record<string, unknown>): void {
    if (!job.webhook) return;
    this.webhooks.send(job.webhook, job.id, event, {
      event_id: this.eventId(job, job.state),
      jobId: job.id,
      status: job.state,
      ...extra,
      metadata: job.webhook.metadata ?? {},
      completed_at: job.completedAt,
    });
  }
}

export type { JobRecord };
