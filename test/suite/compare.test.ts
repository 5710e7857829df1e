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

  it('names the numbers that changed in the answer, with what they are about', () => {
    const diff = compareOutcomes(complete('1. A — $1,100\n2. B — $900'), complete('1. A — $1,234\n2. B — $900'));
    expect(diff.answer).toMatchObject({ status: 'changed', detail: 'A $1,234 → $1,100', headline: 'A $1,234 → $1,100' });
    expect(diff.answer.numbers).toEqual([{ before: 'A', after: '', shared: '$1,234', branch: '$1,100' }]);
    expect(diff.summary).toBe('answer: A $1,234 → $1,100');
    const reshaped = compareOutcomes(complete('Total $5 for 2 items'), complete('Total $5'));
    expect(reshaped.answer.detail).toBe('+2 (Total $5 for … items)');
  });

  it('counts the same numbers in another order or wording as reworded, not as a change', () => {
    const diff = compareOutcomes(complete('320 orders for 2024.'), complete('In 2024 there were 320 orders.'));
    expect(diff.answer.status).toBe('reworded');
    expect(diff.changed).toBe(false);
    expect(diff.summary).toBe('');
  });

  it('pairs numbers by what they are about when a ranking changes order, never by position', () => {
    const shared = complete('Top brands:\n\n1. **J.Crew** — $5,017.20\n2. **Carhartt** — $4,087.70\n3. **Levi’s** — $3,000.00');
    const branch = complete('Top brands:\n\n1. **Carhartt** — $4,500.00\n2. **J.Crew** — $4,087.70\n3. **Levi’s** — $3,000.00');
    const diff = compareOutcomes(branch, shared);
    expect(diff.answer.status).toBe('changed');
    expect(diff.answer.numbers).toEqual([
      { before: 'J.Crew', after: '', shared: '$5,017.20', branch: '$4,087.70' },
      { before: 'Carhartt', after: '', shared: '$4,087.70', branch: '$4,500.00' },
    ]);
    expect(diff.answer.detail).toBe('J.Crew $5,017.20 → $4,087.70, Carhartt $4,087.70 → $4,500.00');
  });

  it('shows numbers it cannot tie to one thing on their side alone, each once', () => {
    // The same words around two numbers: which is which cannot be told, so nothing is paired.
    const diff = compareOutcomes(complete('Revenue: $10. Revenue: $10. Revenue: $12.'), complete('Revenue: $10. Revenue: $10. Revenue: $11.'));
    expect(diff.answer.numbers).toEqual([
      { before: 'Revenue', after: '', shared: '$11' },
      { before: 'Revenue', after: '', branch: '$12' },
    ]);
    expect(diff.answer.detail).toBe('−$11 (Revenue), +$12 (Revenue)');
    // Reworded sentences pair nothing either: "J.Crew led" and "Carhartt led" are not one thing.
    const led = compareOutcomes(complete('Carhartt led with $4,500, followed by J.Crew at $4,087.'), complete('J.Crew led with $5,017, followed by Carhartt at $4,087.'));
    expect(led.answer.numbers.filter((n) => n.shared !== undefined && n.branch !== undefined)).toEqual([]);
    expect(led.answer.detail).toBe('−$5,017 (J.Crew led with … followed by Carhartt), +$4,500 (Carhartt led with … followed by J.Crew)');
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
    // Keyed by row, for a table of row, column, shared, branch, Δ and Δ%.
    expect(diff.data.tables).toEqual([
      {
        query: 1,
        name: 'Top 5 Products by Total Revenue',
        columnsAdded: [],
        columnsRemoved: [],
        matchedBy: 'key',
        rowsAdded: ['Boots'],
        rowsRemoved: ['Hats'],
        cells: [{ row: 'Sunglasses', column: 'Total Revenue', shared: '1,234.50', branch: '1,100.00', delta: 1_100 - 1_234.5, deltaPercent: (100 * (1_100 - 1_234.5)) / 1_234.5 }],
      },
    ]);
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
    expect(diff.data.detail).toBe('row 2 Count 3 → 4');
    expect(diff.data.tables[0]).toMatchObject({ matchedBy: 'position', cells: [{ row: 'row 2', column: 'Count', shared: '3', branch: '4', delta: 1 }] });
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
