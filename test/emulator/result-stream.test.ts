import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateResponse } from '../support/openapi.js';
import { createJob, parseCsv, waitForState, type ResultDocument } from './helpers.js';
import { startEmulator, type Emulator } from './index.js';

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function fetchResult(jobId: string): Promise<{ response: Response; text: string; chunks: number }> {
  const response = await fetch(`${emu.apiBase}/v1/ai/jobs/${jobId}/result`, { headers: { authorization: `Bearer ${emu.keys.org}` } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
  }
  return { response, text: text + decoder.decode(), chunks };
}

describe('result streaming', () => {
  it('streams the result as chunked application/json', async () => {
    const { jobId } = await createJob(emu, { prompt: 'revenue by category' });
    await waitForState(emu, jobId, 'COMPLETE');
    const { response, text } = await fetchResult(jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    const doc = JSON.parse(text) as ResultDocument;
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}/result', 200, doc)).toEqual([]);
    expect(doc).toEqual(emu.job(jobId)!.result);
  });

  it('inflates a padded result to about the requested size, valid and consistent', async () => {
    const size = 5 * 1024 * 1024;
    emu.script({ resultPaddingBytes: size });
    const { jobId } = await createJob(emu, { prompt: 'revenue and orders by region' });
    await waitForState(emu, jobId, 'COMPLETE');
    const { response, text, chunks } = await fetchResult(jobId);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(chunks).toBeGreaterThan(1);
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThanOrEqual(size);
    expect(bytes).toBeLessThan(size + 200);

    const doc = JSON.parse(text) as ResultDocument;
    expect(validateResponse('GET', '/api/v1/ai/jobs/{jobId}/result', 200, doc)).toEqual([]);
    const query = doc.actions[0]!.result!;
    const rows = parseCsv(query.csvResult);
    expect(rows[0]).toEqual(['Region', 'Total Revenue', 'Order Count']);
    expect(rows.length - 1).toBe(query.totalRowCount);
    expect(rows.every((r) => r.length === 3)).toBe(true);
    expect(rows[5]![0]).toBe('Padding row 000000001');
    expect(doc.resultSummary).toBe(emu.job(jobId)!.resultSummary);
  });

  it('survives a client that hangs up mid-stream', async () => {
    emu.script({ resultPaddingBytes: 20 * 1024 * 1024 });
    const { jobId } = await createJob(emu, { prompt: 'total revenue' });
    await waitForState(emu, jobId, 'COMPLETE');
    const controller = new AbortController();
    const response = await fetch(`${emu.apiBase}/v1/ai/jobs/${jobId}/result`, {
      headers: { authorization: `Bearer ${emu.keys.org}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    const after = await fetch(`${emu.apiBase}/v1/ai/jobs/${jobId}`, { headers: { authorization: `Bearer ${emu.keys.org}` } });
    expect(after.status).toBe(200);
  });
});
