import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonStreamParser, type JsonHandler, type JsonScalar } from '../../src/lib/json-stream.js';
import { CsvHeadMaxRows, digestResult, readResultDigest } from '../../src/omni/result-digest.js';

/** Builds the value the events describe, the way JSON.parse would. */
class TreeBuilder implements JsonHandler {
  value: unknown;
  private readonly stack: { container: Record<string, unknown> | unknown[]; key: string }[] = [];

  openObject(): void {
    this.open({});
  }
  openArray(): void {
    this.open([]);
  }
  key(name: string): void {
    this.stack[this.stack.length - 1]!.key = name;
  }
  closeObject(): void {
    this.stack.pop();
  }
  closeArray(): void {
    this.stack.pop();
  }
  openString() {
    let text = '';
    return { push: (piece: string) => (text += piece), end: () => this.place(text) };
  }
  scalar(value: JsonScalar): void {
    this.place(value);
  }
  private open(container: Record<string, unknown> | unknown[]): void {
    this.place(container);
    this.stack.push({ container, key: '' });
  }
  private place(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) this.value = value;
    else if (Array.isArray(top.container)) top.container.push(value);
    else Object.defineProperty(top.container, top.key, { value, writable: true, enumerable: true, configurable: true });
  }
}

function parseInPieces(text: string, cuts: number[] = []): unknown {
  const builder = new TreeBuilder();
  const parser = new JsonStreamParser(builder);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.write(text.slice(from, cut));
    from = cut;
  }
  parser.write(text.slice(from));
  parser.end();
  return builder.value;
}

/** Both throw, or both give the same value. */
function agreesWithJsonParse(text: string, cuts: number[] = []): void {
  let expected: unknown;
  try {
    expected = JSON.parse(text);
  } catch {
    expect(() => parseInPieces(text, cuts), `accepted ${JSON.stringify(text)}`).toThrow(SyntaxError);
    return;
  }
  expect(parseInPieces(text, cuts)).toEqual(expected);
}

const cutsOf = (text: string) => fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 8 });

describe('JsonStreamParser', () => {
  it('rebuilds any JSON value, however the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (value, indent, cuts) => {
          const text = JSON.stringify(value, null, indent);
          agreesWithJsonParse(text, cuts.map((cut) => cut % (text.length + 1)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts and rejects exactly what JSON.parse does, on text made of JSON’s own characters', () => {
    const jsonish = fc.string({ unit: fc.constantFrom(...'{}[],:"\\/ \n0123456789-+.eEtrufalsnbx\u0001'.split('')), maxLength: 24 });
    fc.assert(fc.property(jsonish.chain((text) => fc.tuple(fc.constant(text), cutsOf(text))), ([text, cuts]) => agreesWithJsonParse(text, cuts)), {
      numRuns: 2_000,
    });
  });

  it.each([
    '', ' ', '{', '}', '[', '{"a":1,}', '[1,]', '[,1]', '01', '1.', '.5', '-', '+1', '1e', '1e+', '--1', 'tru', 'truex', 'nul', 'constructor',
    '"\u0001"', '"\\x"', '"\\u12G4"', '{"a" 1}', '{a:1}', '[1 2]', '{} {}', '"abc', 'NaN', 'Infinity', "'a'", '\uFEFF{}', '{"a":1}}', '1 2',
  ])('rejects %j like JSON.parse', (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(() => parseInPieces(text)).toThrow(SyntaxError);
  });

  it.each([' 1 ', '-0', '1E+2', '0.5e-3', '[]', '{}', '"\\/"', '"\\ud83d\\ude00"', '"é😀"', '{"__proto__":{"a":1}}', 'null', ' [true,false,null] '])(
    'reads %j like JSON.parse, even cut after every character',
    (text) => {
      agreesWithJsonParse(text, Array.from({ length: text.length }, (_, index) => index));
    },
  );
});

describe('readResultDigest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omni-ai-job-digest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  let files = 0;
  async function fromFile(text: string) {
    const file = join(dir, `result-${files++}.json`);
    await writeFile(file, text);
    return readResultDigest(file);
  }

  /** The streamed digest is the digest of the parsed document. */
  async function expectSameDigest(document: unknown, indent?: number): Promise<void> {
    const text = JSON.stringify(document, null, indent);
    expect(await fromFile(text)).toEqual(digestResult(JSON.parse(text)));
  }

  const rows = (count: number, width = 20) => Array.from({ length: count }, (_, index) => `row ${index},${'x'.repeat(width)}`).join('\n');
  const queryResult = (overrides: Record<string, unknown> = {}) => ({
    queryName: 'Top products',
    status: 'success',
    query: { fields: ['products.name', 'order_items.total_revenue'], limit: 5, sorts: [{ field: 'order_items.total_revenue', desc: true }] },
    csvResult: `Name,Revenue\n${rows(5)}`,
    csvResultWasTruncated: false,
    hasResults: true,
    totalRowCount: 5,
    ...overrides,
  });
  const documentWith = (...results: unknown[]) => ({
    message: 'Here are the top products.',
    resultSummary: '1. **Sunglasses**',
    topic: 'order_items',
    omniChatUrl: 'https://acme.omniapp.co/chat/1',
    actions: [{ type: 'pick_topic', message: 'picked' }, ...results.map((result) => ({ type: 'generate_query', message: 'ran', result }))],
  });

  it('gives the digest of the parsed document for an ordinary result', async () => {
    await expectSameDigest(documentWith(queryResult(), queryResult({ status: 'error', csvResult: '', hasResults: false })));
    await expectSameDigest(documentWith(queryResult()), 2);
  });

  it("keeps why a query failed: the result's error, else the action's message", async () => {
    const failed = documentWith(queryResult({ status: 'error', csvResult: '', error: 'Field x does not exist' }), queryResult({ status: 'error', csvResult: '' }), queryResult());
    const digest = await fromFile(JSON.stringify(failed));
    expect(digest.queries.map((q) => q.failure)).toEqual(['Field x does not exist', 'ran', undefined]);
    expect(digest).toEqual(digestResult(failed));
  });

  it('keeps the first rows of a large csvResult and knows rows were cut, without reading it all into memory', async () => {
    const csv = `Name,Revenue\n${rows(400_000)}`;
    const digest = await fromFile(JSON.stringify(documentWith(queryResult({ csvResult: csv, totalRowCount: 400_000 }))));
    const query = digest.queries[0]!;
    expect(query.csvHead.split('\n')).toHaveLength(CsvHeadMaxRows + 1);
    expect(query.csvHeadWasCut).toBe(true);
    expect(query.totalRowCount).toBe(400_000);
    expect(digest).toEqual(digestResult(documentWith(queryResult({ csvResult: csv, totalRowCount: 400_000 }))));
  });

  it.each([
    ['rows cut, whitespace after them only', `a,b\n${rows(150)}\n${' '.repeat(100_000)}`],
    ['rows cut, whitespace then a row far beyond the head', `a,b\n${rows(150)}\n${' '.repeat(100_000)}z`],
    ['long rows: cut by size', `a,b\n${rows(60, 2_000)}`],
    ['exactly the rows limit, then whitespace and one character far beyond the head', `a,b\n${rows(100)}\n${' '.repeat(100_000)}z`],
    ['exactly the size limit plus one', 'x'.repeat(64 * 1024 + 1)],
    ['the size limit, then a line break', `${'x'.repeat(64 * 1024)}\n`],
    ['one record longer than the size limit', `a,b\n"${'q\n'.repeat(40_000)}"`],
    ['a quoted newline across the head', `a,b\n"x\ny",1\n${rows(120)}`],
    ['CRLF line ends', `a,b\r\n${rows(150).replace(/\n/g, '\r\n')}\r\n`],
  ])('matches the parsed digest for csvResult: %s', async (_, csv) => {
    await expectSameDigest(documentWith(queryResult({ csvResult: csv })));
  });

  it('drops a query object too large to show but keeps its fields, wherever they appear', async () => {
    const big = 'y'.repeat(20_000);
    for (const query of [
      { fields: ['a.b', 'c.d'], filters: { note: big } },
      { filters: { note: big }, fields: ['a.b', 7, 'c.d'] },
      { nested: [[big]], fields: 'not a list' },
      { many: Array.from({ length: 5_000 }, (_, index) => index) },
    ]) {
      const digest = await fromFile(JSON.stringify(documentWith(queryResult({ query }))));
      expect(digest.queries[0]!.query).toBeUndefined();
      expect(digest).toEqual(digestResult(documentWith(queryResult({ query }))));
    }
    await expectSameDigest(documentWith(queryResult({ query: { fields: ['a'], note: 'y'.repeat(16_000) } })));
  });

  it('reads duplicate members as JSON.parse does (the last one wins) and keeps __proto__ as data', async () => {
    const text = `{"message":"first","actions":[],"message":"second","actions":[{"result":{"queryName":"a","csvResult":"x\\ny","query":{"__proto__":{"polluted":true},"fields":["f"]},"query":{"fields":["g"]}}}]}`;
    expect(await fromFile(text)).toEqual(digestResult(JSON.parse(text)));
    const proto = `{"actions":[{"result":{"query":{"__proto__":{"polluted":true},"fields":["f"]}}}]}`;
    const digest = await fromFile(proto);
    expect(digest).toEqual(digestResult(JSON.parse(proto)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats values of unexpected types as digestResult does', async () => {
    const odd = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 40 }));
    const result = fc.record(
      {
        queryName: odd,
        status: fc.oneof(fc.constant('error'), odd),
        query: fc.oneof(fc.record({ fields: fc.oneof(fc.array(odd, { maxLength: 4 }), odd) }, { requiredKeys: [] }), odd),
        csvResult: fc.oneof(fc.string({ maxLength: 200, unit: fc.constantFrom('a', ',', '\n', '"', '\r', ' ', 'é') }), odd),
        csvResultWasTruncated: odd,
        hasResults: odd,
        totalRowCount: odd,
        other: odd,
      },
      { requiredKeys: [] },
    );
    const action = fc.oneof(fc.record({ type: fc.string(), result: fc.oneof(result, odd) }, { requiredKeys: [] }), odd);
    const document = fc.oneof(
      fc.record({ message: odd, resultSummary: odd, topic: odd, omniChatUrl: odd, actions: fc.oneof(fc.array(action, { maxLength: 4 }), odd), extra: odd }, { requiredKeys: [] }),
      odd,
    );
    await fc.assert(fc.asyncProperty(document, async (doc) => expectSameDigest(doc)), { numRuns: 200 });
  });

  it('fails on a document that is not JSON, as JSON.parse would', async () => {
    await expect(fromFile('')).rejects.toThrow(SyntaxError);
    await expect(fromFile('{"message": "cut short')).rejects.toThrow(SyntaxError);
    await expect(fromFile('<html>502 Bad Gateway</html>')).rejects.toThrow(SyntaxError);
  });

  it('decodes characters split between read chunks', async () => {
    const message = 'é😀'.repeat(200_000);
    const digest = await fromFile(JSON.stringify({ message }));
    expect(digest.message).toBe(message.slice(0, 512 * 1024));
  });
});
