/** The hidden first line that identifies our sticky comment, per comment key. Pure. */

const MarkerPrefix = 'omni-ai-job:';
const KeyMaxChars = 100;

/**
 * The key as it appears in the marker: letters, digits and `._:/=+-`, no `--` (which could close
 * the HTML comment), at most 100 characters; empty becomes "default".
 */
export function sanitizeCommentKey(key: string): string {
  const cleaned = key
    .trim()
    .replace(/[^A-Za-z0-9._:/=+-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, KeyMaxChars)
    .replace(/^-+|-+$/g, '');
  return cleaned || 'default';
}

/** `<!-- omni-ai-job:<key> -->`: invisible on GitHub, and the first line of every comment we write. */
export function commentMarker(key: string): string {
  return `<!-- ${MarkerPrefix}${sanitizeCommentKey(key)} -->`;
}

/** The body's first line, as GitHub stores it (the web editor turns line endings into CRLF). */
export function firstLine(body: string): string {
  const end = body.indexOf('\n');
  return (end === -1 ? body : body.slice(0, end)).replace(/\r$/, '');
}

/** The comment as written to GitHub: the marker line, then the rendered body. */
export function markedComment(key: string, body: string): string {
  const marker = commentMarker(key);
  return hasMarker(body, marker) ? body : `${marker}\n${body}`;
}

/** The body carries this marker as its first line, exactly. */
export function hasMarker(body: string | null | undefined, marker: string): boolean {
  return typeof body === 'string' && firstLine(body) === marker;
}
