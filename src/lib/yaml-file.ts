/**
 * A YAML file read into values with every mistake kept at its line and column, so that a file
 * with several mistakes gets all of them reported at once, as `file:line:col: message`. The
 * prompts file and the routines file both follow these rules, so the two read alike.
 */
import { readFile } from 'node:fs/promises';
import { isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import { UuidPattern } from './uuid.js';

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

/** How many problems the error message lists; `problems` holds them all. */
const ShownProblems = 5;
/** Larger than any hand-written file; a bigger one is a wrong path, not a file to parse. */
const MaxFileBytes = 1024 * 1024;

/** Every problem of a file, in file order; the message lists the first few, one per line. */
export class FileProblemsError extends Error {
  readonly problems: FileProblem[];

  constructor(problems: readonly FileProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
    const shown = sorted.slice(0, ShownProblems).map(formatProblem);
    const more = sorted.length - shown.length;
    if (more > 0) shown.push(`… and ${more} more problem${more === 1 ? '' : 's'} in ${sorted[0]!.file}`);
    super(shown.join('\n'));
    this.name = 'FileProblemsError';
    this.problems = sorted;
  }
}

/** The text of a file of at most 1 MiB; `label` (what the file is for) starts the one-line error. */
export async function readFileText(path: string, label: string): Promise<string> {
  try {
    const bytes = await readFile(path);
    if (bytes.length > MaxFileBytes) throw new Error(`${bytes.length} bytes; the limit is 1 MiB`);
    return bytes.toString('utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`${label}: cannot read '${path}': ${reason}`, { cause: error });
  }
}

export interface YamlParseOptions {
  /** Said instead of the parser's own words for a key given twice in one mapping. */
  duplicateKeyMessage?: string;
}

/**
 * Parses one YAML document. Syntax errors are already in `reader.problems` (the caller stops
 * there: the nodes of a broken document point at the wrong places); `root` is null for an empty file.
 */
export function parseYaml(text: string, file: string, options: YamlParseOptions = {}): { reader: YamlReader; root: ParsedNode | null } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(file, lines);
  for (const error of doc.errors) {
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the file must hold one YAML document (remove the --- separator)'
        : error.code === 'DUPLICATE_KEY' && options.duplicateKeyMessage
          ? options.duplicateKeyMessage
          : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    reader.problemAt(error.pos[0], message);
  }
  return { reader, root: doc.contents };
}

export function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** The index-th item of a list node, or the node itself when it is not a list. */
export function itemNode(node: Node, index: number): Node {
  return isSeq(node) ? ((node.items[index] as Node | undefined) ?? node) : node;
}

/** The keys of a `{ min, max }` range. */
export const RangeKeys = ['min', 'max'] as const;

/** Keys a mapping must not hold although they are known elsewhere, and why. */
export interface NotHere {
  keys: readonly string[];
  reason: string;
}

/** Walks nodes, turning them into values and problems with positions. */
export class YamlReader {
  readonly problems: FileProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  problemAt(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    // One mistake met several times (a routines default inherited by every routine, a parser
    // error repeated for each unclosed bracket) is said once.
    if (this.problems.some((p) => p.line === line && p.column === col && p.message === message)) return;
    this.problems.push({ file: this.file, line, column: col, message });
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problemAt(offsetOf(node), message);
  }

  lineOf(node: Node): number {
    return this.lines.linePos(offsetOf(node)).line;
  }

  positionOf(node: Node): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offsetOf(node));
    return { line, column: col };
  }

  /** The map's values by key; unknown keys are problems, with the known key a typo most likely meant. */
  fields<K extends string>(map: YAMLMap, known: readonly K[], where: string, options: { notHere?: NotHere } = {}): Map<K, Node> {
    const values = new Map<K, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) {
        this.problem(keyNode, `${where} has a key that is not a plain name`);
        continue;
      }
      if (options.notHere?.keys.includes(key)) {
        this.problem(keyNode, `${where} cannot give '${key}': ${options.notHere.reason}`);
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

  /**
   * A string, trimmed (numbers and booleans written plainly count as their text, so `007` stays
   * "007"); one line unless `multiline`. YAML already reads a file's CRLF line ends as LF, but an
   * escaped "\r\n" in a quoted string keeps its CR: it becomes LF too, so a text is the same
   * whichever way its lines were written (and a plan does not see a change that is none).
   */
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
    return value.replace(/\r\n?/g, '\n').trim();
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

  /** An Omni id, lower-cased. */
  uuid(node: Node | undefined, path: string): string | undefined {
    const value = this.text(node, path);
    if (value === undefined) return undefined;
    if (!UuidPattern.test(value)) {
      this.problem(node, `${path} must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not '${value.slice(0, 60)}'`);
      return undefined;
    }
    return value.toLowerCase();
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

  /**
   * { min?, max? } with at least one (unless `optional`), min ≤ max. With `keys`, min and max are
   * read from a mapping that holds other keys too, whose own `fields` call checks them.
   */
  range(map: YAMLMap, path: string, options: { integer: boolean; keys?: readonly string[]; optional?: boolean }): { min?: number; max?: number } | undefined {
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
    const range: { min?: number; max?: number } = {};
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
export function closest(key: string, known: readonly string[]): string | undefined {
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
