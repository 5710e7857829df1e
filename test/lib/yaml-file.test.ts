import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, type Node, type YAMLMap } from 'yaml';
import { closest, FileProblemsError, formatProblem, parseYaml, readFileText, type FileProblem } from '../../src/lib/yaml-file.js';

/** The reader and root mapping of a valid document. */
function read(text: string) {
  const { reader, root } = parseYaml(text, 'f.yml');
  expect(reader.problems).toEqual([]);
  if (!isMap(root)) throw new Error('expected a mapping');
  return { reader, root: root as YAMLMap, node: (key: string) => root.get(key, true) as Node };
}

const lines = (problems: readonly FileProblem[]) => problems.map(formatProblem);

describe('parseYaml', () => {
  it('reports syntax errors at file:line:col, one per place and message', () => {
    // Two unclosed sequences end at the same place with the same words: said once.
    expect(lines(parseYaml('a: [[x\n', 'f.yml').reader.problems)).toEqual(['f.yml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(lines(parseYaml('a: 1\n---\nb: 2\n', 'f.yml').reader.problems)).toEqual(['f.yml:2:1: the file must hold one YAML document (remove the --- separator)']);
  });

  it("words a duplicate key as the caller asks, else in the parser's words", () => {
    expect(lines(parseYaml('a: 1\na: 2\n', 'f.yml').reader.problems)).toEqual(['f.yml:2:1: Map keys must be unique']);
    expect(lines(parseYaml('a: 1\na: 2\n', 'f.yml', { duplicateKeyMessage: 'given twice' }).reader.problems)).toEqual(['f.yml:2:1: given twice']);
  });

  it('gives null for an empty file', () => {
    const { reader, root } = parseYaml('', 'f.yml');
    expect(reader.problems).toEqual([]);
    expect(root).toBeNull();
  });
});

describe('YamlReader', () => {
  it('keeps a problem said twice at the same place once, and different ones at the same place apart', () => {
    const { reader, node } = read('a: x\n');
    reader.problem(node('a'), 'a is wrong');
    reader.problem(node('a'), 'a is wrong');
    reader.problem(node('a'), 'a is also too short');
    expect(lines(reader.problems)).toEqual(['f.yml:1:4: a is wrong', 'f.yml:1:4: a is also too short']);
  });

  it('names unknown keys with the known one meant, keys refused here with the reason', () => {
    const { reader, root } = read('Name: a\nnmae: b\nzzz: c\nid: d\nkind: e\n');
    const fields = reader.fields(root, ['name', 'kind'], 'the top level', { notHere: { keys: ['id'], reason: 'each item has its own' } });
    expect([...fields.keys()]).toEqual(['kind']);
    expect(lines(reader.problems)).toEqual([
      "f.yml:1:1: the top level has an unknown key 'Name' (did you mean name?)",
      "f.yml:2:1: the top level has an unknown key 'nmae' (did you mean name?)",
      "f.yml:3:1: the top level has an unknown key 'zzz' (expected name, kind)",
      "f.yml:4:1: the top level cannot give 'id': each item has its own",
    ]);
  });

  it('turns CRLF and CR in a multi-line text into LF, and trims', () => {
    const { reader, node } = read('a: "  one\\r\\ntwo\\rthree\\n  "\nb: "x\\r\\ny"\n');
    expect(reader.text(node('a'), 'a', { multiline: true })).toBe('one\ntwo\nthree');
    expect(reader.text(node('b'), 'b')).toBeUndefined();
    expect(lines(reader.problems)).toEqual(['f.yml:2:4: b must be a single line']);
  });

  it('reads a plainly written number as its text, ids lower-cased, numbers and ranges', () => {
    const { reader, node, root } = read('id: 007\nuuid: 3B5D7F91-B3D5-4F71-9B3D-5F7191B3D5F7\nn: "1,000"\nr: { min: 5, max: 1 }\n');
    expect(reader.text(node('id'), 'id')).toBe('007');
    expect(reader.uuid(node('uuid'), 'uuid')).toBe('3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7');
    expect(reader.number(node('n'), 'n', { integer: true })).toBeUndefined();
    expect(reader.range(root.get('r') as YAMLMap, 'r', { integer: true })).toBeUndefined();
    expect(lines(reader.problems)).toEqual([
      "f.yml:3:4: n must be a non-negative integer (write plain digits like 1000, not '1,000')",
      'f.yml:4:11: r has min 5 greater than max 1',
    ]);
  });
});

describe('closest', () => {
  const known = ['contains', 'notContains', 'rowCount', 'id'];
  it.each([
    ['CONTAINS', 'contains'],
    ['contain', 'contains'],
    ['notcontain', 'notContains'],
    ['rowcnt', 'rowCount'],
    ['ix', 'id'],
    ['xy', undefined], // two edits from a two-letter name is another word
    ['colour', undefined],
  ])('%s → %s', (key, expected) => {
    expect(closest(key, known)).toBe(expected);
  });
});

describe('FileProblemsError', () => {
  it('lists the first five problems in file order, one per line, and counts the rest', () => {
    const problems = [9, 3, 7, 1, 5, 2, 8].map((line) => ({ file: 'f.yml', line, column: 1, message: `at ${line}` }));
    const error = new FileProblemsError(problems);
    expect(error.message.split('\n')).toEqual(['f.yml:1:1: at 1', 'f.yml:2:1: at 2', 'f.yml:3:1: at 3', 'f.yml:5:1: at 5', 'f.yml:7:1: at 7', '… and 2 more problems in f.yml']);
    expect(error.problems.map((p) => p.line)).toEqual([1, 2, 3, 5, 7, 8, 9]);
  });
});

describe('readFileText', () => {
  it('reads a file, and says in one line, naming what it is for, why it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yaml-file-'));
    try {
      await writeFile(join(dir, 'ok.yml'), 'a: 1\n');
      await writeFile(join(dir, 'big.yml'), 'x'.repeat(1024 * 1024 + 1));
      await expect(readFileText(join(dir, 'ok.yml'), 'someFile')).resolves.toBe('a: 1\n');
      await expect(readFileText('no/such.yml', 'someFile')).rejects.toThrow("someFile: cannot read 'no/such.yml': no such file");
      await expect(readFileText(join(dir, 'big.yml'), 'someFile')).rejects.toThrow(/^someFile: cannot read '.*big\.yml': 1048577 bytes; the limit is 1 MiB$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
