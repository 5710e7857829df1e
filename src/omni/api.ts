import type {
  AiJobCancelResponse,
  AiJobStatus,
  AiJobSubmitBody,
  AiJobSubmitResponse,
  ModelsListQuery,
  ModelsListResponse,
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
