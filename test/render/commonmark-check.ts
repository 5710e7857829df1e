/**
 * An independent reading of markdown as GitHub (CommonMark + GFM tables) would parse it, just
 * enough to find what is outside code: fences opened at 0–3 spaces, backtick strings paired
 * across a whole paragraph, and, separately, each table cell as its own inline context.
 * Deliberately written without the sanitiser's shortcuts, so it can catch them.
 */

import { renderGfm } from './gfm-check.js';
import { parseHtml, textNodes } from './html-tree.js';

const Open = /^ {0,3}(?:(`{3,})[^`]*|(~{3,}).*)$/;
const Close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const Punct = /[!-/:-@[-`{-~]/;
const Delimiter = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export interface Reading {
  /** Text outside code, per inline context. */
  outside: string[];
  /** A fence still open at the end would swallow whatever follows. */
  openFence: boolean;
}

function inline(text: string, outside: string[]): void {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && Punct.test(text[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (c === '`') {
      let n = 0;
      while (text[i + n] === '`') n += 1;
      // Next backtick string of exactly n, anywhere later in this context.
      let j = i + n;
      let closer = -1;
      while (j < text.length) {
        if (text[j] === '`') {
          let m = 0;
          while (text[j + m] === '`') m += 1;
          if (m === n) {
            closer = j;
            break;
          }
          j += m;
        } else j += 1;
      }
      if (closer === -1) {
        i += n;
        continue;
      }
      out += ' ';
      i = closer + n;
      continue;
    }
    out += c;
    i += 1;
  }
  outside.push(out);
}

export function readMarkdown(markdown: string): Reading {
  const outside: string[] = [];
  let fence: { char: string; length: number } | undefined;
  let paragraph: string[] = [];
  let quote: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) {
      inline(paragraph.join('\n'), outside);
      // A GFM table starts at a line followed by a delimiter row; its cells are separate contexts.
      const start = paragraph.findIndex((_, k) => Delimiter.test(paragraph[k + 1] ?? ''));
      if (start !== -1) for (const line of paragraph.slice(start)) for (const cell of line.split(/(?<!\\)\|/)) inline(cell, outside);
      paragraph = [];
    }
    if (quote.length > 0) {
      // A blockquote is a container: read its content as a document of its own.
      outside.push(...readMarkdown(quote.join('\n')).outside);
      quote = [];
    }
  };
  for (const line of markdown.split('\n')) {
    if (!fence && /^ {0,3}>/.test(line)) {
      if (paragraph.length > 0) flush();
      quote.push(line.replace(/^ {0,3}> ?/, ''));
      continue;
    }
    if (quote.length > 0) flush();
    if (fence) {
      const close = Close.exec(line);
      if (close && close[1]?.[0] === fence.char && (close[1]?.length ?? 0) >= fence.length) fence = undefined;
      continue;
    }
    const open = Open.exec(line);
    if (open) {
      flush();
      const marks = (open[1] ?? open[2]) as string;
      fence = { char: marks[0] as string, length: marks.length };
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return { outside, openFence: fence !== undefined };
}

/** An http(s) autolink: a link, not HTML. */
const Autolink = /<https?:\/\/[^\s<>]*>/gi;

/** Everything GitHub would treat as a mention, issue reference, HTML or a decoded character reference. */
export function hazards(markdown: string): string[] {
  const found: string[] = [];
  // Mentions as GitHub finds them: in the rendered text, outside links and code.
  for (const { text, inside } of textNodes(parseHtml(renderGfm(markdown)), ['a', 'code', 'pre'])) {
    if (!inside && /@[A-Za-z0-9]/.test(text)) found.push(`mention: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const reading = readMarkdown(markdown);
  if (reading.openFence) found.push('open fence');
  for (const text of reading.outside.map((t) => t.replace(Autolink, ' '))) {
    if (text.includes('<')) found.push(`html: ${JSON.stringify(text.slice(0, 80))}`);
    if (/#[0-9]/.test(text)) found.push('issue reference');
    for (const m of text.matchAll(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g)) {
      if (m[1] !== 'amp' && m[1] !== 'lt' && m[1] !== 'gt') found.push(`entity ${m[0]}`);
    }
    if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/.test(text)) found.push('bidi');
  }
  return found;
}
