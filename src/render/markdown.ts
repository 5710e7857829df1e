/**
 * Markdown from hostile text. The answer, query names and CSV cells come from an AI, the prompt
 * from whoever triggered the workflow; none of it may notify people, cross-reference issues,
 * inject HTML (<details>, <!-- -->, our hidden marker) or leave a construct open that swallows
 * the markdown we write after it. Pure.
 */
import { parseNumber } from '../suite/cells.js';
import { truncateText, utf8Length, utf8Prefix } from '../lib/text.js';
import { cleanText, looksBinary } from './text.js';
import { findUrls, urlHref, type UrlSpan } from './urls.js';

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

function escapePunctuation(text: string): string {
  return text
    .replace(InlinePunctuation, (c) => `\\${c}`)
    .replace(/&(?=[#A-Za-z])/g, (amp, at: number, all: string) => (EntityLike.test(all.slice(at)) ? '&amp;' : amp));
}

function escapePlain(text: string): string {
  return escapePunctuation(breakIssueRefs(breakMentions(text)));
}

/**
 * A web address as a link whose text and href are the address as written: an autolink for
 * http(s) (nothing inside one is escaped or parsed), an explicit link for www.
 */
function addressLink(url: string, span: UrlSpan): string {
  // The text keeps "&amp;" literal, so the destination does too (GitHub decodes entities there).
  return span.www ? `[${escapePunctuation(url)}](<${urlHref(url, true).replace(/&/g, '&amp;')}>)` : `<${url}>`;
}

/**
 * One line of literal text inside markdown we write (names, messages, labels): no formatting,
 * HTML, mentions or line breaks survive. Web addresses stay working links with the text as
 * written (escaping inside them would put the backslashes into the link).
 */
export function escapeInline(text: string): string {
  const flat = cleanText(text).replace(/\s+/g, ' ').trim();
  let out = '';
  let at = 0;
  for (const span of findUrls(flat)) {
    out += escapePlain(flat.slice(at, span.start)) + addressLink(flat.slice(span.start, span.end), span);
    at = span.end;
  }
  return out + escapePlain(flat.slice(at));
}

/**
 * A table cell: one line, pipes escaped, long values cut with "…", binary data not shown. A web
 * address the cut would break is left out whole (or shown as code when it is all there is).
 */
export function escapeTableCell(value: string, maxChars = 200): string {
  if (looksBinary(value)) return '_(binary data)_';
  const flat = cleanText(value).replace(/\s+/g, ' ').trim();
  const cut = truncateText(flat, maxChars);
  if (cut === flat) return escapeInline(flat);
  const kept = cut.length - 1;
  const broken = findUrls(flat).find((span) => span.start < kept && span.end > kept);
  if (!broken) return escapeInline(cut);
  if (broken.start === 0) return inlineCode(cut, { table: true });
  return escapeInline(`${flat.slice(0, broken.start).trimEnd()} …`);
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

export type ColumnAlign = 'left' | 'right';

/** "no value" in a table: empty, or a dash. */
const NoValue = /^[-–—]?$/;

/** Right for columns of numbers (every cell with a value is one, as Omni formats them), so digits line up. */
export function columnAlign(header: readonly string[], rows: readonly (readonly string[])[]): (ColumnAlign | undefined)[] {
  return header.map((_, c) => {
    const cells = rows.map((row) => (row[c] ?? '').trim()).filter((cell) => !NoValue.test(cell));
    return cells.length > 0 && cells.every((cell) => parseNumber(cell) !== undefined) ? 'right' : undefined;
  });
}

/**
 * A markdown table. Rows are padded or cut to the header's width; more than maxColumns columns
 * are dropped (the caller says so); every cell is escaped and capped; columns of numbers are
 * right-aligned unless `align` says otherwise.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { maxCellChars?: number; maxColumns?: number; align?: readonly (ColumnAlign | undefined)[] } = {},
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
  const align = options.align ?? columnAlign(header.slice(0, width), rows);
  const delimiter = Array.from({ length: width }, (_, c) => (align[c] === 'right' ? ' ---: |' : ' --- |')).join('');
  return [line(header), `|${delimiter}`, ...rows.map(line)].join('\n');
}

// --- Answers: markdown kept working, HTML and mentions neutralised --------------------------

interface Fence {
  char: '`' | '~';
  length: number;
  /** GitHub draws the block as a Mermaid diagram. */
  mermaid: boolean;
  /** Content lines seen so far. */
  lines: number;
}

/**
 * A line of a Mermaid block the AI wrote, unable to configure Mermaid: Mermaid reads `%%{…}%%`
 * directives anywhere in a block, and front matter (`---`) at its start.
 */
function neutraliseMermaid(line: string, first: boolean): string {
  const inert = line.replace(/%%\{/g, '%% {');
  return first && /^\s*---\s*$/.test(inert) ? `%% ${inert}` : inert;
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

/** A CommonMark autolink to an http(s) address: no space, "<" or ">" inside, so never HTML. */
// eslint-disable-next-line no-control-regex
const Autolink = /^<https?:\/\/[^\s<>\u0000-\u001f\u007f]+>/i;

/**
 * Addresses in an answer's line that GitHub surely turns into links, so that what is inside them
 * can stay as written (findUrls knows where GitHub starts one), except inside link text: after
 * an open "[".
 */
/** Where a code span starting at `at` ends as sanitizeLine pairs them (same run, no "|" between); after the run when none. */
function codeSpanEnd(line: string, at: number): number {
  const run = /^`+/.exec(line.slice(at))?.[0].length ?? 1;
  const closer = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
  closer.lastIndex = at + run;
  const m = closer.exec(line);
  if (!m || line.slice(at + run, m.index).includes('|')) return at + run;
  return m.index + run;
}

function linkedAddresses(line: string): (UrlSpan & { destination: boolean })[] {
  const spans = findUrls(line, { overlapping: true });
  if (spans.length === 0) return [];
  const linked: (UrlSpan & { destination: boolean })[] = [];
  let open = 0;
  let closedAt = -1;
  let k = 0;
  for (const span of spans) {
    if (span.start < k) continue;
    let inCode = false;
    for (; k < span.start; k += 1) {
      const c = line[k];
      if (c === '\\' && AsciiPunctuation.test(line[k + 1] ?? '')) k += 1;
      else if (c === '`') {
        const end = codeSpanEnd(line, k);
        inCode = end > span.start;
        k = end - 1;
      } else if (c === '[') open += 1;
      else if (c === ']' && open > 0) {
        open -= 1;
        closedAt = k;
      }
    }
    // Inside a code span: code, not a link.
    if (inCode) continue;
    if (open === 0) {
      // `[text](address)`: GitHub reads the destination whole, so it stays as written.
      const destination = closedAt >= 0 && closedAt === span.start - 2 && line[span.start - 1] === '(' && line[span.end] === ')';
      linked.push({ ...span, destination });
      // Brackets inside a link are its text, not link brackets.
      k = span.end;
    }
  }
  return linked;
}

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

  // Addresses GitHub links for sure become autolinks: what is inside them stays as written (a
  // mention or "#1" in one is part of the link), and no escape we add next to one can be taken
  // into it (GitHub's autolinker reads raw text up to a space).
  const linked = linkedAddresses(rest);
  const destinations = linked.filter((span) => span.destination);
  const addresses = linked.filter((span) => !span.destination);
  let address = 0;
  let destination = 0;
  const inDestination = (at: number): boolean => {
    while (destination < destinations.length && (destinations[destination] as UrlSpan).end <= at) destination += 1;
    const span = destinations[destination];
    return span !== undefined && span.start <= at;
  };

  const escapeRun = (length: number): string => '\\`'.repeat(length);
  const special = new RegExp(Special.source, 'g');
  let i = 0;
  while (i < rest.length) {
    special.lastIndex = i;
    const m = special.exec(rest);
    while (address < addresses.length && (addresses[address] as UrlSpan).start < i) address += 1;
    const next = addresses[address];
    if (next && (!m || next.start < m.index)) {
      out += rest.slice(i, next.start);
      // A lone backslash just before would escape the "<" or "[" that starts the link.
      if ((/\\+$/.exec(out)?.[0].length ?? 0) % 2 === 1) out += '\\';
      out += addressLink(rest.slice(next.start, next.end), next);
      i = next.end;
      continue;
    }
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
      case '<': {
        // An autolink holds no HTML and links what it shows; keep it a link.
        const autolink = Autolink.exec(rest.slice(at, at + 2_100));
        if (autolink) {
          out += autolink[0];
          i = at + autolink[0].length;
        } else out += '&lt;';
        break;
      }
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += EntityLike.test(rest.slice(at, at + 42)) ? '&amp;' : '&';
        break;
      case '@':
        out += /[A-Za-z0-9]/.test(rest[at + 1] ?? '') && !inDestination(at) ? `@${Joiner}` : '@';
        break;
      case '#':
        out += /[0-9]/.test(rest[at + 1] ?? '') && !inDestination(at) ? `#${Joiner}` : '#';
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
      else if (fence.mermaid) {
        out.push(breakMentions(neutraliseMermaid(line, fence.lines === 0)));
        fence.lines += 1;
        continue;
      }
      out.push(breakMentions(line));
      continue;
    }
    const open = FenceOpen.exec(line);
    if (open) {
      const marks = (open[1] ?? open[2]) as string;
      const mermaid = /^\s*mermaid(?:\s|$)/i.test(line.slice(marks.length));
      fence = { char: marks[0] as Fence['char'], length: marks.length, mermaid, lines: 0 };
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
