/** What a job ended as, as the action reports it. Pure data: no I/O, no GitHub, no HTTP. */
import type { ResultDigest } from '../omni/result-digest.js';
import type { JobState } from '../omni/types.js';

export type OutcomeState = 'COMPLETE' | 'FAILED' | 'CANCELLED' | 'TIMEOUT';
export const OutcomeStates: readonly OutcomeState[] = ['COMPLETE', 'FAILED', 'CANCELLED', 'TIMEOUT'];

/** What the job was asked: the request side, known before any call to Omni. */
export interface JobRequest {
  prompt: string;
  modelId: string;
  branchId?: string;
  /** The branch name the user gave (branchName input), when the id was resolved from it. */
  branchName?: string;
  topicName?: string;
  conversationId?: string;
}

export interface JobTimings {
  /** ISO timestamps as Omni reported them, when known. */
  createdAt?: string;
  executionStartedAt?: string;
  finishedAt?: string;
  /** Wall time the action spent waiting, from create to terminal state (ms). */
  waitedMs: number;
}

export interface OutcomeBase {
  request: JobRequest;
  jobId: string;
  conversationId: string;
  omniChatUrl: string;
  timings: JobTimings;
  /** Topic Omni reported (status topicName or result topic). */
  topicName?: string;
}

export interface CompleteOutcome extends OutcomeBase {
  state: 'COMPLETE';
  resultSummary: string;
  /** Absent when the result could not be fetched (expired, 404); resultSummary still holds the answer. */
  result?: ResultDigest;
  /** Path of the full result JSON written to disk. */
  resultFile?: string;
  /** Why result is absent, for the report. */
  resultError?: string;
}

export interface FailedOutcome extends OutcomeBase {
  state: 'FAILED';
  error: { message: string; code?: string; detail?: string };
}

export interface CancelledOutcome extends OutcomeBase {
  state: 'CANCELLED';
  /** Who cancelled: the workflow run (signal), or someone/something in Omni. */
  cancelledBy: 'workflow' | 'omni';
  cancelledAt?: string;
}

export interface TimeoutOutcome extends OutcomeBase {
  state: 'TIMEOUT';
  timeoutSeconds: number;
  /** Last state seen before giving up. */
  lastState: JobState;
  /** Omni confirmed the cancel (state CANCELLED, or terminal already). */
  cancelConfirmed: boolean;
}

export type Outcome = CompleteOutcome | FailedOutcome | CancelledOutcome | TimeoutOutcome;
