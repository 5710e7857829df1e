/** Cutting text to a size, and folding it onto one line, without ever splitting a character. */

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

/** UTF-8 size, as GitHub counts the job summary. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
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

/** White space, controls and direction marks: a run of them is a break when it holds more than plain spaces. */
// eslint-disable-next-line no-control-regex
const Blank = /[\s\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * Text from elsewhere (Omni's messages, inputs, parser errors) set inside one line of ours: each
 * run of white space that holds a line break, tab, control or direction mark becomes one space, then
 * the ends are trimmed; at most maxChars, the ellipsis included. A line break followed by `::`
 * in the log would be read by the runner as a workflow command; direction marks could make the
 * line read differently from what it is.
 */
export function oneLine(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  // Plain spaces stay as they are: an input echoed in an error keeps its double space, so the typo shows.
  const flat = text.replace(Blank, (run) => (/[^ ]/.test(run) ? ' ' : run));
  return truncateText(flat.trim(), maxChars);
}
