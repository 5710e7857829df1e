import { describe, expect, it } from 'vitest';
import { parseNumber, selectQuery } from '../../src/suite/cells.js';
import { allPassed, evaluate } from '../../src/suite/expectations.js';
import { parsePromptsFile } from '../../src/suite/prompts-file.js';
import type { Expectations } from '../../src/suite/suite.js';
import { cancelled, complete, failed, query, timedOut } from './support/outcomes.js';
import type { CompleteOutcome } from '../../src/job/outcome.js';

/** Expectations as the prompts file would give them (so the tests use the file's syntax). */
function expectations(yaml: string): { expect: Expectations } {
  const suite = parsePromptsFile(`cases:\n  - id: a\n    prompt: p\n    expect:\n${yaml.replace(/^/gm, '      ')}\n`, 'p.yml');
  return suite.cases[0]!;
}

const summary = (results: ReturnType<typeof evaluate>) => results.map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.name}: ${r.message}`);

describe('evaluate', () => {
  it('expects COMPLETE when the case says nothing', () => {
    expect(summary(evaluate(expectations(''), complete()))).toEqual(['PASS state COMPLETE: the job ended COMPLETE']);
    expect(summary(evaluate(expectations(''), failed('No field matches "margin"')))).toEqual([
      'FAIL state COMPLETE: the job ended FAILED, expected COMPLETE: No field matches "margin"',
    ]);
    expect(summary(evaluate(expectations(''), timedOut()))).toEqual(['FAIL state COMPLETE: the job ended TIMEOUT, expected COMPLETE after 600 s (last state EXECUTING)']);
    expect(summary(evaluate(expectations(''), cancelled()))).toEqual(['FAIL state COMPLETE: the job ended CANCELLED, expected COMPLETE (the workflow run was cancelled)']);
  });

  it('accepts any of the states listed', () => {
    expect(allPassed(evaluate(expectations('state: [COMPLETE, FAILED]'), failed()))).toBe(true);
    expect(allPassed(evaluate(expectations('state: FAILED'), complete()))).toBe(false);
  });

  it('finds text ignoring case and spacing, in the summary or the final message', () => {
    const outcome = complete('Top products:\n\n1. **Sunglasses**   —  $1,234.50', [query()], {
      result: { message: 'The full answer mentions Hats too.', queries: [query()] },
    });
    expect(summary(evaluate(expectations('contains: ["sunglasses** — $1,234", "HATS"]\nnotContains: [error, "$1,234.50"]'), outcome))).toEqual([
      'PASS state COMPLETE: the job ended COMPLETE',
      'PASS contains "sunglasses** — $1,234": the answer contains "sunglasses** — $1,234"',
      'PASS contains "HATS": the answer contains "HATS"',
      'PASS notContains "error": the answer does not contain "error"',
      'FAIL notContains "$1,234.50": the answer contains "$1,234.50": "Top products: 1. **Sunglasses** — $1,234.50"',
    ]);
  });

  it('matches regular expressions, and says what matched', () => {
    const results = evaluate(expectations("matches: ['\\$[0-9,]+', '/^top/i']\nnotMatches: '(?i:sorry|cannot)'"), complete('Top: $1,234.50'));
    expect(summary(results).slice(1)).toEqual([
      'PASS matches /\\$[0-9,]+/: the answer matches: "$1,234"',
      'PASS matches /^top/i: the answer matches: "Top"',
      'PASS notMatches /(?i:sorry|cannot)/: the answer does not match /(?i:sorry|cannot)/',
    ]);
    expect(summary(evaluate(expectations("notMatches: '[0-9]+'"), complete('Top: $1,234.50')))[1]).toBe('FAIL notMatches /[0-9]+/: the answer matches /[0-9]+/: "1"');
  });

  it('reads the error of a FAILED job as its text, so a refusal can be expected', () => {
    const results = evaluate(expectations('state: FAILED\ncontains: not permitted'), failed('Topic access not permitted'));
    expect(allPassed(results)).toBe(true);
  });

  it('fails text expectations of a job without an answer, saying why', () => {
    expect(summary(evaluate(expectations('contains: x\nnotContains: y'), timedOut())).slice(1)).toEqual([
      'FAIL contains "x": no answer to read: the job ended TIMEOUT',
      'FAIL notContains "y": no answer to read: the job ended TIMEOUT',
    ]);
  });

  it('checks the topic Omni used', () => {
    expect(summary(evaluate(expectations('topic: order_items'), complete()))[1]).toBe('PASS topic order_items: the answer used topic order_items');
    expect(summary(evaluate(expectations('topic: users'), complete()))[1]).toBe('FAIL topic users: the answer used topic order_items, expected users');
    expect(summary(evaluate(expectations('topic: users'), failed()))[1]).toBe('FAIL topic users: Omni reported no topic (the job ended FAILED)');
  });

  it('checks the fields the generated queries use (any of them)', () => {
    const outcome = complete('a', [query(), query({ fields: ['users.region'] })]);
    expect(summary(evaluate(expectations('fields: [products.name, users.region]'), outcome))[1]).toBe('PASS fields: the queries use products.name, users.region');
    expect(summary(evaluate(expectations('fields: [products.name, orders.count, x.y]'), outcome))[1]).toBe(
      'FAIL fields: the queries do not use orders.count, x.y (fields used: products.name, order_items.total_revenue, users.region)',
    );
  });

  it('checks the row count of the query the answer rests on', () => {
    expect(summary(evaluate(expectations('rowCount: 3'), complete()))[1]).toBe('PASS rowCount 3: Top 5 Products by Total Revenue: 3 rows');
    expect(summary(evaluate(expectations('rowCount: { min: 5 }'), complete()))[1]).toBe('FAIL rowCount ≥ 5: Top 5 Products by Total Revenue: 3 rows, expected at least 5');
    expect(summary(evaluate(expectations('rowCount: { max: 2 }'), complete()))[1]).toBe('FAIL rowCount ≤ 2: Top 5 Products by Total Revenue: 3 rows, expected at most 2');
    expect(summary(evaluate(expectations('rowCount: { min: 1, max: 2 }'), complete()))[1]).toBe('FAIL rowCount 1–2: Top 5 Products by Total Revenue: 3 rows, expected between 1 and 2');
  });

  it('checks a value in the data, reading numbers as Omni formats them', () => {
    const values = [
      '- { column: Total Revenue, min: 1000, max: 2000 }',
      '- { column: total revenue, row: 1, equals: 980 }',
      '- { column: 1, row: 2, max: 100 }',
      '- { column: Product, row: 0, equals: SUNGLASSES }',
      '- { column: Total Revenue, row: 0, min: 2000 }',
      '- { column: Margin, min: 1 }',
      '- { column: Product, row: 9, min: 1 }',
      '- { column: Product, min: 1 }',
    ];
    expect(summary(evaluate(expectations(`value:\n${values.map((v) => `  ${v}`).join('\n')}`), complete())).slice(1)).toEqual([
      'PASS value Total Revenue[0]: Total Revenue in row 1 is "1,234.50"',
      'PASS value total revenue[1]: Total Revenue in row 2 is "980"',
      'PASS value 1[2]: Total Revenue in row 3 is "$75"',
      'PASS value Product[0]: Product in row 1 is "Sunglasses"',
      'FAIL value Total Revenue[0]: Total Revenue in row 1 is "1,234.50", expected at least 2,000',
      'FAIL value Margin[0]: Top 5 Products by Total Revenue has no column \'Margin\'; columns: Product, Total Revenue',
      'FAIL value Product[9]: Top 5 Products by Total Revenue has no row 10 (index 9 counts from 0) among the 3 rows fetched',
      'FAIL value Product[0]: Product in row 1 is "Sunglasses", not a number',
    ]);
  });

  it('fails data expectations when the data could not be fetched, saying why', () => {
    const { result: _absent, ...withoutResult } = complete('answer', [], { resultError: 'Omni has no result for job x (404)' });
    const outcome: CompleteOutcome = withoutResult;
    expect(summary(evaluate(expectations('rowCount: 1\nfields: [a]'), outcome)).slice(1)).toEqual([
      'FAIL fields: no data to read: the result could not be fetched (Omni has no result for job x (404))',
      'FAIL rowCount 1: no data to read: the result could not be fetched (Omni has no result for job x (404))',
    ]);
    expect(summary(evaluate(expectations('rowCount: 1'), complete('no queries', [])))[1]).toBe('FAIL rowCount 1: the answer ran no query');
  });

  it('reads the query named or numbered by `query`', () => {
    const outcome = complete('a', [query({ name: 'First', totalRowCount: 1 }), query({ name: 'Second', totalRowCount: 2 })]);
    expect(evaluate(expectations('rowCount: 1\nquery: first'), outcome)[1]!.passed).toBe(true);
    expect(evaluate(expectations('rowCount: 1\nquery: 0'), outcome)[1]!.passed).toBe(true);
    expect(evaluate(expectations('rowCount: 2'), outcome)[1]!.passed).toBe(true);
    expect(summary(evaluate(expectations('rowCount: 1\nquery: 5'), outcome))[1]).toBe('FAIL rowCount 1: there is no query 5 (the answer ran 2, counted from 0)');
    expect(summary(evaluate(expectations('rowCount: 1\nquery: Third'), outcome))[1]).toBe("FAIL rowCount 1: no query is named 'Third' ('First', 'Second')");
  });
});

describe('selectQuery', () => {
  it('defaults to the last query that returned data', () => {
    const queries = [query({ name: 'a' }), query({ name: 'b' }), query({ name: 'c', status: 'error', csvHead: '' })];
    expect(selectQuery(queries).query?.name).toBe('b');
    expect(selectQuery([query({ name: 'x', status: 'error', csvHead: '' })]).query?.name).toBe('x');
  });

  it('passes over a last query that returned only a header: no rows is no data', () => {
    const headerOnly = query({ name: 'Returns', hasResults: false, totalRowCount: 0, csvHead: 'Product,Returned Items' });
    expect(selectQuery([query({ name: 'Revenue' }), headerOnly]).query?.name).toBe('Revenue');
    const outcome = complete('a', [query({ name: 'Revenue' }), headerOnly]);
    const results = evaluate(expectations('rowCount: 3\nvalue: { column: Total Revenue, min: 1000 }'), outcome);
    expect(summary(results).slice(1)).toEqual(['PASS rowCount 3: Revenue: 3 rows', 'PASS value Total Revenue[0]: Total Revenue in row 1 is "1,234.50"']);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1234', 1234],
    ['1,234.50', 1234.5],
    ['$1,234', 1234],
    ['-$1,234.5', -1234.5],
    ['$-12', -12],
    ['(1,234)', -1234],
    ['12.5%', 12.5],
    ['€ 99', 99],
    ['1 234', 1234],
    ['+7', 7],
    ['.5', 0.5],
    ['1e3', 1000],
    ['−3', -3],
  ])('%s → %d', (cell, value) => {
    expect(parseNumber(cell)).toBe(value);
  });

  it.each(['', 'abc', '1,2', '12,34.5', '2024-01-31', '1.2.3', '$', 'N/A', '1,234,56'])('%j is not a number', (cell) => {
    expect(parseNumber(cell)).toBeUndefined();
  });
});
