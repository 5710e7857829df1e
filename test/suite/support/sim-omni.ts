import type { Clock } from '../../../src/lib/clock.js';
import type { CallOptions, OmniApi } from '../../../src/omni/api.js';
import { OmniApiError, type RouteName } from '../../../src/omni/errors.js';
import type {
  AiJobCancelResponse,
  AiJobStatus,
  AiJobSubmitBody,
  AiJobSubmitResponse,
  ModelsListQuery,
  ModelsListResponse,
} from '../../../src/omni/types.js';
import type { JobState } from '../../../src/omni/types.js';
import type { RequestBudget } from '../../../src/omni/request-budget.js';

const WindowMs = 60_000;

export interface SimJob {
  id: string;
  body: AiJobSubmitBody;
  conversationId: string;
  createdAt: number;
  durationMs: number;
  cancelledAt?: number;
  /** First status check that saw the job terminal. */
  seenDoneAt?: number;
}

export interface SimOmniOptions {
  /** The server's limit per API key, counted over any 60 s. */
  perMinute: number;
  /** How long a job takes in Omni, from its creation. */
  durationOf: (body: AiJobSubmitBody, index: number) => number;
  /** Simulated time each request takes to answer: a constant, or drawn per request (e.g. seeded jitter). */
  latencyMs?: number | (() => number);
  /** Final state of a finished job (default COMPLETE). */
  finalState?: (body: AiJobSubmitBody) => 'COMPLETE' | 'FAILED';
  /** Makes createJob fail, for breaker tests. */
  refuseCreate?: (body: AiJobSubmitBody) => OmniApiError | undefined;
}

/**
 * Omni as the scheduler meets it, in simulated time: jobs take the planned time, one active job
 * per conversation (409), and a sliding-minute rate limit that answers 429 — counted, so a test
 * can assert that none happened. Results are not stored (downloadResult counts and refuses), so
 * no file I/O runs in simulated time.
 */
export class SimOmni implements OmniApi {
  readonly requests: { at: number; route: RouteName; jobId?: string }[] = [];
  readonly jobs: SimJob[] = [];
  refusedForRate = 0;
  conflicts = 0;
  private readonly latencyOf: () => number;

  constructor(
    private readonly clock: Clock,
    private readonly options: SimOmniOptions,
  ) {
    const latency = options.latencyMs ?? 150;
    this.latencyOf = typeof latency === 'number' ? () => latency : latency;
  }

  async createJob(body: AiJobSubmitBody, _options?: CallOptions & { userId?: string }): Promise<AiJobSubmitResponse> {
    this.arrive('createJob');
    await this.clock.sleep(this.latencyOf());
    const refused = this.options.refuseCreate?.(body);
    if (refused) throw refused;
    if (body.conversationId && this.jobs.some((job) => job.conversationId === body.conversationId && !isTerminal(this.stateOf(job)))) {
      this.conflicts++;
      throw new OmniApiError('An active job already exists for this conversation', 'createJob', 409);
    }
    const index = this.jobs.length;
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const conversationId = body.conversationId ?? `00000000-0000-4000-9000-${String(index).padStart(12, '0')}`;
    this.jobs.push({ id, body, conversationId, createdAt: this.clock.now(), durationMs: this.options.durationOf(body, index) });
    return { jobId: id, conversationId, omniChatUrl: `https://sim.omni.co/chat/${conversationId}` };
  }

  async getJob(jobId: string): Promise<AiJobStatus> {
    this.arrive('getJob', jobId);
    await this.clock.sleep(this.latencyOf());
    const job = this.job(jobId);
    const state = this.stateOf(job);
    if (isTerminal(state)) job.seenDoneAt ??= this.clock.now();
    const status: AiJobStatus = {
      id: job.id,
      state,
      prompt: job.body.prompt,
      conversationId: job.conversationId,
      modelId: job.body.modelId,
      branchId: job.body.branchId ?? null,
      organizationId: '00000000-0000-4000-8000-0000000000aa',
      userId: '00000000-0000-4000-8000-0000000000bb',
      topicName: job.body.topicName ?? null,
      omniChatUrl: `https://sim.omni.co/chat/${job.conversationId}`,
      createdAt: new Date(job.createdAt).toISOString(),
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    if (state === 'COMPLETE' || state === 'FAILED') status.completedAt = new Date(job.createdAt + job.durationMs).toISOString();
    if (state === 'COMPLETE') status.resultSummary = `answer to ${job.body.prompt}`;
    if (state === 'FAILED') status.error = { message: 'simulated failure' };
    return status;
  }

  async cancelJob(jobId: string): Promise<AiJobCancelResponse> {
    this.arrive('cancelJob', jobId);
    await this.clock.sleep(this.latencyOf());
    const job = this.job(jobId);
    if (!isTerminal(this.stateOf(job))) job.cancelledAt = this.clock.now();
    return { jobId, state: this.stateOf(job) };
  }

  async downloadResult(jobId: string): Promise<{ bytes: number }> {
    this.arrive('getResult', jobId);
    await this.clock.sleep(this.latencyOf());
    throw new OmniApiError('simulated: results are not kept', 'getResult', 404);
  }

  async listModels(_query: ModelsListQuery): Promise<ModelsListResponse> {
    this.arrive('listModels');
    await this.clock.sleep(this.latencyOf());
    return { pageInfo: { hasNextPage: false, nextCursor: null, pageSize: 20, totalRecords: 0 }, records: [] };
  }

  count(route: RouteName): number {
    return this.requests.filter((request) => request.route === route).length;
  }

  /** Most requests that started within any 60 s. */
  peakPerMinute(): number {
    let peak = 0;
    let from = 0;
    for (let to = 0; to < this.requests.length; to++) {
      while (this.requests[from]!.at <= this.requests[to]!.at - WindowMs) from++;
      peak = Math.max(peak, to - from + 1);
    }
    return peak;
  }

  /** The server counts a request when it arrives; over the limit it is refused. */
  private arrive(route: RouteName, jobId?: string): void {
    const now = this.clock.now();
    const recent = this.requests.filter((request) => request.at > now - WindowMs).length;
    const entry: { at: number; route: RouteName; jobId?: string } = { at: now, route };
    if (jobId) entry.jobId = jobId;
    this.requests.push(entry);
    if (recent >= this.options.perMinute) {
      this.refusedForRate++;
      throw new OmniApiError('Too Many Requests', route, 429);
    }
  }

  stateOf(job: SimJob): JobState {
    if (job.cancelledAt !== undefined) return 'CANCELLED';
    const elapsed = this.clock.now() - job.createdAt;
    if (elapsed >= job.durationMs) return this.options.finalState?.(job.body) ?? 'COMPLETE';
    return elapsed < 1_000 ? 'QUEUED' : 'EXECUTING';
  }

  private job(jobId: string): SimJob {
    const job = this.jobs.find((candidate) => candidate.id === jobId);
    if (!job) throw new OmniApiError(`Job ${jobId} not found`, 'getJob', 404);
    return job;
  }
}

function isTerminal(state: JobState): boolean {
  return state === 'COMPLETE' || state === 'FAILED' || state === 'CANCELLED';
}

/** What OmniClient does with the budget: one slot per attempt, taken just before sending. */
export function budgeted(api: OmniApi, budget: RequestBudget): OmniApi {
  return {
    async createJob(body, options) {
      await budget.take(options?.signal);
      return api.createJob(body, options);
    },
    async getJob(jobId, options) {
      await budget.take(options?.signal);
      return api.getJob(jobId, options);
    },
    async cancelJob(jobId, options) {
      await budget.take(options?.signal);
      return api.cancelJob(jobId, options);
    },
    async downloadResult(jobId, file, options) {
      await budget.take(options?.signal);
      return api.downloadResult(jobId, file, options);
    },
    async listModels(query, options) {
      await budget.take(options?.signal);
      return api.listModels(query, options);
    },
  };
}

