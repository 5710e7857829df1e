/**
 * The JSON Schemas in schemas/ are what editors check the prompts and routines files against
 * (named on an example's first line, `# yaml-language-server: $schema=…`). They must accept every
 * example, know exactly the keys the action's readers know, and judge files as the readers do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parsePromptsFile, PromptsFileKeys } from '../../src/suite/prompts-file.js';
import { parseRoutinesFile, RoutinesFileKeys } from '../../src/routines/file.js';

const Root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(Root, path), 'utf8');

type Schema = { properties?: Record<string, Schema>; definitions?: Record<string, Schema>; anyOf?: Schema[]; [key: string]: unknown };
const promptsSchema = JSON.parse(read('schemas/prompts.schema.json')) as Schema;
const routinesSchema = JSON.parse(read('schemas/routines.schema.json')) as Schema;

// A misspelt or unknown keyword fails here, where editors would silently ignore it.
const ajv = new Ajv({ allErrors: true, strictSchema: true, strictNumbers: true, strictTuples: true, strictTypes: false, strictRequired: false });
const validators: Record<string, ValidateFunction> = {
  'prompts.schema.json': ajv.compile(promptsSchema),
  'routines.schema.json': ajv.compile(routinesSchema),
};

function schemaErrors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const SchemaLine = /^# yaml-language-server: \$schema=(\S+)$/;

/** Every YAML file users copy that holds a prompts or routines file, with the schema its first line names. */
function schemaNamingFiles(): { file: string; schemaRef: string | undefined }[] {
  const candidates = [
    ...readdirSync(join(Root, 'examples')).filter((f) => /\.ya?ml$/.test(f)).map((f) => `examples/${f}`),
    ...(existsSync(join(Root, '.github/omni')) ? readdirSync(join(Root, '.github/omni')).filter((f) => /\.ya?ml$/.test(f)).map((f) => `.github/omni/${f}`) : []),
  ];
  return candidates.map((file) => ({ file, schemaRef: SchemaLine.exec(read(file).split('\n')[0] ?? '')?.[1] }));
}

describe('the examples name their schema and pass it', () => {
  const files = schemaNamingFiles();

  it('examples/prompts.yml is among them, and every example file names a schema on its first line', () => {
    expect(files.map((f) => f.file)).toContain('examples/prompts.yml');
    for (const { file, schemaRef } of files) expect(schemaRef, `${file} starts with # yaml-language-server: $schema=…`).toBeDefined();
  });

  it.skipIf(!existsSync(join(Root, 'examples/routines.yml')))('examples/routines.yml names the routines schema', () => {
    expect(files.find((f) => f.file === 'examples/routines.yml')?.schemaRef).toBe('../schemas/routines.schema.json');
  });

  it.each(files)('$file passes the schema it names, and the reader accepts it', ({ file, schemaRef }) => {
    const schemaPath = relative(Root, resolve(Root, dirname(file), schemaRef!));
    expect(existsSync(join(Root, schemaPath)), `${file} names ${schemaRef}, which exists`).toBe(true);
    const schemaName = schemaPath.replace(/^schemas\//, '');
    const validate = validators[schemaName];
    expect(validate, `${schemaPath} is one of the published schemas`).toBeDefined();
    const text = read(file);
    expect(schemaErrors(validate!, parse(text))).toEqual([]);
    if (schemaName === 'prompts.schema.json') expect(parsePromptsFile(text, file).cases.length).toBeGreaterThan(0);
    else expect(() => parseRoutinesFile(text, file, 'acme/models:examples/routines.yml')).not.toThrow();
  });
});

const keys = (node: Schema | undefined) => Object.keys(node?.properties ?? {}).sort();
const sorted = (list: readonly string[]) => [...list].sort();

describe('schema and reader know the same keys', () => {
  it('the prompts file, level by level', () => {
    const defs = promptsSchema.definitions!;
    expect(keys(promptsSchema)).toEqual(sorted(PromptsFileKeys.top));
    expect(keys(defs.case)).toEqual(sorted(PromptsFileKeys.case));
    expect(keys(defs.expect)).toEqual(sorted(PromptsFileKeys.expect));
    expect(keys(defs.value)).toEqual(sorted(PromptsFileKeys.value));
    const rowCountRange = defs.expect!.properties!.rowCount!.anyOf!.find((s) => s.type === 'object');
    expect(keys(rowCountRange)).toEqual(sorted(PromptsFileKeys.rowCount));
  });

  it('the routines file, level by level', () => {
    const defs = routinesSchema.definitions!;
    expect(keys(routinesSchema)).toEqual(sorted(RoutinesFileKeys.top));
    expect(keys(defs.routine)).toEqual(sorted(RoutinesFileKeys.routine));
    expect(keys(defs.defaults)).toEqual(sorted(RoutinesFileKeys.defaults));
    expect(keys(defs.destination)).toEqual(sorted(RoutinesFileKeys.destination));
    expect(keys(defs.slack)).toEqual(sorted(RoutinesFileKeys.slack));
  });

  it('every key has a description for the editor to show', () => {
    const undescribed: string[] = [];
    const walk = (node: Schema, path: string) => {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string') undescribed.push(`${path}.${name}`);
        walk(child, `${path}.${name}`);
        for (const option of child.anyOf ?? []) walk(option, `${path}.${name}`);
      }
    };
    for (const [name, schema] of Object.entries({ prompts: promptsSchema, routines: routinesSchema })) {
      walk(schema, name);
      for (const [def, node] of Object.entries(schema.definitions ?? {})) walk(node, `${name}#${def}`);
    }
    expect(undescribed).toEqual([]);
  });
});

/** Accepted by the reader (no exception) and by the schema: the two must agree on each document. */
function verdicts(text: string, validate: ValidateFunction, readFile: (text: string) => unknown) {
  let reader: string;
  try {
    readFile(text);
    reader = 'accepted';
  } catch (error) {
    reader = `rejected: ${(error as Error).message}`;
  }
  const errors = schemaErrors(validate, parse(text));
  return { reader: reader === 'accepted', schema: errors.length === 0, detail: `reader ${reader}; schema ${errors.length === 0 ? 'accepted' : errors.join('; ')}` };
}

describe('schema and reader judge files alike', () => {
  const Model = '3b5d7f91-b3d5-4f71-9b3d-5f7191b3d5f7';
  const base = (extra = '', caseExtra = '', expect = '') =>
    `modelId: ${Model}\n${extra}cases:\n  - id: top-products\n    prompt: Top 5 products by revenue\n${caseExtra}${expect ? `    expect:\n${expect}` : ''}`;
  const prompts: [string, string, boolean][] = [
    ['the smallest file', 'cases:\n  - { id: a, prompt: q }\n', true],
    ['every top-level key', base(`version: 1\nbranchName: feature/net-revenue\ntopicName: order_items\n`), true],
    ['version 2', base('version: 2\n'), false],
    ['an unknown top-level key', base('model: x\n'), false],
    ['branchId and branchName', base(`branchId: ${Model}\nbranchName: x\n`), false],
    ['modelId that is not a UUID', 'modelId: sales\ncases:\n  - { id: a, prompt: q }\n', false],
    ['no cases', `modelId: ${Model}\n`, false],
    ['an empty case list', 'cases: []\n', false],
    ['a case without a prompt', 'cases:\n  - { id: a }\n', false],
    ['an unknown case key', base('', '    topic: order_items\n'), false],
    ['an id with a space', 'cases:\n  - { id: top products, prompt: q }\n', false],
    ['a numeric id', 'cases:\n  - { id: 1, prompt: q }\n', true],
    [`an id of 65 characters`, `cases:\n  - { id: ${'a'.repeat(65)}, prompt: q }\n`, false],
    ['a prompt on several lines', 'cases:\n  - id: a\n    prompt: |\n      first\n      second\n', true],
    ['a topicName on several lines', 'cases:\n  - id: a\n    prompt: q\n    topicName: |\n      first\n      second\n', false],
    ['a conversationId', base('', `    conversationId: ${Model}\n`), true],
    ['expect left empty', base('', '    expect:\n'), true],
    ['an unknown expectation', base('', '', '      contain: x\n'), false],
    ['every expectation', base('', '', "      state: [COMPLETE, failed]\n      contains: Patagonia\n      notContains: [error, sorry]\n      matches: '\\$[0-9]'\n      notMatches: '/cannot/i'\n      topic: order_items\n      fields: [products.name]\n      rowCount: 5\n      value: { column: Total Revenue, row: 0, min: 1000, max: 1e9 }\n      query: 0\n"), true],
    ['a state in lower case', base('', '', '      state: complete\n'), true],
    ['a state that does not exist', base('', '', '      state: DONE\n'), false],
    ['a number as text', base('', '', '      contains: 5000\n'), true],
    ['an empty list of texts', base('', '', '      contains: []\n'), false],
    ['a negative row count', base('', '', '      rowCount: -1\n'), false],
    ['a row count range', base('', '', '      rowCount: { min: 1, max: 10 }\n'), true],
    ['a row count range with neither bound', base('', '', '      rowCount: {}\n'), false],
    ['a row count range with another key', base('', '', '      rowCount: { min: 1, most: 3 }\n'), false],
    ['a value with neither bound nor equals', base('', '', '      value: { column: Region }\n'), false],
    ['a value with equals and a bound', base('', '', '      value: { column: Region, equals: West, min: 1 }\n'), false],
    ['a value by column position', base('', '', '      value: { column: 1, equals: 320 }\n'), true],
    ['a value by a negative position', base('', '', '      value: { column: -1, equals: 320 }\n'), false],
    ['a value without a column', base('', '', '      value: { equals: 320 }\n'), false],
    ['a list of values', base('', '', '      value:\n        - { column: Region, equals: Midwest }\n        - { column: 1, min: 0 }\n'), true],
    ['an empty list of values', base('', '', '      value: []\n'), false],
    ['an unknown value key', base('', '', '      value: { column: Region, equals: West, cell: 1 }\n'), false],
    ['a query by name', base('', '', '      query: revenue\n'), true],
    ['a negative query index', base('', '', '      query: -1\n'), false],
  ];

  it.each(prompts)('prompts file: %s', (_name, text, accepted) => {
    const verdict = verdicts(text, validators['prompts.schema.json']!, (t) => parsePromptsFile(t, 'prompts.yml'));
    expect({ reader: verdict.reader, schema: verdict.schema }, verdict.detail).toEqual({ reader: accepted, schema: accepted });
  });

  const routine = (fields: Record<string, string>, top = '') => {
    const merged: Record<string, string> = {
      key: 'weekly-revenue',
      name: 'Weekly revenue by region',
      prompt: 'Revenue by region last week',
      schedule: "'0 9 ? * MON *'",
      timezone: 'Europe/Berlin',
      modelId: Model,
      destination: '{ email: [lead@acme.com] }',
      ...fields,
    };
    const lines = Object.entries(merged)
      .filter(([, value]) => value !== '')
      .map(([key, value], index) => `${index === 0 ? '  - ' : '    '}${key}: ${value}`);
    return `version: 1\n${top}routines:\n${lines.join('\n')}\n`;
  };
  const routines: [string, string, boolean][] = [
    ['a complete routine', routine({}), true],
    ['no routines', 'routines: []\n', true],
    ['routines left empty', 'routines:\n', true],
    ['no routines key', 'version: 1\n', false],
    ['an unknown top-level key', routine({}, 'owner: me\n'), false],
    ['a stack', routine({}, 'stack: analytics-routines\n'), true],
    ['a stack with a space', routine({}, "stack: 'analytics routines'\n"), false],
    ['modelId from defaults', routine({ modelId: '' }, `defaults:\n  modelId: ${Model}\n  timezone: UTC\n`), true],
    ['modelId nowhere', routine({ modelId: '' }), false],
    ['a destination nowhere', routine({ destination: '' }), false],
    ['a destination from defaults', routine({ destination: '' }, 'defaults:\n  destination: { slack: { channel: C0123456789 } }\n'), true],
    ['key in defaults', routine({}, 'defaults:\n  key: shared\n'), false],
    ['a routine without a key', routine({ key: '' }).replace('    name:', '  - name:'), false],
    ['a key with a space', routine({ key: "'weekly revenue'" }), false],
    ['an unknown routine key', routine({ owner: 'me' }), false],
    ['branchId and branchName', routine({ branchId: Model, branchName: 'feature/x' }), false],
    ['a branchName', routine({ branchName: 'feature/net-revenue' }), true],
    ['a branchName with a space', routine({ branchName: "'feature net'" }), false],
    ['a topicName of 256 characters', routine({ topicName: 't'.repeat(256) }), true],
    ['a topicName of 257 characters', routine({ topicName: 't'.repeat(257) }), false],
    ['a name of 513 characters', routine({ name: 'n'.repeat(513) }), false],
    ['an id to adopt', routine({ id: Model }), true],
    ['an id that is not a UUID', routine({ id: '42' }), false],
    ['a five-field schedule', routine({ schedule: "'0 9 * * 1'" }), true],
    ['a schedule of three fields', routine({ schedule: "'0 9 *'" }), false],
    ['email and user groups', routine({ destination: `{ email: lead@acme.com, userGroupIds: [${Model}] }` }), true],
    ['an address that is not one', routine({ destination: '{ email: [lead-at-acme.com] }' }), false],
    ['101 addresses', routine({ destination: `{ email: [${Array.from({ length: 101 }, (_, i) => `u${i}@acme.com`).join(', ')}] }` }), false],
    ['a group that is not a UUID', routine({ destination: '{ userGroupIds: [sales] }' }), false],
    ['slack and email', routine({ destination: '{ email: [lead@acme.com], slack: { channel: C0123456789 } }' }), false],
    ['a slack user', routine({ destination: '{ slack: { user: U0123456789 } }' }), true],
    ['a slack channel by name', routine({ destination: "{ slack: { channel: '#sales' } }" }), false],
    ['a slack channel and user', routine({ destination: '{ slack: { channel: C0123456789, user: U0123456789 } }' }), false],
    ['an unknown destination', routine({ destination: '{ teams: [x] }' }), false],
  ];

  it.each(routines)('routines file: %s', (_name, text, accepted) => {
    const verdict = verdicts(text, validators['routines.schema.json']!, (t) => parseRoutinesFile(t, 'routines.yml', 'acme/models:routines.yml'));
    expect({ reader: verdict.reader, schema: verdict.schema }, verdict.detail).toEqual({ reader: accepted, schema: accepted });
  });
});
