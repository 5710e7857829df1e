import { describe, expect, it } from 'vitest';
import type { CompleteOutcome } from '../../src/job/outcome.js';
import { boundOutcome } from '../../src/suite/report.js';
import { complete, query } from './support/outcomes.js';

describe('boundOutcome', () => {
  it('keeps a report small: long texts cut, at most 5 queries of 20 rows, large query objects dropped', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `row ${i},${i}`).join('\n');
    const long = 'x'.repeat(50_000);
    const outcome = complete(long, Array.from({ length: 8 }, () => query({ csvHead: `Name,Value\n${rows}`, query: { big: 'y'.repeat(10_000) } })));
    const bounded = boundOutcome(outcome) as CompleteOutcome;
    expect(bounded.resultSummary.length).toBe(8_000);
    expect(bounded.result!.message!.length).toBe(8_000);
    expect(bounded.result!.queries).toHaveLength(5);
    const first = bounded.result!.queries[0]!;
    expect(first.csvHead.split('\n')).toHaveLength(21);
    expect(first.csvHeadWasCut).toBe(true);
    expect(first.query).toBeUndefined();
    expect(JSON.stringify(bounded).length).toBeLessThan(40_000);
    // The original is untouched (expectations and the diff read it whole).
    expect((outcome.result!.queries[0]!.csvHead.match(/\n/g) ?? []).length).toBe(200);
  });
});
