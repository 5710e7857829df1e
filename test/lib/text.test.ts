import { describe, expect, it } from 'vitest';
import { oneLine, truncateText, truncateUtf8, utf8Length, utf8Prefix } from '../../src/lib/text.js';

const LoneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('truncateText', () => {
  it('keeps within maxChars, the ellipsis included, and never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(10);
    for (let max = 0; max <= 21; max += 1) {
      const cut = truncateText(emoji, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LoneSurrogate);
    }
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdef', 4)).toBe('abc…');
  });
});

describe('truncateUtf8 and utf8Prefix', () => {
  it('count bytes and never split a character', () => {
    const text = 'aé😀中'.repeat(1000);
    for (const max of [0, 1, 2, 3, 4, 5, 7, 10, 100, 9_999]) {
      const prefix = utf8Prefix(text, max);
      expect(utf8Length(prefix)).toBeLessThanOrEqual(max);
      expect(text.startsWith(prefix)).toBe(true);
      expect(prefix).not.toMatch(LoneSurrogate);
      expect(utf8Length(truncateUtf8(text, max))).toBeLessThanOrEqual(max);
    }
    expect(utf8Prefix('é😀', 5)).toBe('é');
    expect(utf8Prefix('é😀', 6)).toBe('é😀');
  });
});

describe('oneLine', () => {
  it('folds each run holding a line break, tab or control into one space and trims the ends', () => {
    expect(oneLine('  first\r\n\n  second\tthird\u0000\u001b[31m end \n')).toBe('first second third [31m end');
    expect(oneLine('a\u2028b\u2029c\u0085d\u00a0e')).toBe('a b c d e');
  });

  it('leaves no line on which the runner could read a workflow command', () => {
    const flat = oneLine('Omni says:\n::add-mask::x\r::error::boom\u2028::warning::w');
    expect(flat).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(flat).toBe('Omni says: ::add-mask::x ::error::boom ::warning::w');
  });

  it('drops direction marks that could make the line read differently', () => {
    expect(oneLine('admin\u202e\u2066txt.exe\u2069\u200f')).toBe('admin txt.exe');
  });

  it('keeps plain spaces, so a doubled space in a value still shows', () => {
    expect(oneLine('main  branch')).toBe('main  branch');
    expect(oneLine('a  \n  b')).toBe('a b');
  });

  it('cuts to maxChars with the ellipsis and never splits a surrogate pair', () => {
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
    expect(oneLine('x'.repeat(5), 5)).toBe('xxxxx');
    for (let max = 1; max <= 12; max += 1) {
      const cut = oneLine('a😀\n'.repeat(10), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LoneSurrogate);
    }
  });

  it('stays linear on long runs of spaces', () => {
    const text = `a${' '.repeat(200_000)}\nb${' '.repeat(200_000)}c`;
    expect(oneLine(text, 10)).toBe(`a b${' '.repeat(6)}…`);
  });
});
