/**
 * Webhook delivery as Omni documents it: a JSON POST to the job's webhookUrl, signed with
 * `X-Omni-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` and
 * `X-Omni-Signature-Timestamp: <unix seconds>` when a signing secret was given. Best effort: one
 * attempt, failures are recorded and never affect the job or the emulator.
 */
import { createHmac } from 'node:crypto';
import type { WebhookDelivery } from './types.js';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookTarget {
  url: string;
  secret?: string;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<AbortController>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly timeoutMs = 5_000) {}

  send(target: WebhookTarget, jobId: string, event: string, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Omni-Webhooks (omni-ai-job emulator)',
    };
    if (target.secret !== undefined) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      headers['x-omni-signature-timestamp'] = timestamp;
      headers['x-omni-signature'] = signWebhook(target.secret, timestamp, body);
    }
    const controller = new AbortController();
    this.inFlight.add(controller);
    const delivery: WebhookDelivery = { url: target.url, body, headers, jobId, event };
    const attempt = (async () => {
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
        delivery.status = response.status;
        await response.body?.cancel().catch(() => undefined);
      } catch (error) {
        delivery.error = error instanceof Error ? error.message : String(error);
      } finally {
        this.inFlight.delete(controller);
        this.deliveries.push(delivery);
      }
    })();
    this.pending.add(attempt);
    void attempt.finally(() => this.pending.delete(attempt));
  }

  /** Resolves when every delivery started so far has finished (tests use it). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  abortAll(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  clear(): void {
    this.abortAll();
    this.deliveries.length = 0;
  }
}
