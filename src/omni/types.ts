/** Omni API shapes used by the action (subset of Omni's published OpenAPI schemas). */
/** Omni's job states (AiJobStatusResponse.state). */
export type JobState = 'QUEUED' | 'EXECUTING' | 'DELIVERING' | 'COMPLETE' | 'FAILED' | 'CANCELLED';

export interface AiJobSubmitBody {
  modelId: string;
  prompt: string;
  branchId?: string;
  conversationId?: string;
  topicName?: string;
  webhookUrl?: string;
  webhookSigningSecret?: string;
  webhookMetadata?: Record<string, unknown>;
}

export interface AiJobSubmitResponse {
  jobId: string;
  conversationId: string;
  omniChatUrl: string;
}

export interface AiJobProgress {
  iteration: number;
  message: string;
  updatedAt: string;
}

export interface AiJobError {
  message: string;
  code?: string;
  detail?: string;
  [key: string]: unknown;
}

export interface AiJobStatus {
  id: string;
  state: JobState;
  prompt: string;
  conversationId: string;
  modelId: string | null;
  branchId: string | null;
  organizationId: string;
  userId: string;
  topicName: string | null;
  omniChatUrl: string;
  createdAt: string;
  updatedAt: string;
  executionStartedAt?: string;
  progress?: AiJobProgress | null;
  resultSummary?: string;
  completedAt?: string;
  error?: AiJobError;
  cancelledAt?: string;
  cancelledBy?: string;
}

export interface AiJobCancelResponse {
  jobId: string;
  state: JobState;
}

export interface AiJobQueryResult {
  resultId?: string;
  queryName: string;
  status: 'success' | 'error';
  query: Record<string, unknown>;
  csvResult: string;
  csvResultWasTruncated: boolean;
  hasResults: boolean;
  totalRowCount: number;
}

export interface AiJobAction {
  type: string;
  message: string;
  timestamp: string;
  result?: AiJobQueryResult;
  [key: string]: unknown;
}

export interface AiJobResult {
  actions?: AiJobAction[];
  message?: string;
  resultSummary?: string;
  topic?: string;
  omniChatUrl?: string;
  [key: string]: unknown;
}

export interface ModelRecord {
  id: string;
  name: string | null;
  modelKind: string | null;
  baseModelId: string | null;
  connectionId: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  branches?: { id: string; name: string }[];
}

export interface PageInfo {
  hasNextPage: boolean;
  nextCursor: string | null;
  pageSize: number;
  totalRecords: number;
}

export interface ModelsListResponse {
  pageInfo: PageInfo;
  records: ModelRecord[];
}

export interface ModelsListQuery {
  modelKind?: string;
  baseModelId?: string;
  name?: string;
  modelId?: string;
  include?: string;
  cursor?: string;
  pageSize?: number;
}

/** AI Routines (Spec-B `RoutineCreateBody`, `RoutineUpdateBody`, `RoutineResponse`). */
export interface RoutineEmailDestination {
  type: 'email';
  recipientEmails: string[];
  userGroupIds: string[];
}

export interface RoutineSlackDestination {
  type: 'slack';
  /** A channel id (C…) or a user id (U…): exactly one recipient. */
  recipientId: string;
  slackRecipientType: 'channel' | 'users';
}

export type RoutineDestination = RoutineEmailDestination | RoutineSlackDestination;

export interface RoutineCreateBody {
  modelId: string;
  name: string;
  prompt: string;
  /** Six-field cron: minute hour day-of-month month day-of-week year. */
  schedule: string;
  timezone: string;
  destination: RoutineDestination;
  branchId?: string;
  description?: string;
  topicName?: string;
}

/** Only the fields given change; `destination` replaces the whole recipient configuration. */
export interface RoutineUpdateBody {
  name?: string;
  prompt?: string;
  schedule?: string;
  timezone?: string;
  description?: string | null;
  destination?: RoutineDestination;
}

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
  recipientCount: number;
  /** Paused by its owner. */
  disabled: boolean;
  /** Disabled by Omni: it could no longer run successfully or safely. */
  systemDisabled: boolean;
  systemDisabledReason: string | null;
  lastRun: { completedAt: string | null; label: string; state: string } | null;
  condition: { conditionPrompt: string | null; conditionType: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoutinesListQuery {
  cursor?: string;
  pageSize?: number;
  userId?: string;
}

export interface RoutinesListResponse {
  pageInfo: PageInfo;
  records: RoutineResponse[];
}

export interface WhoamiResponse {
  keyScope: 'user' | 'organization';
  orgRole: 'MEMBER' | 'ORG_ADMIN';
  user: { id: string; membershipId: string };
  rolesByModel: Record<string, unknown>;
  rolesByModelTruncated?: boolean;
}
