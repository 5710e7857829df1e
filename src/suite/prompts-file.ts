/**
 * The prompts file (`promptsFile` input): a YAML list of cases with expectations. Parsed and
 * validated strictly before any request, every problem reported with its line and column.
 * The schema is documented in examples/README.md.
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { OutcomeStates, type OutcomeState } from '../job/outcome.js';

export interface SuiteDefaults {
  modelId?: string;
  branchId?: string;
  branchName?: string;
  topicName?: string;
}

/** A regular expression as written in the file; `flags` without g and y (they make test() stateful). */
export interface TextPattern {
  source: string;
  flags: string;
}

export interface NumberRange {
  min?: number;
  max?: number;
}

export interface ValueExpectation {
  /** Header name (trimmed, case-insensitive) or 0-based column index. */
  column: string | number;
  /** 0-based data row. */
  row: number;
  min?: number;
  max?: number;
  /** A number compares numerically; a string compares the cell's text (trimmed, case-insensitive). */
  equals?: number | string;
}

/** Which query rowCount and value read: its 0-based index or its name; default the last query with data. */
export type QuerySelector = number | string;

export interface Expectations {
  /** Accepted final states. Absent: COMPLETE is expected, and failOn decides whether another state fails the step. */
  state?: OutcomeState[];
  contains: string[];
  notContains: string[];
  matches: TextPattern[];
  notMatches: TextPattern[];
  topic?: string;
  fields: string[];
  rowCount?: NumberRange;
  values: ValueExpectation[];
  query?: QuerySelector;
}

export interface SuiteCase {
  id: string;
  prompt: string;
  topicName?: string;
  conversationId?: string;
  expect: Expectations;
  /** Where the case starts in the file (1-based), for messages. */
  line: number;
}

export interface Suite {
  /** The file as the user named it, for messages. */
  file: string;
  defaults: SuiteDefaults;
  cases: SuiteCase[];
}

export interface PromptsFileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** How many problems the error message lists; `problems` holds them all. */
const ShownProblems = 5;
const MaxFileBytes = 1024 * 1024;

export class PromptsFileError extends Error {
  readonly problems: PromptsFileProblem[];

  constructor(problems: PromptsFileProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
    const shown = sorted.slice(0, ShownProblems).map(formatProblem);
    const more = sorted.length - shown.length;
    if (more > 0) shown.push(`… and ${more} more problem${more === 1 ? '' : 's'} in ${sorted[0]!.file}`);
    super(shown.join('\n'));
    this.name = 'PromptsFileError';
    this.problems = sorted;
  }
}

export function formatProblem(problem: PromptsFileProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** Reads and parses the file; `file` is shown in messages as given. */
export async function loadPromptsFile(path: string): Promise<Suite> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MaxFileBytes) throw new Error(`${bytes.length} bytes; the limit is 1 MiB`);
    text = bytes.toString('utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`promptsFile: cannot read '${path}': ${reason}`, { cause: error });
  }
  return parsePromptsFile(text, path);
}

const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CaseId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CaseIdMaxChars = 64;

const TopKeys = ['version', 'modelId', 'branchId', 'branchName', 'topicName', 'cases'] as const;
const CaseKeys = ['id', 'prompt', 'topicName', 'conversationId', 'expect'] as const;
const ExpectKeys = ['state', 'contains', 'notContains', 'matches', 'notMatches', 'topic', 'fields', 'rowCount', 'value', 'query'] as const;
const RangeKeys = ['min', 'max'] as const;
const ValueKeys = ['column', 'row', 'min', 'max', 'equals'] as const;

/** Parses the YAML text of a prompts file; throws PromptsFileError listing every problem. */
export function parsePromptsFile(text: string, file: string): Suite {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const reader = new Reader(file, lineCounter);
  for (const error of doc.errors) {
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the file must hold one YAML document (remove the --- separator)'
        : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    reader.problemAt(error.pos[0], message);
  }
  if (doc.errors.length > 0) throw new PromptsFileError(reader.problems);

  const root = doc.contents;
  if (!isMap(root)) {
    reader.problem(root, root === null || isNull(root) ? 'the file is empty: it needs a `cases` list' : 'the file must be a mapping with a `cases` list (see the prompts file schema)');
    throw new PromptsFileError(reader.problems);
  }
  const top = reader.fields(root, TopKeys, 'the top level');
  const version = top.get('version');
  if (version && !(isScalar(version) && version.value === 1)) reader.problem(version, 'version must be 1');

  const defaults: SuiteDefaults = {};
  const modelId = reader.uuid(top.get('modelId'), 'modelId');
  if (modelId) defaults.modelId = modelId;
  const branchId = reader.uuid(top.get('branchId'), 'branchId');
  if (branchId) defaults.branchId = branchId;
  const branchName = reader.text(top.get('branchName'), 'branchName');
  if (branchName) defaults.branchName = branchName;
  if (branchId && branchName) reader.problem(top.get('branchName'), 'give branchId or branchName, not both');
  const topicName = reader.text(top.get('topicName'), 'topicName');
  if (topicName) defaults.topicName = topicName;

  const cases: SuiteCase[] = [];
  const casesNode = top.get('cases');
  if (!casesNode) reader.problemAt(root.range?.[0] ?? 0, 'cases is required: a list of cases, each with an id and a prompt');
  else if (!isSeq(casesNode)) reader.problem(casesNode, 'cases must be a list of cases, each with an id and a prompt');
  else if (casesNode.items.length === 0) reader.problem(casesNode, 'cases must not be empty');
  else {
    const firstLineOf = new Map<string, number>();
    casesNode.items.forEach((item, index) => {
      const { id, parsed } = readCase(reader, item as Node, `cases[${index}]`);
      if (id !== undefined) {
        // Checked even when the case has other problems: the duplicate is worth knowing too.
        const earlier = firstLineOf.get(id.toLowerCase());
        if (earlier !== undefined) reader.problem((item as YAMLMap).get('id', true) as Node, `cases[${index}].id '${id}' is already used by the case at line ${earlier} (ids are compared ignoring case)`);
        else firstLineOf.set(id.toLowerCase(), reader.lineOf(item as Node));
      }
      if (parsed) cases.push(parsed);
    });
  }

  if (reader.problems.length > 0) throw new PromptsFileError(reader.problems);
  return { file, defaults, cases };
}

function readCase(reader: Reader, node: Node, path: string): { id?: string; parsed?: SuiteCase } {
  if (!isMap(node)) {
    reader.problem(node, `${path} must be a mapping with id and prompt`);
    return {};
  }
  const fields = reader.fields(node, CaseKeys, path);
  const id = reader.text(fields.get('id'), `${path}.id`, { required: node });
  if (id !== undefined && !CaseId.test(id)) {
    reader.problem(fields.get('id'), `${path}.id '${id}' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit`);
  } else if (id !== undefined && id.length > CaseIdMaxChars) {
    reader.problem(fields.get('id'), `${path}.id is longer than ${CaseIdMaxChars} characters`);
  }
  const prompt = reader.text(fields.get('prompt'), `${path}.prompt`, { required: node, multiline: true });
  const topicName = reader.text(fields.get('topicName'), `${path}.topicName`);
  const conversationId = reader.uuid(fields.get('conversationId'), `${path}.conversationId`);
  const expect = readExpect(reader, fields.get('expect'), `${path}.expect`);
  if (id === undefined || prompt === undefined) return id === undefined ? {} : { id };
  const parsed: SuiteCase = { id, prompt, expect, line: reader.lineOf(node) };
  if (topicName) parsed.topicName = topicName;
  if (conversationId) parsed.conversationId = conversationId;
  return { id, parsed };
}

function readExpect(reader: Reader, node: Node | undefined, path: string): Expectations {
  const expect: Expectations = { contains: [], notContains: [], matches: [], notMatches: [], fields: [], values: [] };
  if (!node || isNull(node)) return expect;
  if (!isMap(node)) {
    reader.problem(node, `${path} must be a mapping of expectations (state, contains, notContains, matches, notMatches, topic, fields, rowCount, value, query)`);
    return expect;
  }
  const fields = reader.fields(node, ExpectKeys, path);

  const states = reader.texts(fields.get('state'), `${path}.state`);
  if (states) {
    const valid: OutcomeState[] = [];
    for (const [index, state] of states.entries()) {
      const upper = state.toUpperCase() as OutcomeState;
      if (OutcomeStates.includes(upper)) valid.push(upper);
      else reader.problem(itemNode(fields.get('state')!, index), `${path}.state '${state}' is not one of ${OutcomeStates.join(', ')}`);
    }
    if (valid.length > 0) expect.state = [...new Set(valid)];
  }
  expect.contains = reader.texts(fields.get('contains'), `${path}.contains`) ?? [];
  expect.notContains = reader.texts(fields.get('notContains'), `${path}.notContains`) ?? [];
  expect.matches = reader.patterns(fields.get('matches'), `${path}.matches`);
  expect.notMatches = reader.patterns(fields.get('notMatches'), `${path}.notMatches`);
  const topic = reader.text(fields.get('topic'), `${path}.topic`);
  if (topic) expect.topic = topic;
  expect.fields = reader.texts(fields.get('fields'), `${path}.fields`) ?? [];

  const rowCount = fields.get('rowCount');
  if (rowCount) {
    if (isMap(rowCount)) {
      const range = reader.range(rowCount, `${path}.rowCount`, { integer: true });
      if (range) expect.rowCount = range;
    } else {
      const exact = reader.number(rowCount, `${path}.rowCount`, { integer: true });
      if (exact !== undefined) expect.rowCount = { min: exact, max: exact };
    }
  }

  const value = fields.get('value');
  if (value) {
    const items = isSeq(value) ? (value.items as Node[]) : [value];
    if (isSeq(value) && items.length === 0) reader.problem(value, `${path}.value must not be an empty list`);
    items.forEach((item, index) => {
      const parsed = readValue(reader, item, isSeq(value) ? `${path}.value[${index}]` : `${path}.value`);
      if (parsed) expect.values.push(parsed);
    });
  }

  const query = fields.get('query');
  if (query) {
    if (isScalar(query) && typeof query.value === 'number') {
      const index = reader.number(query, `${path}.query`, { integer: true });
      if (index !== undefined) expect.query = index;
    } else {
      const name = reader.text(query, `${path}.query`);
      if (name) expect.query = name;
    }
  }
  return expect;
}

function readValue(reader: Reader, node: Node, path: string): ValueExpectation | undefined {
  if (!isMap(node)) {
    reader.problem(node, `${path} must be a mapping like { column: "Total Revenue", row: 0, min: 1000 }`);
    return undefined;
  }
  const fields = reader.fields(node, ValueKeys, path);
  const columnNode = fields.get('column');
  let column: string | number | undefined;
  if (!columnNode) reader.problem(node, `${path}.column is required: a column name, or its 0-based index`);
  else if (isScalar(columnNode) && typeof columnNode.value === 'number') column = reader.number(columnNode, `${path}.column`, { integer: true });
  else column = reader.text(columnNode, `${path}.column`);
  const row = fields.get('row') ? reader.number(fields.get('row'), `${path}.row`, { integer: true }) : 0;
  const range = reader.range(node, path, { integer: false, keys: ['min', 'max'], optional: true });
  const equalsNode = fields.get('equals');
  let equals: number | string | undefined;
  if (equalsNode) {
    if (isScalar(equalsNode) && typeof equalsNode.value === 'number') equals = reader.number(equalsNode, `${path}.equals`, { integer: false });
    else equals = reader.text(equalsNode, `${path}.equals`);
  }
  const hasRange = fields.has('min') || fields.has('max');
  if (!hasRange && equalsNode === undefined) reader.problem(node, `${path} needs min, max or equals`);
  if (hasRange && equalsNode !== undefined) reader.problem(equalsNode, `${path} takes equals or min/max, not both`);
  if (column === undefined || row === undefined) return undefined;
  const parsed: ValueExpectation = { column, row };
  if (range?.min !== undefined) parsed.min = range.min;
  if (range?.max !== undefined) parsed.max = range.max;
  if (equals !== undefined) parsed.equals = equals;
  return parsed;
}

function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

function itemNode(node: Node, index: number): Node {
  return isSeq(node) ? ((node.items[index] as Node | undefined) ?? node) : node;
}

/** Walks nodes, turning them into values and problems with positions. */
class Reader {
  readonly problems: PromptsFileProblem[] = [];

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
        const hint = known.find((name) => name.toLowerCase() === key.toLowerCase());
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
