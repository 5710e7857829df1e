import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptsFile, parsePromptsFile, PromptsFileError } from '../../src/suite/prompts-file.js';

const Model = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';

/** The problems of a file as `line:column: message`, without the file name. */
function problems(text: string): string[] {
  try {
    parsePromptsFile(text, 'prompts.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(PromptsFileError);
    return (error as PromptsFileError).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  }
  throw new Error('expected the file to be refused');
}

describe('parsePromptsFile: a valid file', () => {
  it('reads defaults, cases and every kind of expectation', () => {
    const suite = parsePromptsFile(
      [
        'version: 1',
        `modelId: ${Model.toUpperCase()}`,
        'branchName: feature/net-revenue',
        'topicName: order_items',
        'cases:',
        '  - id: top-products',
        '    prompt: top 5 products by revenue',
        '    topicName: products',
        '    conversationId: 11111111-1111-4111-8111-111111111111',
        '    expect:',
        '      state: [complete, FAILED]',
        '      contains: ["Revenue", 2024]',
        '      notContains: error',
        "      matches: '/\\$[0-9]/i'",
        '      notMatches: [sorry]',
        '      topic: order_items',
        '      fields: [products.name, order_items.total_revenue]',
        '      rowCount: { min: 1, max: 10 }',
        '      value: { column: "Total Revenue", row: 0, min: 1000, max: 1e9 }',
        '      query: Top products',
        '  - id: 007',
        '    prompt: |',
        '      how many orders',
        '      last month?',
        '    expect:',
        '      rowCount: 5',
        '      value:',
        '        - { column: 1, equals: 320 }',
        '        - { column: Region, row: 2, equals: West }',
        '      query: 0',
      ].join('\n'),
      'prompts.yml',
    );
    expect(suite.defaults).toEqual({ modelId: Model, branchName: 'feature/net-revenue', topicName: 'order_items' });
    const [first, second] = suite.cases;
    expect(first).toMatchObject({ id: 'top-products', prompt: 'top 5 products by revenue', topicName: 'products', conversationId: '11111111-1111-4111-8111-111111111111', line: 6 });
    expect(first!.expect).toEqual({
      state: ['COMPLETE', 'FAILED'],
      contains: ['Revenue', '2024'],
      notContains: ['error'],
      matches: [{ source: '\\$[0-9]', flags: 'i' }],
      notMatches: [{ source: 'sorry', flags: '' }],
      topic: 'order_items',
      fields: ['products.name', 'order_items.total_revenue'],
      rowCount: { min: 1, max: 10 },
      values: [{ column: 'Total Revenue', row: 0, min: 1000, max: 1e9 }],
      query: 'Top products',
    });
    // A plainly written number keeps its text: "007" stays "007".
    expect(second).toMatchObject({ id: '007', prompt: 'how many orders\nlast month?', line: 21 });
    expect(second!.expect).toMatchObject({ rowCount: { min: 5, max: 5 }, values: [{ column: 1, row: 0, equals: 320 }, { column: 'Region', row: 2, equals: 'West' }], query: 0 });
    expect(second!.expect.state).toBeUndefined();
  });

  it('needs nothing but cases with ids and prompts; expectations default to none beyond COMPLETE', () => {
    const suite = parsePromptsFile('cases:\n  - id: a\n    prompt: hello\n    expect:\n', 'p.yml');
    expect(suite).toEqual({
      file: 'p.yml',
      defaults: {},
      cases: [{ id: 'a', prompt: 'hello', line: 2, expect: { contains: [], notContains: [], matches: [], notMatches: [], fields: [], values: [] } }],
    });
  });

  it('reads an escaped CRLF or CR in a prompt as LF, as YAML reads the file\'s own line ends', () => {
    const suite = parsePromptsFile('cases:\n  - id: a\n    prompt: "one\\r\\ntwo\\rthree"\n  - id: b\n    prompt: |\r\n      one\r\n      two\r\n', 'p.yml');
    expect(suite.cases.map((c) => c.prompt)).toEqual(['one\ntwo\nthree', 'one\ntwo']);
  });

  it('drops the g and y flags, which would make matching depend on earlier matches', () => {
    const suite = parsePromptsFile('cases:\n  - id: a\n    prompt: b\n    expect: { matches: "/x+/gimy" }\n', 'p.yml');
    expect(suite.cases[0]!.expect.matches).toEqual([{ source: 'x+', flags: 'im' }]);
  });
});

describe('parsePromptsFile: errors name the line and column of what is wrong', () => {
  it('collects every problem, in file order', () => {
    expect(
      problems(
        [
          'modelid: x', // 1
          'cases:', // 2
          '  - id: a', // 3
          '    prompt:', // 4
          '  - id: A', // 5
          '    prompt: hi', // 6
          '    expect:', // 7
          '      rowCount: -1', // 8
          '      state: [DONE]', // 9
          '      matches: "([a-z"', // 10
          '      value: { column: X, min: 5, max: 1 }', // 11
          '  - id: bad id!', // 12
          '    prompt: "x"', // 13
          '    expect: { rowCount: { min: 3, max: "1,000" }, value: [{ row: 1, min: 2 }], query: 1.5, colour: red }', // 14
          '  - prompt: q', // 15
          '    conversationId: nope', // 16
          '    expect: [1]', // 17
        ].join('\n'),
      ),
    ).toEqual([
      "1:1: the top level has an unknown key 'modelid' (did you mean modelId?)",
      '4:12: cases[0].prompt is required',
      "5:9: cases[1].id 'A' is already used by the case at line 3 (ids are compared ignoring case)",
      '8:17: cases[1].expect.rowCount must be a non-negative integer',
      "9:15: cases[1].expect.state 'DONE' is not one of COMPLETE, FAILED, CANCELLED, TIMEOUT",
      '10:16: cases[1].expect.matches is not a valid regular expression: /([a-z/: Unterminated character class',
      '11:32: cases[1].expect.value has min 5 greater than max 1',
      "12:9: cases[2].id 'bad id!' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit",
      "14:40: cases[2].expect.rowCount.max must be a non-negative integer (write plain digits like 1000, not '1,000')",
      '14:59: cases[2].expect.value[0].column is required: a column name, or its 0-based index',
      '14:87: cases[2].expect.query must be a non-negative integer',
      "14:92: cases[2].expect has an unknown key 'colour' (expected state, contains, notContains, matches, notMatches, topic, fields, rowCount, value, query)",
      '15:5: cases[3].id is required',
      '16:21: cases[3].conversationId must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not \'nope\'',
      '17:13: cases[3].expect must be a mapping of expectations (state, contains, notContains, matches, notMatches, topic, fields, rowCount, value, query)',
    ]);
  });

  it('reports YAML syntax errors at their position, and stops there', () => {
    expect(problems('cases:\n  - id: a\n    prompt: b\n    id: c\n')).toEqual(['4:5: Map keys must be unique']);
    expect(problems('cases:\n  - id: [a\n')).toEqual([expect.stringMatching(/^3:1: /)]);
    expect(problems('cases: []\n---\ncases: []\n')).toEqual(['2:1: the file must hold one YAML document (remove the --- separator)']);
  });

  it('says a problem met twice at the same place once: nested brackets left open', () => {
    // The parser reports the inner and the outer unclosed flow collection at the same place.
    expect(problems('cases:\n  - id: a\n    expect: {value: [{column: x\n')).toEqual([
      '4:1: Flow map in block collection must be sufficiently indented and end with a }',
      '4:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('suggests the key a typo or a wrong case meant, else lists the keys it knows', () => {
    expect(problems('cases:\n  - id: a\n    prompt: b\n    expect: { contain: x, NotMatches: y, rows: 1 }\n')).toEqual([
      "4:15: cases[0].expect has an unknown key 'contain' (did you mean contains?)",
      "4:27: cases[0].expect has an unknown key 'NotMatches' (did you mean notMatches?)",
      "4:42: cases[0].expect has an unknown key 'rows' (expected state, contains, notContains, matches, notMatches, topic, fields, rowCount, value, query)",
    ]);
  });

  it.each([
    ['', '1:1: the file is empty: it needs a `cases` list'],
    ['- id: a\n  prompt: b\n', '1:1: the file must be a mapping with a `cases` list (see the prompts file schema)'],
    ['modelId: 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7\n', '1:1: cases is required: a list of cases, each with an id and a prompt'],
    ['cases: []\n', '1:8: cases must not be empty'],
    ['cases: {a: 1}\n', '1:8: cases must be a list of cases, each with an id and a prompt'],
    ['version: 2\ncases: [{id: a, prompt: b}]\n', '1:10: version must be 1'],
    [`branchId: ${Model}\nbranchName: x\ncases: [{id: a, prompt: b}]\n`, '2:13: give branchId or branchName, not both'],
    ['modelId: 1234\ncases: [{id: a, prompt: b}]\n', "1:10: modelId must be a UUID like 3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7, not '1234'"],
    ['cases: [{id: a, prompt: "  "}]\n', '1:25: cases[0].prompt must not be empty'],
    ['cases: [{id: a, prompt: [x]}]\n', '1:25: cases[0].prompt must be a string'],
    ['cases: [{id: a, prompt: b, topicName: "x\\ny"}]\n', '1:39: cases[0].topicName must be a single line'],
    [`cases: [{id: ${'a'.repeat(65)}, prompt: b}]\n`, '1:14: cases[0].id is longer than 64 characters'],
    ['cases: [{id: a, prompt: b, expect: {contains: []}}]\n', '1:47: cases[0].expect.contains must not be an empty list'],
    ['cases: [{id: a, prompt: b, expect: {value: {column: X}}}]\n', '1:44: cases[0].expect.value needs min, max or equals'],
    ['cases: [{id: a, prompt: b, expect: {value: {column: X, min: 1, equals: 2}}}]\n', '1:72: cases[0].expect.value takes equals or min/max, not both'],
    ['cases: [{id: a, prompt: b, expect: {rowCount: {}}}]\n', '1:47: cases[0].expect.rowCount needs min or max'],
    ['cases: [{id: a, prompt: b, expect: {rowCount: 2.5}}]\n', '1:47: cases[0].expect.rowCount must be a non-negative integer'],
    ['cases: [{id: a, prompt: b, expect: {value: []}}]\n', '1:44: cases[0].expect.value must not be an empty list'],
    ['cases: [a]\n', '1:9: cases[0] must be a mapping with id and prompt'],
  ])('%j → %s', (text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it('lists the first five problems in the message, one per line, and counts the rest', () => {
    const text = `cases:\n${Array.from({ length: 8 }, (_, i) => `  - id: c${i}\n    prompt: p\n    expect: { rowCount: -1 }`).join('\n')}\n`;
    let message = '';
    try {
      parsePromptsFile(text, 'suite/prompts.yml');
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('suite/prompts.yml:4:25: cases[0].expect.rowCount must be a non-negative integer');
    expect(lines[5]).toBe('… and 3 more problems in suite/prompts.yml');
  });
});

describe('loadPromptsFile', () => {
  it('reads the file, naming it in messages as given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prompts-'));
    const file = join(dir, 'prompts.yml');
    await writeFile(file, 'cases:\n  - id: a\n    prompt: b\n    expect: { rowCount: x }\n');
    await expect(loadPromptsFile(file)).rejects.toThrow(`${file}:4:25: cases[0].expect.rowCount must be a non-negative integer (write plain digits like 1000, not 'x')`);
  });

  it('says so in one line when the file is missing', async () => {
    await expect(loadPromptsFile('no/such/prompts.yml')).rejects.toThrow("promptsFile: cannot read 'no/such/prompts.yml': no such file");
  });
});
