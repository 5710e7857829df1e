/**
 * Reading YAML nodes into values, every problem kept with the line and column it comes from, so
 * that a file with mistakes gets all of them reported at once.
 */
import { isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { NumberRange, TextPattern } from './suite.js';

/** One mistake in a file, where it is. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `file:line:col: message`, as editors and GitHub's problem matchers read it. */
export function formatProblem(problem: FileProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The keys of a `{ min, max }` range. */
export const RangeKeys = ['min', 'max'] as const;

export function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** The index-th item of a list node, or the node itself when it is not a list. */
export function itemNode(node: Node, index: number): Node {
  return isSeq(node) ? ((node.items[index] as Node | undefined) ?? node) : node;
}

/** Walks nodes, turning them into values and problems with positions. */
export class Reader {
  readonly problems: FileProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  problemAt(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, column: col, message });
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problemAt(offsetOf(node), message);
  }

  lineOf(node: Node): number {
    return this.lines.linePos(offsetOf(node)).line;
  }

  /** The map's values by key; unknown keys are problems (with a hint when only the case differs). */
  fields<K extends string>(map: YAMLMap, known: readonly K[], where: string): Map<K, Node> {
    const values = new Map<K, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) {
        this.problem(keyNode, `${where} has a key that is not a plain name`);
        continue;
      }
      if (!(known as readonly string[]).includes(key)) {
        const hint = closest(key, known);
        const suggestion = hint ? ` (did you mean ${hint}?)` : ` (expected ${known.join(', ')})`;
        this.problem(keyNode, `${where} has an unknown key '${key}'${suggestion}`);
        continue;
      }
      // A key with no value (`topic:`) is a null scalar: treated like the key being absent, except where required.
      values.set(key as K, (pair.value as Node | null) ?? (keyNode as Node));
    }
    return values;
  }

  /** A one-line string (numbers and booleans written plainly count as their text). */
  text(node: Node | undefined, path: string, options: { required?: Node; multiline?: boolean } = {}): string | undefined {
    if (!node || isNull(node)) {
      if (options.required) this.problem(node ?? options.required, `${path} is required`);
      return undefined;
    }
    if (!isScalar(node) || (typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'boolean')) {
      this.problem(node, `${path} must be a string`);
      return undefined;
    }
    const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    if (value.trim() === '') {
      this.problem(node, `${path} must not be empty`);
      return undefined;
    }
    if (!options.multiline && /[\r\n]/.test(value.trim())) {
      this.problem(node, `${path} must be a single line`);
      return undefined;
    }
    return value.trim();
  }

  /** A string or a list of strings. */
  texts(node: Node | undefined, path: string): string[] | undefined {
    if (!node || isNull(node)) return undefined;
    if (isSeq(node)) {
      if (node.items.length === 0) {
        this.problem(node, `${path} must not be an empty list`);
        return undefined;
      }
      const values: string[] = [];
      node.items.forEach((item, index) => {
        const value = this.text(item as Node, `${path}[${index}]`);
        if (value !== undefined) values.push(value);
      });
      return values;
    }
    const value = this.text(node, path);
    return value === undefined ? undefined : [value];
  }

  uuid(node: Node | undefined, path: string): string | undefined {
    const value = this.text(node, path);
    if (value === undefined) return undefined;
    if (!Uuid.test(value)) {
      this.problem(node, `${path} must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not '${value.slice(0, 60)}'`);
      return undefined;
    }
    return value.toLowerCase();
  }

  /** JavaScript regular expressions: `pattern`, or `/pattern/flags` for flags (i, m, s, u, v). */
  patterns(node: Node | undefined, path: string): TextPattern[] {
    const values = this.texts(node, path);
    if (!values || !node) return [];
    const patterns: TextPattern[] = [];
    values.forEach((value, index) => {
      const literal = /^\/(.+)\/([a-z]*)$/s.exec(value);
      const source = literal ? literal[1]! : value;
      const flags = literal ? literal[2]!.replace(/[gy]/g, '') : '';
      try {
        new RegExp(source, flags);
        patterns.push({ source, flags });
      } catch (error) {
        const where = isSeq(node) ? `${path}[${index}]` : path;
        this.problem(itemNode(node, index), `${where} is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
      }
    });
    return patterns;
  }

  number(node: Node | undefined, path: string, options: { integer: boolean }): number | undefined {
    const kind = options.integer ? 'a non-negative integer' : 'a number';
    if (!node || !isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) {
      const example = options.integer ? '1000' : '1234.5';
      const written = node && isScalar(node) && typeof node.value === 'string' ? ` (write plain digits like ${example}, not '${node.value.slice(0, 40)}')` : '';
      this.problem(node, `${path} must be ${kind}${written}`);
      return undefined;
    }
    const value = node.value;
    if (options.integer && (!Number.isInteger(value) || value < 0)) {
      this.problem(node, `${path} must be ${kind}`);
      return undefined;
    }
    return value;
  }

  /** { min?, max? } with at least one, min ≤ max. */
  range(map: YAMLMap, path: string, options: { integer: boolean; keys?: readonly string[]; optional?: boolean }): NumberRange | undefined {
    const fields = options.keys ? new Map<string, Node>() : this.fields(map, RangeKeys, path);
    if (options.keys) {
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (options.keys.includes(key) && pair.value) fields.set(key, pair.value as Node);
      }
    }
    const minNode = fields.get('min');
    const maxNode = fields.get('max');
    if (!minNode && !maxNode) {
      if (!options.optional) this.problem(map, `${path} needs min or max`);
      return undefined;
    }
    const range: NumberRange = {};
    if (minNode) {
      const min = this.number(minNode, `${path}.min`, options);
      if (min === undefined) return undefined;
      range.min = min;
    }
    if (maxNode) {
      const max = this.number(maxNode, `${path}.max`, options);
      if (max === undefined) return undefined;
      range.max = max;
    }
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      this.problem(minNode, `${path} has min ${range.min} greater than max ${range.max}`);
      return undefined;
    }
    return range;
  }
}

function offsetOf(node: Node | Pair | null | undefined): number {
  if (!node) return 0;
  const range = (node as Node).range;
  if (range) return range[0];
  const key = (node as Pair).key as Node | null;
  return key?.range?.[0] ?? 0;
}

/** The known name a mistyped key most likely meant: the same ignoring case, or at most two edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((name) => name.toLowerCase() === lower);
  if (same) return same;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= Math.min(2, name.length - 1) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}
