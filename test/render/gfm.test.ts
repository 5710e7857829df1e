/**
 * What we write, read back as GitHub renders it (cmark-gfm with GitHub's extensions; Mermaid's
 * own parser for the charts): links that work, numbers that line up, no escapes on show, no HTML
 * or directive smuggled in, charts that cannot be broken by the labels in them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv.js';
import type { QueryDigest } from '../../src/omni/result-digest.js';
import { chartData, chartLabel, mermaidChart, plainNumber } from '../../src/render/chart.js';
import { escapeInline, escapeTableCell, markdownTable, sanitizeMarkdown } from '../../src/render/markdown.js';
import { compareChart, queryChart } from '../../src/render/parts.js';
import { findUrls } from '../../src/render/urls.js';
import { topProducts } from './fixtures.js';
import { checkRendered, renderGfm, renderProblems } from './gfm-check.js';
import { mermaidProblems, readChart } from './mermaid-check.js';

const Docs = 'https://docs.omni.co/docs/ai/topic_names';
const Shop = 'https://shop.example.com/item_1?ref=a_b';
const Team = 'https://x.io/@team/a';

describe('the rendering check', () => {
  it('catches what a reader would trip over', () => {
    const problems = (markdown: string) => checkRendered(markdown).problems;
    // The escaping issue 13 found: GitHub's autolinker takes the backslash into the link.
    expect(problems('See https://docs.omni.co/docs/ai/topic\\_names')).toEqual([expect.stringMatching(/link broken by escaping|goes to/)]);
    expect(problems('| a | n |\n| --- | --- |\n| x | 1,234.50 |')).toEqual(['numeric column "n" is not right-aligned']);
    expect(problems('| a | b |\n| --- | --- |\n| x | y | z |')).toEqual([expect.stringMatching(/^table row with 3 cells/)]);
    expect(problems('text <b>bold</b>')).toEqual(['raw HTML other than our details/summary']);
    expect(problems('<details><summary>x</summary>\n\nbody\n\n</details>')).toEqual([]);
    expect(problems('cc @octocat')).toEqual(['mention: "cc @octocat"']);
    expect(problems('```mermaid\n%%{init: {"theme": "dark"}}%%\nxychart-beta\n```')[0]).toMatch(/Mermaid directive/);
    expect(problems('a `code` b \\\\_')).toEqual([expect.stringMatching(/escape shown literally/)]);
    expect(checkRendered('no link here', { links: [Docs] }).problems).toEqual([expect.stringMatching(/^no link to/)]);
  });

  it("reads Mermaid's verdict: a label that escapes its string is caught", async () => {
    const good = 'xychart-beta\n    x-axis "k" ["a", "b"]\n    bar [1, 2.5]';
    expect(await mermaidProblems(good)).toEqual([]);
    expect((await mermaidProblems('xychart-beta\n    x-axis "k" ["a"b", "c"]\n    bar [1, 2]'))[0]).toMatch(/strict reading/);
    expect(() => readChart('xychart-beta\n    x-axis "k" ["a", "b"]\n    bar [1]')).toThrow(/1 values for 2 categories/);
  });
});

describe('links', () => {
  it('stay working links with the text Omni wrote, in messages, titles and cells', () => {
    const message = `Topic not found, see ${Docs}. Ask @octocat or the team page ${Team} (or www.shop.example.com/item_1?ref=a_b).`;
    const markdown = escapeInline(message);
    expect(markdown).toContain(`<${Docs}>`);
    const rendered = checkRendered(markdown, { links: [Docs, Team, 'http://www.shop.example.com/item_1?ref=a_b'] });
    expect(rendered.problems).toEqual([]);
    expect(rendered.html).toContain(`>${Team}</a>`);
    // Outside the address the mention is still defanged.
    expect(markdown).toContain('@\u2060octocat');

    const table = markdownTable(['Item', 'Link'], [['item_1', Shop], ['a|b', `${Team}|b`]]);
    expect(checkRendered(table, { links: [Shop, Team] }).problems).toEqual([]);
  });

  it('in an answer, keep an address with "@" or "#" whole, and still defang mentions around it', () => {
    const answer = `Docs: ${Docs} and ${Team}, [the page](https://x.io/@t/x_y), <https://x.io/@a>, anchors https://x.io/p#12. cc @octocat, see #3`;
    const markdown = sanitizeMarkdown(answer);
    expect(checkRendered(markdown, { links: [Docs, Team, 'https://x.io/@t/x_y', 'https://x.io/@a', 'https://x.io/p#12'] }).problems).toEqual([]);
    expect(markdown).toContain('@\u2060octocat');
    expect(markdown).toContain('#\u20603');
  });

  it('where GitHub would not link the address, a mention in it is still defanged', () => {
    for (const text of ['[https://x.io/@octocat', 'xhttps://x.io/@octocat', 'https://a.b_c.io/@octocat', '`https://x.io/`@octocat']) {
      expect(checkRendered(sanitizeMarkdown(text)).problems, text).toEqual([]);
    }
  });

  it('a table cell cut in the middle of an address does not link to half of it', () => {
    const cell = escapeTableCell(`see ${'https://x.io/'}${'a'.repeat(300)}`, 50);
    expect(cell).toBe('see …');
    expect(escapeTableCell(`https://x.io/${'a'.repeat(300)}`, 50)).toMatch(/^`https:\/\/x\.io\/a+…`$/);
  });

  it('addresses are found as GitHub finds them: not glued to a word, trailing punctuation and unbalanced ")" left out', () => {
    const spans = (text: string) => findUrls(text).map((s) => text.slice(s.start, s.end));
    expect(spans(`(see ${Docs}).`)).toEqual([Docs]);
    expect(spans('https://en.wikipedia.org/wiki/Pikachu_(Electric)), x')).toEqual(['https://en.wikipedia.org/wiki/Pikachu_(Electric)']);
    expect(spans('xhttps://a.io and https://a.io/q?x=1&amp; and "https://a.io/b"')).toEqual(['https://a.io/q?x=1', 'https://a.io/b']);
    expect(spans('www.localhost and https://a.b_c.io')).toEqual([]);
  });

  it('hold for any mix of addresses and hostile pieces (property)', () => {
    const pieces = ['https://x.io/', 'www.a.io/', 'http://a.b/', '@user', '@org/team', '#12', '_', '*', '~', '(', ')', '[', ']', '](', '\\', '`', '<', '>', '&amp;', ' ', '.', ',', 'a', '1', '|', '"', "'", '\n', '- ', '> ', '!'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        // A backslash the text itself holds is shown, and GitHub links it with an address it touches.
        const own = (p: string) => text.includes('\\') && (p.startsWith('escape shown literally') || /%5C/.test(p));
        for (const markdown of [escapeInline(text), sanitizeMarkdown(text), markdownTable(['h'], [[text]])]) {
          expect(checkRendered(markdown).problems.filter((p) => !own(p)), markdown).toEqual([]);
        }
      }),
      { numRuns: 1_500 },
    );
  });
});

describe('numbers', () => {
  it('numeric columns are right-aligned, with Omni\'s formatting of the values', () => {
    const table = markdownTable(['Name', 'Revenue', 'Share', 'Orders'], [['A', '$1,234.50', '12.5%', '(3)'], ['B', '—', '7%', '1,000']], {
      align: ['left', 'right', 'right', 'right'],
    });
    expect(table.split('\n')[1]).toBe('| --- | ---: | ---: | ---: |');
    expect(table).toContain('| A | \\$1,234.50 | 12.5% | \\(3\\) |');
    expect(checkRendered(table).problems).toEqual([]);
  });
});

describe('charts', () => {
  const digest = (csvHead: string, extra: Partial<QueryDigest> = {}): QueryDigest => ({ ...topProducts, csvHead, totalRowCount: csvHead.split('\n').length - 1, ...extra });

  it('one dimension and one measure: bars in the query\'s order, the data\'s own numbers', async () => {
    const chart = queryChart(topProducts);
    expect(chart).toBe(
      [
        '```mermaid',
        'xychart-beta horizontal',
        '    x-axis "Name" ["Ray-Ban Sunglasses", "Levi\'s 501", "Nike \'Air\' Max", "Casio F-91W", "Umbrella"]',
        '    y-axis "Total Revenue" 0 --> 678994.41',
        '    bar [678994.41, 512003.10, 401220.00, 98441.75, 12000.00]',
        '```',
      ].join('\n'),
    );
    expect(await renderProblems(chart)).toEqual([]);
  });

  it('a time dimension as a line; two measures as bars and a line, said under the chart', async () => {
    const monthly = queryChart(digest('Month,Revenue\n2024-01,100\n2024-02,120.5\n2024-03,90', { fields: ['orders.created_at[month]', 'x'] }));
    expect(monthly).toContain('    line [100, 120.5, 90]');
    const two = queryChart(digest('Region,Revenue,Orders\nWest,"1,000",10\nEast,900,12'));
    expect(two).toContain('    bar [1000, 900]\n    line [10, 12]');
    expect(two).toContain('_Chart: bars: Revenue, line: Orders._');
    expect(await renderProblems(`${monthly}\n\n${two}`)).toEqual([]);
  });

  it('none where a chart would mislead: two dimensions, a single value, text in a measure, no data', () => {
    expect(queryChart(digest('Region,Status,Orders\nWest,open,1\nEast,done,2'))).toBe('');
    expect(queryChart(digest('Orders\n320'))).toBe('');
    expect(queryChart(digest('Region,Orders\nWest,320'))).toBe('');
    expect(queryChart(digest('Orders,Revenue\n1,2\n3,4'))).toBe('');
    expect(queryChart(digest('Region,Orders\nWest,n/a\nEast,2'))).toBe('');
    expect(queryChart(digest('Region,Orders\nWest,\nEast,2'))).toBe('');
    expect(queryChart({ ...topProducts, status: 'error' })).toBe('');
  });

  it('more than 30 rows: the first 30, and says so', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => `P${i},${i}`);
    const chart = queryChart(digest(['Product,Units', ...rows].join('\n'), { totalRowCount: 1_000 }));
    expect(readChart(chart.split('\n').slice(1, -3).join('\n')).categories).toHaveLength(30);
    expect(chart).toContain('_Chart: the first 30 of 1,000 rows._');
    expect(await renderProblems(chart)).toEqual([]);
  });

  it('branch against shared: bars for the branch, a line for the shared model, rows matched by their label', async () => {
    const branch = digest('Product,Revenue\nA,10\nB,30\nC,20');
    const shared = digest('Product,Revenue\nB,25\nA,10\nC,21');
    const chart = compareChart(branch, shared);
    expect(chart).toContain('    bar [10, 30, 20]\n    line [10, 25, 21]');
    expect(chart).toContain('_Chart: bars: this branch, line: shared model._');
    expect(await renderProblems(chart)).toEqual([]);
    // A row only one side has would be a zero that is not in the data.
    expect(compareChart(branch, digest('Product,Revenue\nA,10\nB,30\nD,20'))).toBe('');
  });

  it('numbers as Mermaid reads them, digits as the data has them', () => {
    expect(['1,234.50', '$-12', '(1,000)', '12.5%', '1e3', '−4', 'abc'].map(plainNumber)).toEqual(['1234.50', '-12', '-1000', '12.5', '1000', '-4', undefined]);
  });

  it('no label from data or AI text can break the chart or configure Mermaid (property)', async () => {
    const hostile = ['"', '`', '%%', '%%{init: {"theme":"dark"}}%%', '}%%', '[', ']', '\n', '\n```\n', '#quot;', ';', ',', '<b>', '\\', '@octocat', ' ', 'a', 'é', '😀', '\u202e'];
    const label = fc.array(fc.constantFrom(...hostile), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
    const samples = fc.sample(fc.tuple(label, label, fc.array(label, { minLength: 2, maxLength: 5 })), { numRuns: 60, seed: 13 });
    for (const [dimension, measure, keys] of samples) {
      const unique = [...new Set(keys)];
      if (unique.length < 2) continue;
      const csv = parseCsv([[dimension, measure], ...unique.map((k, i) => [k, String(i * 1.5)])].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
      const data = chartData(csv);
      if (!data) continue;
      const chart = mermaidChart(data, { title: dimension });
      const { problems, mermaid } = checkRendered(chart);
      expect(problems, chart).toEqual([]);
      expect(mermaid).toHaveLength(1);
      expect(await mermaidProblems(mermaid[0]!), chart).toEqual([]);
      expect(readChart(mermaid[0]!).categories).toEqual(data.dimension.values.map((v) => chartLabel(v)));
    }
  });

  it('an AI-written Mermaid block cannot configure Mermaid', () => {
    const markdown = sanitizeMarkdown('```mermaid\n---\nconfig:\n  theme: dark\n---\n%%{init: {"securityLevel": "loose"}}%%\ngraph TD; A-->B\n```');
    expect(checkRendered(markdown).problems).toEqual([]);
    expect(renderGfm(markdown)).toContain('%% ---');
  });
});
