import { writeFile } from 'node:fs/promises';
import type { Clock } from '../../src/lib/clock.js';
import type { CallOptions, OmniApi } from '../../src/omni/api.js';
import type { AiJobCancelResponse, AiJobStatus, AiJobSubmitBody, AiJobSubmitResponse, ModelsListResponse } from '../../src/omni/types.js';
import type { JobState } from '../../src/omni/types.js';

/** One job's life in simulated time: the state it is in from each moment on (ms after creation). */
export interface FakeJobPlan {
  timeline: { at: number; state: JobState }[];
  /** What cancel does: stop at once (default), or be ignored. */
  cancel?: 'immediate' | 'ignored';
  error?: { message: string; code?: string };
  result?: unknown;
}

/** An in-memory OmniApi in simulated time, for unit tests of the runner and the scheduler. */
export class FakeOmni implements OmniApi {
  readonly calls: { method: string; jobId?: string; at: number; body?: AiJobSubmitBody }[] = [];
  private readonly jobs = new Map<string, { plan: FakeJobPlan; createdAt: number; body: AiJobSubmitBody; cancelledAt?: number }>();
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    private readonly planFor: (body: AiJobSubmitBody, index: number) => FakeJobPlan,
  ) {}

  async createJob(body: AiJobSubmitBody, _options?: CallOptions): Promise<AiJobSubmitResponse> {
    const index = this.sequence++;
    const jobId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    this.calls.push({ method: 'createJob', jobId, at: this.clock.now(), body });
    this.jobs.set(jobId, { plan: this.planFor(body, index), createdAt: this.clock.now(), body });
    return { jobId, conversationId: jobId.replace('4000', '5000'), omniChatUrl: `https://demo.omni.co/chat/${jobId}` };
  }

  async getJob(jobId: string, _options?: CallOptions): Promise<AiJobStatus> {
    this.calls.push({ method: 'getJob', jobId, at: this.clock.now() });
    return this.status(jobId);
  }

  async cancelJob(jobId: string, _options?: CallOptions): Promise<AiJobCancelResponse> {
    this.calls.push({ method: 'cancelJob', jobId, at: this.clock.now() });
    const job = this.job(jobId);
    const state = this.stateOf(jobId);
    if (job.plan.cancel !== 'ignored' && (state === 'QUEUED' || state === 'EXECUTING')) job.cancelledAt = this.clock.now();
    return { jobId, state: this.stateOf(jobId) };
  }

  async downloadResult(jobId: string, file: string, _options?: CallOptions): Promise<{ bytes: number }> {
    this.calls.push({ method: 'downloadResult', jobId, at: this.clock.now() });
    const text = JSON.stringify(this.job(jobId).plan.result ?? { message: 'answer', resultSummary: 'answer', actions: [] });
    await writeFile(file, text);
    return { bytes: Buffer.byteLength(text) };
  }

  async listModels(): Promise<ModelsListResponse> {
    this.calls.push({ method: 'listModels', at: this.clock.now() });
    return { pageInfo: { hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: 0 }, records: [] };
  }

  count(method: string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  stateOf(jobId: string): JobState {
    const job = this.job(jobId);
    if (job.cancelledAt !== undefined) return 'CANCELLED';
    const elapsed = this.clock.now() - job.createdAt;
    let state: JobState = 'QUEUED';
    for (const step of job.plan.timeline) if (step.at <= elapsed) state = step.state;
    return state;
  }

  private status(jobId: string): AiJobStatus {
    const job = this.job(jobId);
    const state = this.stateOf(jobId);
    const status: AiJobStatus = {
      id: jobId,
      state,
      prompt: job.body.prompt,
      conversationId: jobId,
      modelId: job.body.modelId,
      branchId: job.body.branchId ?? null,
      organizationId: '00000000-0000-4000-8000-00000000000a',
      userId: '00000000-0000-4000-8000-00000000000b',
      topicName: job.body.topicName ?? null,
      omniChatUrl: `https://demo.omni.co/chat/${jobId}`,
      createdAt: new Date(job.createdAt).toISOString(),
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    if (state === 'EXECUTING') status.progress = { iteration: 1, message: 'Working', updatedAt: status.updatedAt };
    if (state === 'COMPLETE') status.resultSummary = 'answer';
    if (state === 'FAILED') status.error = job.plan.error ?? { message: 'It failed' };
    if (state === 'CANCELLED') status.cancelledAt = status.updatedAt;
    return status;
  }

  private job(jobId: string) {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`unknown job ${jobId}`);
    return job;
  }
}
