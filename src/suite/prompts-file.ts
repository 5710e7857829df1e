/**
 * The prompts file (`promptsFile` input): a YAML list of cases with expectations. Parsed and
 * validated strictly before any request, every problem reported with its line and column.
 * The schema is documented in examples/README.md.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { OutcomeStates, type OutcomeState } from '../job/outcome.js';
import { FileProblemsError, isNull, itemNode, parseYaml, RangeKeys, readFileText, type YamlReader } from '../lib/yaml-file.js';
import { noExpectations, type Expectations, type Suite, type SuiteCase, type SuiteDefaults, type TextPattern, type ValueExpectation } from './suite.js';

export class PromptsFileError extends FileProblemsError {
  override readonly name = 'PromptsFileError';
}

/** Reads and parses the file; `file` is shown in messages as given. */
export async function loadPromptsFile(path: string): Promise<Suite> {
  return parsePromptsFile(await readFileText(path, 'promptsFile'), path);
}

const CaseId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CaseIdMaxChars = 64;

const TopKeys = ['version', 'modelId', 'branchId', 'branchName', 'topicName', 'cases'] as const;
const CaseKeys = ['id', 'prompt', 'topicName', 'conversationId', 'expect'] as const;
const ExpectKeys = ['state', 'contains', 'notContains', 'matches', 'notMatches', 'topic', 'fields', 'rowCount', 'value', 'query'] as const;
const ValueKeys = ['column', 'row', 'min', 'max', 'equals'] as const;

/** Every key the file may hold, per level: the reader's contract with schemas/prompts.schema.json. */
export const PromptsFileKeys = { top: TopKeys, case: CaseKeys, expect: ExpectKeys, value: ValueKeys, rowCount: RangeKeys } as const;

/** Parses the YAML text of a prompts file; throws PromptsFileError listing every problem. */
export function parsePromptsFile(text: string, file: string): Suite {
  const { reader, root } = parseYaml(text, file);
  if (reader.problems.length > 0) throw new PromptsFileError(reader.problems);

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

function readCase(reader: YamlReader, node: Node, path: string): { id?: string; parsed?: SuiteCase } {
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

function readExpect(reader: YamlReader, node: Node | undefined, path: string): Expectations {
  const expect = noExpectations();
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
  expect.matches = readPatterns(reader, fields.get('matches'), `${path}.matches`);
  expect.notMatches = readPatterns(reader, fields.get('notMatches'), `${path}.notMatches`);
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

function readValue(reader: YamlReader, node: Node, path: string): ValueExpectation | undefined {
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

/** JavaScript regular expressions: `pattern`, or `/pattern/flags` for flags (i, m, s, u, v). */
function readPatterns(reader: YamlReader, node: Node | undefined, path: string): TextPattern[] {
  const values = reader.texts(node, path);
  if (!values || !node) return [];
  const patterns: TextPattern[] = [];
  values.forEach((value, index) => {
    const literal = /^\/(.+)\/([a-z]*)$/s.exec(value);
    const source = literal ? literal[1]! : value;
    // g and y would make a test depend on the one before it.
    const flags = literal ? literal[2]!.replace(/[gy]/g, '') : '';
    try {
      new RegExp(source, flags);
      patterns.push({ source, flags });
    } catch (error) {
      const where = isSeq(node) ? `${path}[${index}]` : path;
      reader.problem(itemNode(node, index), `${where} is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  });
  return patterns;
}
