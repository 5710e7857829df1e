/** Plain-text hygiene and size limits shared by every renderer. Pure. */

/**
 * Invisible or direction-changing characters that can make text read differently from what it
 * is (Trojan Source), plus C0/C1 controls other than tab and newline. Zero-width joiners and
 * spaces stay: emoji sequences need them and they cannot reorder text.
 */
// eslint-disable-next-line no-control-regex
const Unwanted = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const LoneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Share of junk characters above which text is treated as binary rather than shown. */
const BinaryShare = 0.1;
const BinarySample = 4096;

/**
 * Normalises line endings to \n, drops controls and bidi overrides, replaces lone surrogates
 * (which GitHub would reject or mangle) with U+FFFD. Keeps tab and newline.
 */
export function cleanText(text: string): string {
  const cleaned = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(Unwanted, '');
  // ES2024's toWellFormed (Node 20+) does the same as the regex, much faster on large text.
  const wellFormed = (cleaned as string & { toWellFormed?: () => string }).toWellFormed;
  return wellFormed ? wellFormed.call(cleaned) : cleaned.replace(LoneSurrogate, '\ufffd');
}

/** Mostly controls or replacement characters: data that is not text, not worth showing. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, BinarySample);
  if (sample.length === 0) return false;
  // eslint-disable-next-line no-control-regex
  const junk = sample.match(/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return junk / sample.length > BinaryShare;
}

/** UTF-8 size, as GitHub counts the job summary. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Index ≤ at that does not split a surrogate pair. */
function safeCut(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff ? at - 1 : at;
}

/**
 * At most maxChars UTF-16 units, the ellipsis included, never splitting a surrogate pair.
 * JavaScript length is never below GitHub's character count, so this also bounds that.
 */
export function truncateText(text: string, maxChars: number, ellipsis = '…'): string {
  if (text.length <= maxChars) return text;
  const room = maxChars - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, maxChars));
  return text.slice(0, safeCut(text, room)) + ellipsis;
}

const encoder = new TextEncoder();

/** Longest prefix whose UTF-8 encoding fits in maxBytes; never splits a character. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  // Cheap exits: a UTF-16 unit is at most 3 bytes, and byteLength is fast.
  if (text.length * 3 <= maxBytes || utf8Length(text) <= maxBytes) return text;
  // encodeInto writes whole characters only, so `read` is a safe cut.
  const { read } = encoder.encodeInto(text.slice(0, maxBytes), new Uint8Array(maxBytes));
  return text.slice(0, safeCut(text, read));
}

/** At most maxBytes of UTF-8, the ellipsis included, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number, ellipsis = '…'): string {
  if (utf8Length(text) <= maxBytes) return text;
  const room = maxBytes - utf8Length(ellipsis);
  if (room <= 0) return utf8Prefix(ellipsis, maxBytes);
  return utf8Prefix(text, room) + ellipsis;
}

/** 1234567 → "1,234,567" regardless of the runner's locale. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.trunc(n).toLocaleString('en-US') : String(n);
}

/** 83_400 → "1m 23s", 600_000 → "10m"; under a second → "0.4s". Zero parts are left out. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms < 1000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  const parts = [
    [Math.floor(total / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/** "1 row" / "2 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
