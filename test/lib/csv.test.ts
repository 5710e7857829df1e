import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines (RFC 4180)', () => {
    const csv = 'Name,Total Revenue,Note\r\n"Ray-Ban, Sunglasses","678,994.41","say ""hi"""\r\n"two\r\nlines",5,\r\n';
    expect(parseCsv(csv)).toEqual({
      header: ['Name', 'Total Revenue', 'Note'],
      rows: [
        ['Ray-Ban, Sunglasses', '678,994.41', 'say "hi"'],
        ['two\r\nlines', '5', ''],
      ],
      totalRows: 2,
      cut: false,
    });
  });

  it('accepts LF and CR line endings, a byte order mark, and no final newline', () => {
    expect(parseCsv('\ufeffa,b\n1,2\r3,4')).toMatchObject({ header: ['a', 'b'], rows: [['1', '2'], ['3', '4']], totalRows: 2 });
  });

  it('handles empty input, a header only, and empty fields', () => {
    expect(parseCsv('')).toEqual({ header: [], rows: [], totalRows: 0, cut: false });
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], rows: [], totalRows: 0, cut: false });
    expect(parseCsv('a,b,c\n,,\n""')).toMatchObject({ rows: [['', '', ''], ['']], totalRows: 2 });
  });

  it('is lenient with malformed quoting instead of failing', () => {
    expect(parseCsv('a,b\nx"y,"open\nstill open').rows).toEqual([['x"y', 'open\nstill open']]);
    expect(parseCsv('a\n"quoted"tail').rows).toEqual([['quotedtail']]);
  });

  it('keeps maxRows rows but counts them all', () => {
    const csv = ['n', ...Array.from({ length: 10_000 }, (_, i) => `"${i}\n"`)].join('\n');
    const parsed = parseCsv(csv, { maxRows: 3 });
    expect(parsed.rows).toEqual([['0\n'], ['1\n'], ['2\n']]);
    expect(parsed.totalRows).toBe(10_000);
    expect(parsed.cut).toBe(true);
    expect(parseCsv(csv, { maxRows: 0 })).toMatchObject({ header: ['n'], rows: [], totalRows: 10_000, cut: true });
  });
});

describe('parseCsv stopEarly', () => {
  it('stops after maxRows yet reports the cut', () => {
    expect(parseCsv('a\n1\n2\n3\n4', { maxRows: 2, stopEarly: true })).toEqual({ header: ['a'], rows: [['1'], ['2']], totalRows: 3, cut: true });
    expect(parseCsv('a\n1\n2\n', { maxRows: 2, stopEarly: true })).toEqual({ header: ['a'], rows: [['1'], ['2']], totalRows: 2, cut: false });
  });
});
