import { describe, expect, it } from 'vitest';
import { compareOutcomes } from '../../src/suite/compare.js';
import { complete, failed, query } from './support/outcomes.js';

describe('compareOutcomes', () => {
  it('sees no change when answer, queries and data agree (case, spacing and emphasis aside)', () => {
    const diff = compareOutcomes(complete('**Revenue**:  $1,234'), complete('revenue: $1,234'));
    expect(diff).toMatchObject({ changed: false, summary: '', answer: { status: 'same' }, query: { status: 'same' }, data: { status: 'same' } });
  });

  it('does not count a rewording with the same numbers as a change', () => {
    const diff = compareOutcomes(complete('Sunglasses sold $1,234 in total.'), complete('In total, Sunglasses brought in $1,234.'));
    expect(diff.changed).toBe(false);
    expect(diff.answer.status).toBe('reworded');
    expect(diff.answer.detail).toMatch(/^same numbers, worded differently \(\d+% of words in common\)$/);
  });

  it('names the numbers that changed in the answer, place by place', () => {
    const diff = compareOutcomes(complete('1. A — $1,100\n2. B — $900'), complete('1. A — $1,234\n2. B — $900'));
    expect(diff.answer).toMatchObject({ status: 'changed', detail: '$1,234 → $1,100', headline: '$1,234 → $1,100' });
    expect(diff.summary).toBe('answer: $1,234 → $1,100');
    const reshaped = compareOutcomes(complete('Total $5 for 2 items'), complete('Total $5'));
    expect(reshaped.answer.detail).toBe('+2');
  });

  it('describes a changed query: fields added and removed, other keys changed', () => {
    const shared = query();
    const branch = query({
      fields: ['products.name', 'order_items.net_revenue'],
      query: { ...shared.query, fields: ['products.name', 'order_items.net_revenue'], limit: 10, filters: { 'orders.status': 'complete' }, modelId: 'other' },
    });
    const diff = compareOutcomes(complete('a', [branch]), complete('a', [shared]));
    expect(diff.query).toMatchObject({
      status: 'changed',
      detail: 'fields +order_items.net_revenue −order_items.total_revenue, filters changed, limit 5 → 10',
    });
    // modelId differs between branch and shared by design: not a change.
    expect(diff.query.detail).not.toContain('modelId');
    expect(diff.changed).toBe(true);
  });

  it('matches rows by their key column and names the cells that changed', () => {
    const shared = query({ csvHead: 'Product,Total Revenue\nSunglasses,"1,234.50"\nJeans,980\nHats,10' });
    const branch = query({ csvHead: 'Product,Total Revenue\nJeans,980\nSunglasses,"1,100.00"\nBoots,12' });
    const diff = compareOutcomes(complete('a', [branch]), complete('a', [shared]));
    expect(diff.data.status).toBe('changed');
    expect(diff.data.detail).toBe('rows +Boots −Hats, Sunglasses Total Revenue 1,234.50 → 1,100.00');
    expect(diff.summary).toBe('data: rows +Boots −Hats and 1 more change');
  });

  it('compares numbers as numbers: "1,234" and "1234.00" are the same cell', () => {
    const diff = compareOutcomes(complete('a', [query({ csvHead: 'Total\n1234.00' })]), complete('a', [query({ csvHead: 'Total\n"1,234"' })]));
    expect(diff.data.status).toBe('same');
  });

  it('notices new columns, new rows and row counts', () => {
    const shared = query({ csvHead: 'Month,Revenue\n2024-01,10\n2024-02,20', totalRowCount: 2 });
    const branch = query({ csvHead: 'Month,Revenue,Margin\n2024-01,10,1\n2024-02,25,2\n2024-03,30,3', totalRowCount: 3 });
    const diff = compareOutcomes(complete('a', [branch]), complete('a', [shared]));
    expect(diff.data.detail).toBe('2 → 3 rows, columns +Margin, rows +2024-03, 2024-02 Revenue 20 → 25');
  });

  it('compares rows by position when the first column is no key (numbers, repeats)', () => {
    const shared = query({ csvHead: 'Count,Status\n3,open\n3,closed' });
    const branch = query({ csvHead: 'Count,Status\n3,open\n4,closed' });
    const diff = compareOutcomes(complete('a', [branch]), complete('a', [shared]));
    expect(diff.data.detail).toBe('row 1 Count 3 → 4');
  });

  it('says what was not compared when a side has no answer', () => {
    const diff = compareOutcomes(complete(), failed());
    expect(diff.state).toEqual({ branch: 'COMPLETE', shared: 'FAILED', changed: true });
    expect(diff.changed).toBe(true);
    expect(diff.answer).toMatchObject({ status: 'changed', detail: 'no answer on the shared model (FAILED)' });
    expect(diff.data).toMatchObject({ status: 'unknown', detail: 'not compared: shared FAILED' });
    expect(diff.summary).toBe('state FAILED → COMPLETE');
  });

  it('counts a different number of queries as a change', () => {
    const diff = compareOutcomes(complete('a', [query(), query({ name: 'Second' })]), complete('a', [query()]));
    expect(diff.query.headline).toBe('1 → 2 queries');
    expect(diff.data.headline).toBe('1 → 2 result tables');
  });
});
