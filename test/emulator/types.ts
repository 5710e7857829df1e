/** Public types of the Omni API emulator (what tests, the demo and benchmarks program against). */
import type {
  EmulatedRoutine,
  RoutineDelivery,
  RoutineOptions,
  RoutineRun,
  RoutineSeed,
  RoutineStatusChange,
} from './routine-types.js';

export type JobState = 'QUEUED' | 'EXECUTING' | 'DELIVERING' | 'COMPLETE' | 'FAILED' | 'CANCELLED';
export const TerminalStates: readonly JobState[] = ['COMPLETE', 'FAILED', 'CANCELLED'];

export type RouteName =
  | 'createJob'
  | 'getJob'
  | 'cancelJob'
  | 'getResult'
  | 'listModels'
  | 'listTopics'
  | 'listRoutines'
  | 'createRoutine'
  | 'getRoutine'
  /** PATCH, and PUT (the method Omni's docs page shows) as the same operation. */
  | 'updateRoutine'
  | 'deleteRoutine'
  | 'triggerRoutine'
  | 'whoami';

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
  /** The active-routine quota and routines present from the start (and again after reset()). */
  routines?: RoutineOptions;
}

/**
 * `afterProcessing: true` handles the request first (the job or routine is created, updated,
 * deleted or triggered) and then answers with the fault instead of the real answer: the "stored,
 * then the connection dropped / the gateway answered 502" cases a client must not repeat blindly.
 * By default a fault replaces the request before it is handled (nothing changes).
 */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfterSeconds?: number; afterProcessing?: boolean }
  /** Destroys the socket without answering. */
  | { kind: 'drop'; afterProcessing?: boolean }
  /** Handles the request at arrival, then holds the answer back this long. */
  | { kind: 'delay'; ms: number }
  /** An HTML error page instead of JSON; status default 502. */
  | { kind: 'nonJson'; status?: number; afterProcessing?: boolean };

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
  /**
   * With an `afterProcessing` fault: the status the emulator's own answer had (e.g. 201: the routine
   * was stored) before the fault replaced it.
   */
  handledStatus?: number;
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
  /** Set when a routine run started the job (POST /routines/{id}/trigger), not the jobs API. */
  routineRun?: { routineId: string; runId: string };
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
  /** User groups a routine's e-mail destination may name (`userGroupIds`), with their members. */
  userGroups: { id: string; name: string; memberEmails: string[] }[];
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
  /** Every routine, deleted ones included (`deletedAt` set), oldest first; copies. */
  routines(): EmulatedRoutine[];
  routine(id: string): EmulatedRoutine | undefined;
  /** Puts a routine straight into the store, unvalidated (e.g. paused, disabled by Omni, another owner). */
  seedRoutine(seed: RoutineSeed): EmulatedRoutine;
  /** What the owner (pause) or Omni (disable) would change in Omni's UI; no API endpoint can. */
  setRoutineStatus(id: string, change: RoutineStatusChange): EmulatedRoutine;
  /** Runs started by POST /routines/{id}/trigger, oldest first; copies. */
  routineRuns(): RoutineRun[];
  /** Resolves once the run has ended (COMPLETE, FAILED or CANCELLED); rejects on reset()/close(). */
  routineRunEnded(runId: string): Promise<RoutineRun>;
  /** Deliveries of completed runs, oldest first; copies. */
  readonly outbox: RoutineDelivery[];
  setTimings(t: Partial<JobTimings>): void;
  reset(): void;
  close(): Promise<void>;
}
