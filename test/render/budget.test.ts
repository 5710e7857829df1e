import { describe, expect, it } from 'vitest';
import { fitToBudget } from '../../src/render/budget.js';
import { byteLength, charLength } from '../../src/render/markdown.js';
import { utf8Length } from '../../src/lib/text.js';

const chars = (budget: number) => ({ measure: charLength, budget });
const note = (omitted: number, shrunk: number): string => `NOTE ${omitted}/${shrunk}`;

describe('fitToBudget', () => {
  it('keeps everything that fits, without a note', () => {
    expect(fitToBudget([{ text: 'a', required: true }, { text: 'b' }], chars(100), note)).toEqual({ text: 'a\n\nb', omitted: 0, shrunk: 0 });
  });

  it('keeps required sections in place, shrinks or leaves out the rest, and says so', () => {
    const result = fitToBudget(
      [
        { text: 'HEAD', required: true },
        { text: 'x'.repeat(30), shrink: (room) => 'x'.repeat(Math.min(room, 10)) },
        { text: 'y'.repeat(30) },
        { text: 'FOOT', required: true },
      ],
      chars(40),
      note,
    );
    expect(result).toEqual({ text: `HEAD\n\n${'x'.repeat(10)}\n\nFOOT\n\nNOTE 1/1`, omitted: 1, shrunk: 1 });
    expect(result.text.length).toBeLessThanOrEqual(40);
  });

  it('drops a shrink that returns too much or nothing', () => {
    const result = fitToBudget([{ text: 'z'.repeat(50), shrink: () => 'z'.repeat(49) }, { text: 'q'.repeat(50), shrink: () => '' }], chars(30));
    expect(result).toEqual({ text: '', omitted: 2, shrunk: 0 });
  });

  it('always stays within budget, in bytes too, even when required sections alone do not fit', () => {
    const result = fitToBudget([{ text: '😀'.repeat(100), required: true }, { text: 'b' }], { measure: byteLength, budget: 50 }, note);
    expect(utf8Length(result.text)).toBeLessThanOrEqual(50);
    expect(fitToBudget([{ text: 'x'.repeat(100), required: true }], chars(10)).text).toHaveLength(10);
  });
});
