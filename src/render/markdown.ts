/**
 * Markdown from hostile text. The answer, query names and CSV cells come from an AI, the prompt
 * from whoever triggered the workflow; none of it may notify people, cross-reference issues,
 * inject HTML (<details>, <!-- -->, our hidden marker) or leave a construct open that swallows
 * the markdown we write after it. Pure.
 */
import { cleanText, looksBinary, truncateText, utf8Length, utf8Prefix } from './text.js';

/**
 * U+2060 WORD JOINER after "@" (and "#"): invisible, keeps the text readable, and GitHub's
 * mention and issue-reference patterns require the name or number right after the sign.
 */
const Joiner = '\u2060';

/** `@user`, `@org/team`, and emails alike: the "@" never touches an alphanumeric afterwards. */
export function breakMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${Joiner}`);
}

/** `#123` and `owner/repo#123` would add a cross-reference to another issue's timeline. */
function breakIssueRefs(text: string): string {
  return text.replace(/#(?=[0-9])/g, `#${Joiner}`);
}

/** Character references would be decoded back into "<" or "@" after we neutralised them. */
const EntityLike = /^&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});/;

/** Text for HTML contexts we write (`<summary>`): every tag and reference inert, no mentions. */
export function escapeHtml(text: string): string {
  // Joiners first: inserted after escaping they would split our own "&#39;".
  return breakIssueRefs(breakMentions(cleanText(text)))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Punctuation that means something to GitHub markdown inline; escaped it is shown as is. */
const InlinePunctuation = /[\\`*_[\]<>|~!()$]/g;

/**
 * One line of literal text inside markdown we write (names, messages, labels): no formatting,
 * links, HTML, mentions or line breaks survive.
 */
export function escapeInline(text: string): string {
  const flat = breakIssueRefs(breakMentions(cleanText(text).replace(/\s+/g, ' ').trim()));
  return flat
    .replace(InlinePunctuation, (c) => `\\${c}`)
    .replace(/&(?=[#A-Za-z])/g, (amp, at: number, all: string) => (EntityLike.test(all.slice(at)) ? '&amp;' : amp));
}

/** A table cell: one line, pipes escaped, long values cut with "…", binary data not shown. */
export function escapeTableCell(value: string, maxChars = 200): string {
  if (looksBinary(value)) return '_(binary data)_';
  const flat = cleanText(value).replace(/\s+/g, ' ').trim();
  return escapeInline(truncateText(flat, maxChars));
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/**
 * A code span around any text. In a table cell, pipes must be escaped even inside code (GFM
 * splits cells first and drops the backslash).
 */
export function inlineCode(text: string, options: { table?: boolean } = {}): string {
  let content = breakMentions(cleanText(text).replace(/\s+/g, ' '));
  if (options.table) content = content.replace(/\|/g, '\\|');
  if (content.length === 0) return '` `';
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  const pad = /^[ `]|[ `]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced code block no line of the content can close early. */
export function codeBlock(text: string, language = ''): string {
  const content = breakMentions(cleanText(text)).replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  const info = (language.trim().split(/\s/)[0] ?? '').replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${info}\n${content}\n${fence}`;
}

/**
 * A markdown table. Rows are padded or cut to the header's width; more than maxColumns columns
 * are dropped (the caller says so); every cell is escaped and capped.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { maxCellChars?: number; maxColumns?: number } = {},
): string {
  const maxCellChars = options.maxCellChars ?? 200;
  const width = Math.min(
    Math.max(header.length, ...rows.map((r) => r.length), 0),
    options.maxColumns ?? Number.POSITIVE_INFINITY,
  );
  if (width === 0) return '';
  const line = (cells: readonly string[]): string => {
    const out: string[] = [];
    for (let c = 0; c < width; c += 1) out.push(escapeTableCell(cells[c] ?? '', maxCellChars) || ' ');
    return `| ${out.join(' | ')} |`;
  };
  return [line(header), `|${' --- |'.repeat(width)}`, ...rows.map(line)].join('\n');
}

// --- Answers: markdown kept working, HTML and mentions neutralised --------------------------

interface Fence {
  char: '`' | '~';
  length: number;
}

/** Openers only at column 0: there GitHub surely starts a top-level block, never inside a list. */
const FenceOpen = /^(?:(`{3,})[^`]*|(~{3,}).*)$/;
/** Closers as CommonMark accepts them (up to 3 spaces), so we never think a block still open. */
const FenceClose = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** Blockquote and list markers at the start of a line: ">" there is markdown, not HTML. */
const LinePrefix = /^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*/;
const AsciiPunctuation = /[!-/:-@[-`{-~]/;
/** Characters sanitizeLine acts on; lines without any are kept as they are. */
const Special = /[\\`<>&@#]/;

/**
 * Sanitises one line outside fenced code. Code spans are kept only when they close on the same
 * line and hold no "|": then GitHub pairs the backticks exactly as we do (its pairing runs over
 * the paragraph and table cells split first). Every other backtick is escaped. Outside code
 * spans "<" and ">" are escaped, so no tag, comment or autolink can start.
 */
function sanitizeLine(line: string): string {
  if (!Special.test(line)) return line;
  const prefix = LinePrefix.exec(line)?.[0] ?? '';
  const rest = line.slice(prefix.length);
  let out = prefix;

  // Backtick runs of the line, and for each length the runs in order, to find closers in O(1).
  const runs: { at: number; length: number }[] = [];
  const nextOfLength = new Map<number, number[]>();
  const runAt = new Map<number, number>();
  const pipeAfter: number[] = [];
  if (rest.includes('`')) {
    for (const m of rest.matchAll(/`+/g)) {
      const k = runs.push({ at: m.index, length: m[0].length }) - 1;
      runAt.set(m.index, k);
      const list = nextOfLength.get(m[0].length);
      if (list) list.push(k);
      else nextOfLength.set(m[0].length, [k]);
    }
    let next = Number.POSITIVE_INFINITY;
    for (let p = rest.length - 1; p >= 0; p -= 1) {
      if (rest.charCodeAt(p) === 124) next = p;
      pipeAfter[p] = next;
    }
  }

  const escapeRun = (length: number): string => '\\`'.repeat(length);
  const special = new RegExp(Special.source, 'g');
  let i = 0;
  while (i < rest.length) {
    special.lastIndex = i;
    const m = special.exec(rest);
    if (!m) {
      out += rest.slice(i);
      break;
    }
    const at = m.index;
    out += rest.slice(i, at);
    const c = rest[at] as string;
    i = at + 1;
    switch (c) {
      case '\\': {
        const next = rest[at + 1];
        if (next === '`') {
          // The whole run becomes literal, so no shorter run is left to pair differently.
          const k = runAt.get(at + 1);
          const length = k === undefined ? 1 : (runs[k]?.length ?? 1);
          out += '\\' + escapeRun(length).slice(1);
          i = at + 1 + length;
        } else if (next !== undefined && AsciiPunctuation.test(next) && !'<>&@#'.includes(next)) {
          out += `\\${next}`;
          i = at + 2;
        } else {
          // "\<" or "\@": keep the backslash, let the next round neutralise the sign.
          out += '\\';
        }
        break;
      }
      case '`': {
        const k = runAt.get(at) as number;
        const run = runs[k] as { at: number; length: number };
        // Runs already passed (inside earlier spans, or this one) are dropped lazily.
        const sameLength = nextOfLength.get(run.length) as number[];
        while (sameLength.length > 0 && (sameLength[0] as number) <= k) sameLength.shift();
        const closer = sameLength[0] === undefined ? undefined : runs[sameLength[0]];
        const end = run.at + run.length;
        if (closer && (pipeAfter[end] ?? Number.POSITIVE_INFINITY) > closer.at) {
          out += rest.slice(at, end) + breakMentions(rest.slice(end, closer.at)) + rest.slice(closer.at, closer.at + closer.length);
          i = closer.at + closer.length;
        } else {
          out += escapeRun(run.length);
          i = end;
        }
        break;
      }
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += EntityLike.test(rest.slice(at, at + 42)) ? '&amp;' : '&';
        break;
      case '@':
        out += /[A-Za-z0-9]/.test(rest[at + 1] ?? '') ? `@${Joiner}` : '@';
        break;
      case '#':
        out += /[0-9]/.test(rest[at + 1] ?? '') ? `#${Joiner}` : '#';
        break;
    }
  }
  return out;
}

/**
 * Markdown from the AI or a user, made safe to embed: headings, lists, emphasis, links, tables,
 * blockquotes and code keep working; HTML, comments, entities, mentions and issue references are
 * neutralised; a code fence left open is closed. Fenced code is kept verbatim except mentions.
 */
export function sanitizeMarkdown(text: string): string {
  const lines = cleanText(text).split('\n');
  const out: string[] = [];
  let fence: Fence | undefined;
  for (const line of lines) {
    if (fence) {
      const close = FenceClose.exec(line);
      if (close && close[1]?.[0] === fence.char && (close[1]?.length ?? 0) >= fence.length) fence = undefined;
      out.push(breakMentions(line));
      continue;
    }
    const open = FenceOpen.exec(line);
    if (open) {
      const marks = (open[1] ?? open[2]) as string;
      fence = { char: marks[0] as Fence['char'], length: marks.length };
      out.push(marks + sanitizeLine(line.slice(marks.length)));
      continue;
    }
    // Indented 1–3 spaces, a tilde run would open a fence we do not track: make it text.
    out.push(sanitizeLine(line.replace(/^( {1,3})~~~/, '$1\\~~~')));
  }
  if (fence) out.push(fence.char.repeat(fence.length));
  return out.join('\n');
}

export type Measure = (text: string) => number;
export const charLength: Measure = (text) => text.length;
export const byteLength: Measure = utf8Length;

/**
 * sanitizeMarkdown within a budget (measured after sanitising, which may grow the text). The
 * source is cut before sanitising, never the result, so the cut cannot leave a span or fence
 * open. Returns whether anything was left out.
 */
export function sanitizeMarkdownWithin(
  text: string,
  budget: number,
  measure: Measure = charLength,
): { markdown: string; cut: boolean } {
  // Cleaning is the only step that shrinks text; after it, sanitising only adds.
  const source = cleanText(text);
  if (measure(source) <= budget) {
    const whole = sanitizeMarkdown(source);
    if (measure(whole) <= budget) return { markdown: whole, cut: false };
  }
  const attempt = (chars: number): string => sanitizeMarkdown(`${truncateText(source, chars, '')}…`);
  const fits = (candidate: string): boolean => measure(candidate) <= budget;
  // Escapes grow text by a ratio that is roughly even across it: a few proportional steps find
  // a prefix that fits, then a short bisection gets close to the largest (exactness not needed).
  let tooLong = Math.min(source.length, measure === byteLength ? utf8Prefix(source, budget).length : budget) + 1;
  let best = '';
  let bestChars = 0;
  for (let step = 0, chars = tooLong - 1; step < 8 && chars > 0; step += 1) {
    const candidate = attempt(chars);
    if (fits(candidate)) {
      best = candidate;
      bestChars = chars;
      break;
    }
    tooLong = chars;
    chars = Math.min(chars - 1, Math.floor((chars * budget) / measure(candidate) * 0.97));
  }
  // Nothing found yet (tiny budgets, odd growth): bisect all the way down.
  const rounds = best ? 6 : 64;
  for (let round = 0; round < rounds && tooLong - bestChars > 1; round += 1) {
    const mid = Math.floor((bestChars + tooLong) / 2);
    const candidate = attempt(mid);
    if (fits(candidate)) {
      best = candidate;
      bestChars = mid;
    } else {
      tooLong = mid;
    }
  }
  return { markdown: best, cut: true };
}
