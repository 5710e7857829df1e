/** When a failed request to Omni is tried again, and after how long. Pure. */

export type AttemptFailure =
  /** Omni (or something in front of it) answered with this status. */
  | { kind: 'status'; status: number; retryAfterMs?: number }
  /** No answer. `connected` is false when the request surely never reached the server. */
  | { kind: 'network'; connected: boolean; code?: string }
  /** We stopped waiting for the answer (request timeout). */
  | { kind: 'timeout' }
  /**
   * The connection could not be set up (a certificate Node does not trust, a proxy refusing the
   * tunnel): nothing was sent, and trying again will not help.
   */
  | { kind: 'setup'; cause: 'tls' | 'proxy'; code: string }
  /** A 2xx answer that is not the JSON we expect (a proxy's error page, a cut body). */
  | { kind: 'invalidBody' };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number;
}

export const DefaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * A request is safe to repeat when repeating it cannot do anything twice:
 * reads and cancels always; a job creation only when the first attempt never reached Omni.
 */
export type Idempotency = 'idempotent' | 'createOnce';

const RetryableStatuses = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
/** Connection errors that happen before a byte of the request is sent. */
const NotConnectedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_PRX_CONN']);
/** Certificate and TLS handshake failures: Node's verification codes, undici's proxy TLS error. */
const TlsCode = /^(?:ERR_TLS_|ERR_SSL_|UNABLE_TO_)|CERT|SELF_SIGNED|^UND_ERR_PRX_TLS$/;

export function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && TlsCode.test(code);
}

export function isNotConnectedCode(code: string | undefined): boolean {
  return code !== undefined && NotConnectedCodes.has(code);
}

/** Milliseconds to wait before attempt `attempt + 1`, or undefined to give up. `random` in [0, 1). */
export function retryDelayMs(
  failure: AttemptFailure,
  attempt: number,
  idempotency: Idempotency,
  policy: RetryPolicy = DefaultRetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (!mayRetry(failure, idempotency)) return undefined;
  if (failure.kind === 'status' && failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > policy.maxRetryAfterMs) return undefined;
    return Math.max(failure.retryAfterMs, 0);
  }
  // Exponential backoff with "equal jitter": never less than half the step, so retries stay spread.
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

function mayRetry(failure: AttemptFailure, idempotency: Idempotency): boolean {
  if (failure.kind === 'setup') return false;
  if (idempotency === 'createOnce') {
    // 429 is a refusal before any work; a connection that never opened carried no request.
    if (failure.kind === 'status') return failure.status === 429;
    if (failure.kind === 'network') return !failure.connected;
    return false;
  }
  if (failure.kind === 'status') return RetryableStatuses.has(failure.status);
  return true;
}
