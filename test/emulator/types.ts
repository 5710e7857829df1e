/** Public types of the Omni API emulator (what tests, the demo and benchmarks program against). */

export type JobState = 'QUEUED' | 'EXECUTING' | 'DELIVERING' | 'COMPLETE' | 'FAILED' | 'CANCELLED';
export const TerminalStates: readonly JobState[] = ['COMPLETE', 'FAILED', 'CANCELLED'];

export type RouteName = 'createJob' | 'getJob' | 'cancelJob' | 'getResult' | 'listModels' | 'listTopics';

export interface JobTimings {
  /** Time spent QUEUED before execution starts. */
  queuedMs: number;
  /** Length of one AI iteration while EXECUTING (progress is reported halfway through each). */
  iterationMs: number;
  /** Number of iterations before DELIVERING. */
  iterations: number;
  /** Time spent DELIVERING before COMPLETE. */
  deliveringMs: number;
}

export interface RateLimitOptions {
  requestsPerMinute: number;
  /** Send `Retry-After` (seconds until a slot frees) on 429. Default true. */
  retryAfter?: boolean;
  /** Length of the sliding window; 60 000 unless a test wants it shorter. */
  windowMs?: number;
}

export interface EmulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Defaults suit tests: a job takes about 40 ms. */
  timings?: Partial<JobTimings>;
  /** Default `{ requestsPerMinute: 60, retryAfter: true }`; `false` disables the limiter. */
  rateLimit?: RateLimitOptions | false;
  /** Base of `omniChatUrl` (`<chatBaseUrl>/chat/<conversationId>`). Default 'https://demo.omni.co'. */
  chatBaseUrl?: string;
  /** Called after each request is answered (the sandbox CLI logs with it). */
  onRequest?: (request: RecordedRequest) => void;
}

export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503; retryAfterSeconds?: number }
  /**
   * Destroys the socket without answering. By default the request is dropped before it is handled;
   * `afterProcessing: true` handles it first (e.g. the job is created) and then drops the answer.
   */
  | { kind: 'drop'; afterProcessing?: boolean }
  /** Handles the request at arrival, then holds the answer back this long. */
  | { kind: 'delay'; ms: number }
  /** An HTML error page instead of JSON; status default 502. */
  | { kind: 'nonJson'; status?: number };

export interface JobScript {
  timings?: Partial<JobTimings>;
  /** The job never leaves this state (EXECUTING keeps iterating; cancellation still works). */
  stuckIn?: 'QUEUED' | 'EXECUTING' | 'DELIVERING';
  /** The job ends FAILED with this error after its last iteration, whatever the prompt. */
  fail?: { message: string; code?: string; detail?: string };
  /** GET / cancel / result answer 404 once this long has passed since creation. */
  vanishAfterMs?: number;
  /** Cancel answers 200 with the current state but has no effect. */
  cancelIgnored?: boolean;
  /** Inflate the result document to about this many bytes (extra csvResult rows), streamed in chunks. */
  resultPaddingBytes?: number;
}

export type KeyKind = 'org' | 'personal' | 'unknown' | 'none';

export interface RecordedRequest {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  route: RouteName | null;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  rawBody: string;
  /** Arrival, performance.now() ms. */
  at: number;
  /** Arrival, Date.now() ms (comparable across processes). */
  wallAt: number;
  /** Status answered; null when the connection was dropped; undefined while still in progress. */
  status?: number | null;
  /** performance.now() when the answer was sent (or the socket dropped). */
  respondedAt?: number;
  /** Which kind of bearer token authenticated the request. */
  key: KeyKind;
  /** Kind of the injected fault that shaped this answer, if any. */
  fault?: Fault['kind'];
}

export interface StateChange {
  state: JobState;
  /** performance.now() ms. */
  at: number;
  /** Date.now() ms. */
  wallAt: number;
}

export interface JobProgress {
  iteration: number;
  message: string;
  updatedAt: string;
}

export interface JobError {
  message: string;
  code?: string;
  detail?: string;
}

/** A snapshot of one job as the emulator holds it (a copy: later changes do not show up in it). */
export interface EmulatedJob {
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
  progress?: JobProgress | null;
  resultSummary?: string;
  completedAt?: string;
  error?: JobError;
  cancelledAt?: string;
  cancelledBy?: string;
  /** A cancel was accepted while EXECUTING and takes effect at the end of the current iteration. */
  cancelRequested: boolean;
  stateHistory: StateChange[];
  /** Key kind that created the job. */
  createdBy: KeyKind;
  webhook?: { url: string; signed: boolean; metadata?: Record<string, unknown>; progress: boolean };
  script: JobScript;
  timings: JobTimings;
  /** GET answers 404 (vanishAfterMs elapsed). */
  vanished: boolean;
  /** The topic the answer used (the requested one, or the one the emulated AI picked). */
  answerTopic?: string;
  /** The result document, once COMPLETE (without padding). */
  result?: Record<string, unknown>;
}

export interface WebhookDelivery {
  url: string;
  /** Receiver's HTTP status; absent when the request failed. */
  status?: number;
  error?: string;
  body: string;
  headers: Record<string, string>;
  jobId: string;
  /** 'job.complete' | 'job.failed' | 'job.progress' */
  event: string;
}

export interface EmulatorIds {
  organizationId: string;
  /** Owner of the personal token and of the organization key; jobs run as this user by default. */
  userId: string;
  /** Another member of the organization (for `?userId=` with the organization key). */
  otherUserId: string;
  /** Shared model "Ecommerce". */
  modelId: string;
  /** Branch `feature/net-revenue` of the Ecommerce model. */
  branchId: string;
  branchName: string;
  /** Shared model "Marketing". */
  otherModelId: string;
  /** Branch `feature/attribution` of the Marketing model. */
  otherBranchId: string;
  /** Topics of the Ecommerce model. */
  topics: string[];
}

export interface Emulator {
  url: string;
  apiBase: string;
  keys: { org: string; personal: string };
  ids: EmulatorIds;
  readonly requests: RecordedRequest[];
  requestsTo(route: RouteName): RecordedRequest[];
  inject(route: RouteName | '*', fault: Fault, times?: number): void;
  script(next: JobScript, count?: number): void;
  job(id: string): EmulatedJob | undefined;
  jobs(): EmulatedJob[];
  readonly webhookDeliveries: WebhookDelivery[];
  setTimings(t: Partial<JobTimings>): void;
  reset(): void;
  close(): Promise<void>;
}
