/**
 * Reports checked as GitHub renders them: cmark-gfm (GitHub's own Markdown renderer, through its
 * Node bindings) with the table, autolink, strikethrough and tagfilter extensions, the HTML read
 * back into a tree. Independent of the renderers: it looks only at the HTML a reader gets.
 */
import cmark from 'cmark-gfm';
import { parseNumber } from '../../src/suite/cells.js';
import { elements, parseHtml, textNodes, textOf, type Element } from './html-tree.js';
import { mermaidProblems } from './mermaid-check.js';

const Options = {
  sourcepos: true,
  githubPreLang: true,
  extensions: { table: true, autolink: true, strikethrough: true, tagfilter: true },
} as unknown as Parameters<typeof cmark.renderHtmlSync>[1];

/** The HTML GitHub's renderer makes of `markdown` (raw HTML left out, as a placeholder comment). */
export function renderGfm(markdown: string): string {
  return cmark.renderHtmlSync(markdown, Options);
}

/** Our own HTML lines: `<details><summary>…</summary>`, `</details>`, and the sticky marker. */
const DetailsOpen = /^<details( open)?><summary>[^<>]*<\/summary>$/;
const DetailsClose = /^<\/details>$/;
const Marker = /^<!-- omni-ai-job:[A-Za-z0-9._:/=+-]+ -->$/;
const FenceOpen = /^ {0,3}(`{3,}|~{3,})/;
/** Our delimiter rows: `| --- | ---: |`. The AI's own tables are written otherwise. */
const OurDelimiter = /^\|(?: ---:? \|)+$/;

export interface CheckOptions {
  /** Addresses the source text holds: each must come out as a link to exactly that address. */
  links?: readonly string[];
}

export interface Checked {
  html: string;
  problems: string[];
  /** The text of every block GitHub would draw as a Mermaid diagram. */
  mermaid: string[];
}

/** Every problem a reader of the rendered report would see; see the module comment. */
export function checkRendered(markdown: string, options: CheckOptions = {}): Checked {
  const problems: string[] = [];
  const lines = markdown.split('\n');

  // Our <details>/<summary> lines become placeholders; any other raw HTML then shows up as the
  // renderer's "raw HTML omitted".
  let fence: string | undefined;
  let placeholders = 0;
  const source = lines.map((line, index) => {
    const open = FenceOpen.exec(line)?.[1];
    if (fence) {
      if (open && open[0] === fence[0] && open.length >= fence.length && line.trim() === open) fence = undefined;
      return line;
    }
    if (open) {
      fence = open;
      return line;
    }
    if (DetailsOpen.test(line) || DetailsClose.test(line) || (index === 0 && Marker.test(line))) {
      placeholders += 1;
      return `OURHTML${placeholders}`;
    }
    return line;
  });
  const html = renderGfm(source.join('\n'));
  if (html.includes('<!-- raw HTML omitted -->')) problems.push('raw HTML other than our details/summary');
  const document = parseHtml(html);
  for (let k = 1; k <= placeholders; k += 1) {
    const p = document.children.find((node) => typeof node !== 'string' && node.tag === 'p' && textOf(node) === `OURHTML${k}`);
    if (!p) problems.push(`our HTML line ${k} did not stay a block of its own (swallowed by a list, table or code)`);
  }

  problems.push(...linkProblems(document, options.links ?? []));
  problems.push(...textProblems(document));
  problems.push(...tableProblems(document, lines));

  const mermaid = elements(document, 'pre').filter((pre) => pre.attrs.lang === 'mermaid').map(textOf);
  for (const block of mermaid) {
    if (/%%\s*\{/.test(block.replace(/%% \{/g, ''))) problems.push(`Mermaid directive in a diagram: ${JSON.stringify(block.slice(0, 80))}`);
    if (/^\s*---\s*\n/.test(block)) problems.push('Mermaid front matter in a diagram');
  }
  return { html, problems, mermaid };
}

/** cmark-gfm's href escaping (houdini): these bytes stay, the rest is percent-encoded. */
const HrefSafe = /[A-Za-z0-9!#$%&'()*+,\-./:;=?@_~]/;

export function expectedHref(url: string): string {
  let out = '';
  for (const byte of Buffer.from(url, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && HrefSafe.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function linkProblems(document: Element, links: readonly string[]): string[] {
  const problems: string[] = [];
  const anchors = elements(document, 'a');
  const hrefs = anchors.map((a) => a.attrs.href ?? '');
  for (const [k, a] of anchors.entries()) {
    const href = hrefs[k] as string;
    // Web addresses only: a relative destination the AI wrote ("@org/team") works nowhere anyway.
    if (/^(?:https?:|www\.)/i.test(href) && /%5C|%E2%81%A0|\\/i.test(href)) problems.push(`link broken by escaping: ${href}`);
    // An address shown as the link's text must be where the link goes.
    const text = textOf(a);
    if (/^(?:https?:\/\/|www\.)\S+$/i.test(text)) {
      const want = expectedHref(/^www\./i.test(text) ? `http://${text}` : text);
      // An autolink that took in more or less than its text (a link the AI wrote to elsewhere is its own).
      if (href !== want && href !== '' && (href.startsWith(want) || want.startsWith(href))) problems.push(`link text ${text} goes to ${href}`);
    }
  }
  for (const url of links) {
    if (!hrefs.includes(expectedHref(url))) problems.push(`no link to ${url} (links: ${hrefs.join(' ')})`);
  }
  return problems;
}

/** Text a reader sees outside links and code: no mentions, issue references, visible escapes. */
export function textProblems(document: Element): string[] {
  const problems: string[] = [];
  for (const { text, inside } of textNodes(document, ['a', 'code', 'pre'])) {
    if (inside) continue;
    if (/@[A-Za-z0-9]/.test(text)) problems.push(`mention: ${JSON.stringify(text.slice(0, 80))}`);
    if (/(?:^|[^\w&])#[0-9]/.test(text)) problems.push(`issue reference: ${JSON.stringify(text.slice(0, 80))}`);
    const escape = /\\[!-/:-@[-`{-~]/.exec(text);
    if (escape) problems.push(`escape shown literally: ${JSON.stringify(text.slice(Math.max(0, escape.index - 30), escape.index + 30))}`);
    if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/.test(text)) problems.push('bidi control');
  }
  return problems;
}

/** Splits a table row as GFM does: on every "|" not escaped, even inside code. */
function sourceCells(line: string): number {
  const trimmed = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).length;
}

function tableProblems(document: Element, lines: readonly string[]): string[] {
  const problems: string[] = [];
  const ours = new Set<number>();
  for (const table of elements(document, 'table')) {
    const [start, end] = (table.attrs['data-sourcepos'] ?? '').split('-').map((p: string) => Number(p.split(':')[0]));
    if (!start || !end) continue;
    const delimiter = lines[start] ?? '';
    if (!OurDelimiter.test(delimiter)) continue;
    ours.add(start);
    const width = sourceCells(lines[start - 1] ?? '');
    for (let n = start; n <= end; n += 1) {
      if (sourceCells(lines[n - 1] ?? '') !== width) problems.push(`table row with ${sourceCells(lines[n - 1] ?? '')} cells under a header of ${width}: ${lines[n - 1]}`);
    }
    const header = elements(table, 'th');
    const rows = elements(table, 'tbody').flatMap((tbody) => elements(tbody, 'tr')).map((tr) => elements(tr, 'td'));
    header.forEach((th, c) => {
      // Empty cells and dashes stand for "no value"; they say nothing about the column.
      const cells = rows.map((row) => (row[c] ? textOf(row[c]) : '').trim()).filter((text) => !/^[-–—]?$/.test(text));
      const numeric = cells.length > 0 && cells.every((text) => parseNumber(text) !== undefined);
      const right = th.attrs.align === 'right';
      if (numeric && !right) problems.push(`numeric column "${textOf(th)}" is not right-aligned`);
      if (!numeric && right && cells.length > 0) problems.push(`text column "${textOf(th)}" is right-aligned`);
    });
  }
  const code = elements(document, 'pre').map((pre) => (pre.attrs['data-sourcepos'] ?? '').split('-').map((p: string) => Number(p.split(':')[0])));
  lines.forEach((line, k) => {
    const inCode = code.some(([from, to]) => from !== undefined && to !== undefined && k + 1 >= from && k + 1 <= to);
    if (OurDelimiter.test(line) && !ours.has(k) && !inCode) problems.push(`table at line ${k + 1} did not render as a table`);
  });
  return problems;
}

/** Everything above, and every Mermaid block through Mermaid's own parser. */
export async function renderProblems(markdown: string, options: CheckOptions = {}): Promise<string[]> {
  const { problems, mermaid } = checkRendered(markdown, options);
  for (const block of mermaid) problems.push(...(await mermaidProblems(block)));
  return problems;
}
