/**
 * Public types of the emulated AI Routines: the API shapes as Omni's schema (RoutineResponse,
 * RoutineCreateBody, …) defines them, and the emulator's own records (the stored routine, its runs
 * and the outbox of deliveries) that tests read.
 */
import type { KeyKind } from './types.js';

// ------------------------------------------------------------------ API shapes

/** An e-mail destination as create/update take it (both arrays default to []). */
export interface RoutineEmailDestinationInput {
  type: 'email';
  recipientEmails?: string[];
  userGroupIds?: string[];
}

/** An e-mail destination as routine answers show it (both arrays always present). */
export interface RoutineEmailDestination {
  type: 'email';
  recipientEmails: string[];
  userGroupIds: string[];
}

/** Exactly one Slack channel (`channel`) or one user by direct message (`users`). */
export interface RoutineSlackDestination {
  type: 'slack';
  recipientId: string;
  slackRecipientType: 'channel' | 'users';
}

export type RoutineDestinationInput = RoutineEmailDestinationInput | RoutineSlackDestination;
export type RoutineDestination = RoutineEmailDestination | RoutineSlackDestination;

/** `POST /api/v1/ai/routines` body (`RoutineCreateBody`; no other keys allowed). */
export interface RoutineCreateBody {
  modelId: string;
  name: string;
  prompt: string;
  schedule: string;
  timezone: string;
  destination: RoutineDestinationInput;
  branchId?: string;
  description?: string;
  topicName?: string;
  /** Deprecated by Omni: 'alert' is refused with code no_condition_detected. */
  gating?: 'auto' | 'alert' | 'unconditional';
}

/** `PATCH /api/v1/ai/routines/{id}` body (`RoutineUpdateBody`): only supplied fields change. */
export interface RoutineUpdateBody {
  name?: string;
  prompt?: string;
  schedule?: string;
  timezone?: string;
  /** null clears it. */
  description?: string | null;
  /** Replaces the whole recipient configuration. */
  destination?: RoutineDestinationInput;
}

export interface RoutineLastRun {
  completedAt: string | null;
  /** 'Delivered' or 'Failed' in the emulator (Omni documents only 'Delivered'). */
  label: string;
  /** 'COMPLETE' or 'FAILED' in the emulator (Omni documents only 'COMPLETE'). */
  state: string;
}

export interface RoutineCondition {
  conditionPrompt: string | null;
  conditionType: 'RESULTS_CHANGED' | 'RESULTS_UNCHANGED' | 'RESULTS_PRESENT' | 'RESULTS_MISSING';
}

/** One routine as GET/PATCH answer it and the list holds it (`RoutineResponse`). */
export interface RoutineResponse {
  id: string;
  name: string;
  prompt: string;
  description: string | null;
  modelId: string;
  branchId: string | null;
  topicName: string | null;
  schedule: string;
  timezone: string;
  destination: RoutineDestination;
  /** Distinct deliverable recipients: groups expanded, duplicates removed; 1 for Slack. */
  recipientCount: number;
  /** Paused by its owner. */
  disabled: boolean;
  /** Disabled by Omni. */
  systemDisabled: boolean;
  systemDisabledReason: string | null;
  lastRun: RoutineLastRun | null;
  condition: RoutineCondition | null;
  createdAt: string;
  updatedAt: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  nextCursor: string | null;
  pageSize: number;
  totalRecords: number;
}

export interface RoutinesListResponse {
  pageInfo: PageInfo;
  records: RoutineResponse[];
}

export interface RoutineCreateResponse {
  id: string;
}

export interface RoutineDeleteResponse {
  deleted: true;
  id: string;
}

/** `id` is the run's id (not an AI job id). */
export interface RoutineTriggerResponse {
  id: string;
}

export interface WhoamiModelRole {
  baseRole: string;
  connectionId: string;
  permissions: string[];
  roleName: string;
}

export interface WhoamiResponse {
  keyScope: 'user' | 'organization';
  orgRole: 'MEMBER' | 'ORG_ADMIN';
  user: { id: string; membershipId: string };
  rolesByModel: Record<string, WhoamiModelRole>;
  rolesByModelTruncated?: boolean;
}

// ------------------------------------------------------------------ emulator records

/** A routine as the emulator holds it: the API answer plus who owns it and whether it is deleted. */
export interface EmulatedRoutine extends RoutineResponse {
  /** Membership id of the owner (the user the routine runs as). */
  ownerId: string;
  /** Set by DELETE; deleted routines stay here but no endpoint shows them. */
  deletedAt: string | null;
  /** Who made it: a key kind, or 'seed' for seedRoutine / EmulatorOptions.routines.seed. */
  createdBy: KeyKind | 'seed';
}

/**
 * A routine put straight into the store (no validation: a seed may hold what the API would refuse,
 * e.g. a five-field schedule, to test how a client copes). Defaults: the key owner owns it, model
 * Ecommerce, schedule '0 9 ? * MON *', time zone 'UTC', e-mail to the key owner, active, never run.
 */
export interface RoutineSeed {
  name: string;
  prompt: string;
  id?: string;
  ownerId?: string;
  description?: string | null;
  modelId?: string;
  branchId?: string | null;
  topicName?: string | null;
  schedule?: string;
  timezone?: string;
  destination?: RoutineDestinationInput;
  disabled?: boolean;
  systemDisabled?: boolean;
  systemDisabledReason?: string | null;
  lastRun?: RoutineLastRun | null;
  condition?: RoutineCondition | null;
  /** ISO 8601; default now. The list sorts on it, so seeds may be placed in the past. */
  createdAt?: string;
  /** Default createdAt. */
  updatedAt?: string;
}

/** What only Omni (or the owner in Omni's UI) can change; no API endpoint does. */
export interface RoutineStatusChange {
  disabled?: boolean;
  systemDisabled?: boolean;
  systemDisabledReason?: string | null;
}

export type RoutineRunState = 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CANCELLED';

/** One run started by POST /routines/{id}/trigger. */
export interface RoutineRun {
  /** The id the trigger answered. */
  id: string;
  routineId: string;
  /** The AI job that computed the answer (visible in emu.jobs(), not through the API). */
  jobId: string;
  state: RoutineRunState;
  /** Key kind that triggered it. */
  triggeredBy: KeyKind;
  startedAt: string;
  completedAt?: string;
  /** The job's error when the run FAILED. */
  error?: { message: string; code?: string; detail?: string };
  /** True once its delivery is in the outbox. */
  delivered: boolean;
}

/** One delivered run: what every recipient got. */
export interface RoutineDelivery {
  runId: string;
  routineId: string;
  jobId: string;
  channel: 'email' | 'slack';
  /**
   * E-mail: the direct addresses and the groups' members, duplicates removed (case-insensitively,
   * first spelling kept). Slack: the one channel or user id.
   */
  recipients: string[];
  /** The routine's name at delivery time (the e-mail subject; shown on Slack). */
  subject: string;
  /** The Markdown answer (the job's resultSummary). */
  answer: string;
  prompt: string;
  modelId: string;
  branchId: string | null;
  topicName: string | null;
  /** The destination as configured at delivery time. */
  destination: RoutineDestination;
  /** ISO 8601. */
  deliveredAt: string;
}

export interface RoutineOptions {
  /**
   * Active routines (not deleted, not paused, not disabled by Omni) one user may own before create
   * answers 429. Default 100, the number in Omni's documented example.
   */
  maxActivePerUser?: number;
  /** Routines present at start and again after every reset(). */
  seed?: RoutineSeed[];
}
