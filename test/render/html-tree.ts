/**
 * The HTML cmark-gfm writes, read into a tree. Its output is regular (every element closed, text
 * escaped with a handful of entities), so a small reader does; a DOM library is slower and keeps
 * memory across the thousands of documents a property test reads.
 */

export interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
  parent?: Element;
}

const Void = new Set(['br', 'hr', 'img', 'input']);

const Entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return Entities[name] ?? all;
  });
}

/** The tree of `html`; comments are kept as elements named "!--" holding their text. */
export function parseHtml(html: string): Element {
  const root: Element = { tag: '#root', attrs: {}, children: [] };
  let current = root;
  const token = /<!--([\s\S]*?)-->|<\/([a-zA-Z][a-zA-Z0-9]*)\s*>|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+|<)/g;
  for (const m of html.matchAll(token)) {
    const [, comment, closing, opening, attrs, selfClosing, text] = m;
    if (comment !== undefined) current.children.push({ tag: '!--', attrs: {}, children: [comment], parent: current });
    else if (closing !== undefined) {
      // Close up to the matching element (cmark never leaves one open, raw HTML might).
      let node: Element | undefined = current;
      while (node && node.tag !== closing.toLowerCase()) node = node.parent;
      if (node?.parent) current = node.parent;
    } else if (opening !== undefined) {
      const element: Element = { tag: opening.toLowerCase(), attrs: {}, children: [], parent: current };
      for (const a of (attrs ?? '').matchAll(/([^\s=>/]+)(?:="([^"]*)")?/g)) element.attrs[a[1]!] = decodeEntities(a[2] ?? '');
      current.children.push(element);
      if (!selfClosing && !Void.has(element.tag)) current = element;
    } else if (text !== undefined) current.children.push(decodeEntities(text));
  }
  return root;
}

export function elements(root: Element, tag?: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (!tag || child.tag === tag) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

export function textOf(node: Element): string {
  return node.children.map((child) => (typeof child === 'string' ? child : child.tag === '!--' ? '' : textOf(child))).join('');
}

/** Text nodes with whether they sit inside one of `tags`. */
export function textNodes(root: Element, inside: readonly string[]): { text: string; inside: boolean }[] {
  const found: { text: string; inside: boolean }[] = [];
  const walk = (node: Element, within: boolean) => {
    for (const child of node.children) {
      if (typeof child === 'string') found.push({ text: child, inside: within });
      else if (child.tag !== '!--') walk(child, within || inside.includes(child.tag));
    }
  };
  walk(root, false);
  return found;
}
