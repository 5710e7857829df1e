/**
 * Writes a job's result document the way Omni serves it ("streamed directly from storage"): one
 * JSON object, chunked transfer encoding. A padded result (JobScript.resultPaddingBytes) gets extra
 * csvResult rows generated while streaming, so large documents never exist as one string here.
 */
import type { ServerResponse } from 'node:http';

const ChunkBytes = 256 * 1024;
const Marker = '@@omni-emulator-padding@@';

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function write(res: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) await drainOrClose(res);
  // Let other work in this process (often the client under test) run between chunks.
  else await nextTurn();
  return !res.destroyed;
}

async function writeChunked(res: ServerResponse, text: string): Promise<boolean> {
  for (let i = 0; i < text.length; i += ChunkBytes) {
    if (!(await write(res, text.slice(i, i + ChunkBytes)))) return false;
  }
  return true;
}

const RowLabel = 'Padding row ';
const CounterDigits = 9;

function paddingRow(n: number, suffix: string): string {
  return RowLabel + String(n).padStart(CounterDigits, '0') + suffix;
}

/**
 * `count` rows from number `first`, JSON-escaped ("\\n" + row each), as bytes: a row template is
 * copied and only its counter digits rewritten, so tens of megabytes stream in well under a second.
 */
function paddingRows(first: number, count: number, suffix: string): Buffer {
  const template = Buffer.from('\\n' + paddingRow(0, suffix), 'latin1');
  const digitsAt = 2 + RowLabel.length;
  const out = Buffer.allocUnsafe(template.length * count);
  for (let r = 0; r < count; r++) {
    const at = r * template.length;
    template.copy(out, at);
    let n = first + r;
    for (let d = digitsAt + CounterDigits - 1; d >= digitsAt && n > 0; d--) {
      out[at + d] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
  }
  return out;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface QueryResultShape {
  csvResult: string;
  totalRowCount: number;
  hasResults: boolean;
}

function firstQueryResult(doc: Record<string, unknown>): QueryResultShape | undefined {
  const actions = doc.actions;
  if (!Array.isArray(actions)) return undefined;
  for (const action of actions) {
    const result = (action as { result?: QueryResultShape }).result;
    if (result && typeof result.csvResult === 'string') return result;
  }
  return undefined;
}

/**
 * Streams `doc` as JSON. With `paddingBytes`, the first query's csvResult gains rows
 * ("Padding row 000000001,0,…", `width` columns) until the document is about that many bytes, and
 * totalRowCount counts them.
 */
export async function streamResult(
  res: ServerResponse,
  doc: Record<string, unknown>,
  paddingBytes = 0,
  width = 2,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  const target = firstQueryResult(doc);
  if (paddingBytes <= 0 || !target) {
    await writeChunked(res, JSON.stringify(doc));
    res.end();
    return;
  }
  // Each row is "\n" + row text; in JSON the line break is two bytes (\n escaped).
  const suffix = ',0'.repeat(Math.max(0, width - 1));
  const rowBytes = 2 + paddingRow(1, suffix).length;
  const copy = structuredClone(doc);
  const padded = firstQueryResult(copy) as QueryResultShape;
  const realRows = padded.totalRowCount;
  padded.csvResult += Marker;
  const baseBytes = Buffer.byteLength(JSON.stringify(copy)) - Marker.length;
  const rows = Math.max(0, Math.ceil((paddingBytes - baseBytes) / rowBytes));
  padded.totalRowCount = realRows + rows;
  padded.hasResults = padded.totalRowCount > 0;
  const serialized = JSON.stringify(copy);
  const cut = serialized.indexOf(Marker);
  if (!(await writeChunked(res, serialized.slice(0, cut)))) return;
  const rowsPerChunk = Math.max(1, Math.floor(ChunkBytes / rowBytes));
  for (let n = 1; n <= rows; n += rowsPerChunk) {
    if (!(await write(res, paddingRows(n, Math.min(rowsPerChunk, rows + 1 - n), suffix)))) return;
  }
  if (!(await writeChunked(res, serialized.slice(cut + Marker.length)))) return;
  res.end();
}
