import { describe, expect, it } from 'vitest';
import { BudgetWindowMs, RequestBudget } from '../../src/omni/request-budget.js';
import { SimClock } from '../support/sim-clock.js';

describe('RequestBudget', () => {
  it('never lets more than perMinute requests start in any window, a little longer than Omni’s minute', async () => {
    expect(BudgetWindowMs).toBeGreaterThan(60_000);
    const clock = new SimClock();
    const budget = new RequestBudget(10, clock);
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 35 }, () => budget.take().then(() => starts.push(clock.now()))));
    await clock.run(all);
    expect(starts).toHaveLength(35);
    for (let i = 10; i < starts.length; i++) expect(starts[i]! - starts[i - 10]!).toBeGreaterThanOrEqual(BudgetWindowMs);
    expect(starts.at(-1)).toBe(3 * BudgetWindowMs);
  });

  it('lets a caller that gives up leave without blocking the rest', async () => {
    const clock = new SimClock();
    const budget = new RequestBudget(1, clock);
    await budget.take();
    const controller = new AbortController();
    const abandoned = budget.take(controller.signal);
    const next = budget.take();
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    await clock.run(next);
    expect(clock.now()).toBe(BudgetWindowMs);
  });

  it('rejects a budget that is not a positive whole number', () => {
    expect(() => new RequestBudget(0, new SimClock())).toThrow(RangeError);
  });
});
