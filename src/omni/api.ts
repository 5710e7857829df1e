import type {
  AiJobCancelResponse,
  AiJobStatus,
  AiJobSubmitBody,
  AiJobSubmitResponse,
  ModelsListQuery,
  ModelsListResponse,
  RoutineCreateBody,
  RoutineResponse,
  RoutinesListQuery,
  RoutinesListResponse,
  RoutineUpdateBody,
  WhoamiResponse,
} from './types.js';

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * What the job runner and the suite scheduler need from Omni. The HTTP client implements it
 * (retries, request budget and error mapping inside); tests may implement it in simulated time.
 */
export interface OmniApi {
  /** Never sent twice unless the first attempt surely did not reach Omni. */
  createJob(body: AiJobSubmitBody, options?: CallOptions & { userId?: string }): Promise<AiJobSubmitResponse>;
  getJob(jobId: string, options?: CallOptions): Promise<AiJobStatus>;
  cancelJob(jobId: string, options?: CallOptions): Promise<AiJobCancelResponse>;
  /** Streams the full result document to `file`; returns its size in bytes. */
  downloadResult(jobId: string, file: string, options?: CallOptions): Promise<{ bytes: number }>;
  listModels(query: ModelsListQuery, options?: CallOptions): Promise<ModelsListResponse>;
}

/** `userId`: act on that member's routines (organization API keys only). */
export interface RoutineCallOptions extends CallOptions {
  userId?: string;
}

/**
 * What routines as code need from Omni. There is deliberately no trigger: a run delivers to every
 * recipient, and nothing this action does may send one.
 */
export interface OmniRoutinesApi {
  listRoutines(query: RoutinesListQuery, options?: CallOptions): Promise<RoutinesListResponse>;
  /**
   * Never sent twice unless the first attempt surely did not reach Omni. A failure that leaves it
   * unknown whether Omni stored the routine has `outcomeUnknown` set on its OmniApiError.
   */
  createRoutine(body: RoutineCreateBody, options?: RoutineCallOptions): Promise<{ id: string }>;
  updateRoutine(id: string, body: RoutineUpdateBody, options?: RoutineCallOptions): Promise<RoutineResponse>;
  deleteRoutine(id: string, options?: RoutineCallOptions): Promise<{ deleted: boolean; id: string }>;
  whoami(options?: CallOptions): Promise<WhoamiResponse>;
}
