import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJob, waitFor, waitForState } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let emu: Emulator;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let answerStatus = 204;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answerStatus).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/omni-hook`;
});
afterAll(async () => {
  await emu.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  emu.reset();
  received = [];
  answerStatus = 204;
});

/** What a receiver would do: recompute the HMAC over "<timestamp>.<raw body>". */
function verify(secret: string, r: Received): boolean {
  const timestamp = r.headers['x-omni-signature-timestamp'] as string;
  const signature = r.headers['x-omni-signature'] as string;
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

describe('webhooks', () => {
  it('POSTs the signed terminal payload of a COMPLETE job', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { jobId } = await createJob(emu, {
      prompt: 'total revenue',
      webhookUrl: receiverUrl,
      webhookSigningSecret: 'whsec_test',
      webhookMetadata: { slack_channel: 'C123456', run: 42 },
    });
    await waitFor(() => received.length === 1, 'the webhook');
    const [hook] = received;
    expect(hook!.headers['content-type']).toBe('application/json');
    const timestamp = Number(hook!.headers['x-omni-signature-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(hook!.headers['x-omni-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify('whsec_test', hook!)).toBe(true);
    expect(verify('wrong-secret', hook!)).toBe(false);

    const payload = JSON.parse(hook!.body) as Record<string, unknown>;
    const job = emu.job(jobId)!;
    expect(Object.keys(payload).sort()).toEqual(['completed_at', 'event_id', 'jobId', 'metadata', 'result_summary', 'status']);
    expect(payload).toEqual({
      event_id: expect.stringMatching(new RegExp(`^evt_${jobId.replace(/-/g, '').slice(0, 8)}_COMPLETE_\\d+$`)),
      jobId,
      status: 'COMPLETE',
      result_summary: job.resultSummary,
      metadata: { slack_channel: 'C123456', run: 42 },
      completed_at: job.completedAt,
    });

    // Found by job: a delivery of the previous test may still be recorded after the reset.
    const delivery = await waitFor(() => emu.webhookDeliveries.find((record) => record.jobId === jobId), 'the delivery record');
    expect(delivery).toMatchObject({ url: receiverUrl, status: 204, body: hook!.body, jobId, event: 'job.complete' });
  });

  it('POSTs a FAILED payload with the error', async () => {
    const { jobId } = await createJob(emu, { prompt: 'the meaning of life', webhookUrl: receiverUrl, webhookSigningSecret: 's' });
    await waitFor(() => received.length === 1, 'the webhook');
    const payload = JSON.parse(received[0]!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({ jobId, status: 'FAILED', metadata: {}, error: { code: 'QUERY_GENERATION_ERROR' } });
    expect(payload.completed_at).toBe(emu.job(jobId)!.completedAt);
    expect(verify('s', received[0]!)).toBe(true);
  });

  it('sends no signature headers without a secret', async () => {
    await createJob(emu, { prompt: 'total revenue', webhookUrl: receiverUrl });
    await waitFor(() => received.length === 1, 'the webhook');
    expect(received[0]!.headers['x-omni-signature']).toBeUndefined();
    expect(received[0]!.headers['x-omni-signature-timestamp']).toBeUndefined();
  });

  it('sends progress events when asked, before the terminal one', async () => {
    const { jobId } = await createJob(emu, {
      prompt: 'revenue by region',
      webhookUrl: receiverUrl,
      progressWebhookEnabled: true,
    });
    await waitForState(emu, jobId, 'COMPLETE');
    await waitFor(() => received.length === 3, 'two progress events and the terminal one');
    const events = received.map((r) => JSON.parse(r.body) as { status: string; progress?: { iteration: number } });
    const progress = events.filter((e) => e.status === 'EXECUTING');
    expect(progress.map((e) => e.progress?.iteration).sort()).toEqual([1, 2]);
    expect(events.filter((e) => e.status === 'COMPLETE')).toHaveLength(1);
  });

  it('sends nothing for a CANCELLED job (Omni documents no such event)', async () => {
    emu.script({ stuckIn: 'QUEUED' });
    const { jobId } = await createJob(emu, { prompt: 'total revenue', webhookUrl: receiverUrl });
    const cancelled = await fetch(`${emu.apiBase}/v1/ai/jobs/${jobId}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.keys.org}` },
    });
    expect(cancelled.status).toBe(200);
    const later = await createJob(emu, { prompt: 'total revenue', webhookUrl: receiverUrl });
    await waitFor(() => received.length === 1, 'the later job’s webhook');
    expect(JSON.parse(received[0]!.body).jobId).toBe(later.jobId);
  });

  it('records a failed delivery and carries on', async () => {
    const { jobId } = await createJob(emu, { prompt: 'total revenue', webhookUrl: 'http://127.0.0.1:9/unreachable' });
    await waitForState(emu, jobId, 'COMPLETE');
    const delivery = await waitFor(() => emu.webhookDeliveries.find((record) => record.jobId === jobId), 'the delivery record');
    expect(delivery.status).toBeUndefined();
    expect(delivery.error).toBeTruthy();
    const res = await fetch(`${emu.apiBase}/v1/ai/jobs/${jobId}`, { headers: { authorization: `Bearer ${emu.keys.org}` } });
    expect(res.status).toBe(200);
  });

  it('records the receiver’s error status', async () => {
    answerStatus = 500;
    const { jobId } = await createJob(emu, { prompt: 'total revenue', webhookUrl: receiverUrl });
    const delivery = await waitFor(() => emu.webhookDeliveries.find((record) => record.jobId === jobId), 'the delivery record');
    expect(delivery.status).toBe(500);
  });
});
