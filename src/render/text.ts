/** Plain-text hygiene and number words shared by every renderer; sizes and cuts are in lib/text.ts. Pure. */

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
