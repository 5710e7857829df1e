/**
 * Web addresses inside text we show: where they are, and whether GitHub will surely make a link
 * of them. Escaping or defanging mentions inside an address breaks the link (GitHub's autolinker
 * takes the raw characters, backslashes and invisible joiners included), so the escapers leave
 * the addresses found here alone. Pure.
 */

export interface UrlSpan {
  start: number;
  /** Index after the last character. */
  end: number;
  /** `www.` addresses link to http:// as GitHub's autolinker does. */
  www: boolean;
}

/** Characters an address may hold: RFC 3986's, plus letters, digits and marks of any script. */
const UrlChar = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\p{L}\p{N}\p{M}]/u;
/** GitHub's autolinker drops these from the end of an address (a sentence's full stop, a quote). */
const TrailingPunctuation = "?!.,:*_~'\"";
const Start = /(?:https?:\/\/|www\.)/gi;

/**
 * Addresses in `text`: http(s):// or www. where GitHub's autolinker starts one, running over address
 * characters with balanced parentheses, trailing punctuation dropped. Conservative: the span
 * never runs past what GitHub links (it stops earlier at quotes, backticks, backslashes, braces).
 * With `overlapping`, addresses that start inside an earlier one are listed too.
 */
export function findUrls(text: string, options: { overlapping?: boolean } = {}): UrlSpan[] {
  if (!/https?:\/\/|www\./i.test(text)) return [];
  const spans: UrlSpan[] = [];
  Start.lastIndex = 0;
  let from = 0;
  for (let m = Start.exec(text); m; m = Start.exec(text)) {
    const start = m.index;
    if (start < from) continue;
    const before = text[start - 1];
    const www = m[0].toLowerCase() === 'www.';
    // GitHub links "https://" after anything but an ASCII letter (it reads the letters before
    // the ":" as the scheme), "www." only at the start, after a space or one of "*_~(".
    if (before !== undefined && (www ? !/[\s*_~(]/.test(before) : /[A-Za-z]/.test(before))) continue;
    let end = start + m[0].length;
    let depth = 0;
    while (end < text.length) {
      const c = text[end] as string;
      if (!UrlChar.test(c)) break;
      if (c === '(') depth += 1;
      else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
      }
      end += 1;
    }
    end = trimTrailing(text, start, end);
    const host = hostOf(text.slice(start + m[0].length, end));
    if (host === undefined || (www && !host.includes('.'))) {
      Start.lastIndex = start + m[0].length;
      continue;
    }
    spans.push({ start, end, www });
    // Overlapping: an address inside another's span too, for callers that may turn the outer down.
    from = options.overlapping ? start + m[0].length : end;
    Start.lastIndex = from;
  }
  return spans;
}

function trimTrailing(text: string, start: number, end: number): number {
  let last = end;
  while (last > start) {
    const c = text[last - 1] as string;
    if (c === ';') {
      // "&amp;" at the end is an entity to GitHub, dropped whole.
      const entity = /&[A-Za-z]+;$/.exec(text.slice(start, last));
      last = entity ? last - entity[0].length : last - 1;
    } else if (TrailingPunctuation.includes(c)) last -= 1;
    else break;
  }
  return last;
}

/**
 * The host as GitHub's autolinker reads it (letters, digits, "-", "." and "_", no "_" in the last
 * two labels); undefined when it would not link.
 */
function hostOf(rest: string): string | undefined {
  const host = /^[\p{L}\p{N}\p{M}\-._]+/u.exec(rest)?.[0];
  if (!host || !/^[\p{L}\p{N}]/u.test(host)) return undefined;
  const labels = host.replace(/\.+$/, '').split('.');
  if (labels.slice(-2).some((label) => label.includes('_'))) return undefined;
  return host;
}

/** The href GitHub gives an address it links. */
export function urlHref(url: string, www: boolean): string {
  return www ? `http://${url}` : url;
}
