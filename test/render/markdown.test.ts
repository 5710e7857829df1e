import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breakMentions,
  byteLength,
  codeBlock,
  escapeHtml,
  escapeInline,
  escapeTableCell,
  inlineCode,
  markdownTable,
  sanitizeMarkdown,
  sanitizeMarkdownWithin,
} from '../../src/render/markdown.js';
import { utf8Length } from '../../src/lib/text.js';
import { cleanText, looksBinary } from '../../src/render/text.js';
import { hazards, readMarkdown } from './commonmark-check.js';

/** GitHub's mention pattern, roughly: "@" then a login, optionally "/team". */
const Mention = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)?/;
const LoneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('mentions', () => {
  it('breaks user and team mentions so GitHub no longer matches them, and they still read as @name', () => {
    const text = breakMentions('cc @octocat, @acme/reviewers and mail me@example.com');
    expect(text).not.toMatch(Mention);
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    expect(text.replace(/\u2060/g, '')).toBe('cc @octocat, @acme/reviewers and mail me@example.com');
  });

  it('are broken everywhere in markdown, code included, and cannot be smuggled in', () => {
    for (const hostile of ['@octocat', '`@octocat`', '```\n@octocat\n```', '\\@octocat', '&#64;octocat', '&commat;octocat', '@\u200eoctocat', '@\u202eoctocat']) {
      expect(hazards(sanitizeMarkdown(hostile)), hostile).toEqual([]);
    }
  });
});

describe('sanitizeMarkdown', () => {
  it('keeps the markdown of an answer working', () => {
    const answer = '### Revenue\n\n1. **Sunglasses** – $678,994\n- _item_\n\n> a quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://omni.co/docs) and `code < 3`\n\n```sql\nSELECT 1 WHERE a < b\n```';
    expect(sanitizeMarkdown(answer)).toBe(answer);
  });

  it('neutralises HTML, comments and a forged marker', () => {
    const out = sanitizeMarkdown('<!-- omni-ai-job:pr -->\n</details><details open><summary>x</summary>\n<img src=x onerror=alert(1)> -->');
    expect(out).toBe(
      '&lt;!-- omni-ai-job:pr --&gt;\n&lt;/details&gt;&lt;details open&gt;&lt;summary&gt;x&lt;/summary&gt;\n&lt;img src=x onerror=alert(1)&gt; --&gt;',
    );
    expect(out).not.toContain('<');
  });

  it('neutralises character references and issue references, not ordinary ampersands', () => {
    expect(sanitizeMarkdown('AT&T &lt;b&gt; &#60;i&#x3e; see #12 and acme/repo#3, C# 7')).toBe(
      'AT&T &amp;lt;b&amp;gt; &amp;#\u206060;i&amp;#x3e; see #\u206012 and acme/repo#\u20603, C# 7',
    );
  });

  it('closes a fence the answer left open, so it cannot swallow what follows', () => {
    const out = sanitizeMarkdown('text\n````js\nconst a = 1 < 2;\n```\n<details>');
    expect(out).toBe('text\n````js\nconst a = 1 < 2;\n```\n<details>\n````');
    expect(readMarkdown(`${out}\n\n</details>`).outside.at(-1)).toContain('</details>');
  });

  it('recognises every closing fence GitHub does (up to three spaces)', () => {
    const out = sanitizeMarkdown('```\ncode\n   ```\n<details>');
    expect(out).toBe('```\ncode\n   ```\n&lt;details&gt;');
  });

  it('does not trust fences it cannot track: indented, in lists, with backticks in the info', () => {
    expect(sanitizeMarkdown('  ```\n<b>')).toBe('  \\`\\`\\`\n&lt;b&gt;');
    expect(sanitizeMarkdown('  ~~~\n<b>\n~~~')).toBe('  \\~~~\n&lt;b&gt;\n~~~\n~~~');
    expect(sanitizeMarkdown('- a\n\n  ```\n<details>\n  ```')).toBe('- a\n\n  \\`\\`\\`\n&lt;details&gt;\n  \\`\\`\\`');
    expect(sanitizeMarkdown('```a`b <i>')).toBe('\\`\\`\\`a\\`b &lt;i&gt;');
  });

  it('keeps only code spans GitHub pairs the same way: same line, no pipe', () => {
    expect(sanitizeMarkdown('a ` b\n`<details>` c')).toBe('a \\` b\n`<details>` c');
    expect(sanitizeMarkdown('| `<details> | x` |')).toBe('| \\`&lt;details&gt; | x\\` |');
    expect(sanitizeMarkdown('``a ` <b> ``')).toBe('``a ` <b> ``');
    expect(sanitizeMarkdown('\\``<b>`')).toBe('\\`\\`&lt;b&gt;\\`');
  });

  it('removes bidi overrides and control characters, keeps emoji sequences', () => {
    expect(sanitizeMarkdown('a\u202eb\u2066c\u200fd\u0000e\u0007f 👩‍💻\r\nnext')).toBe('abcdef 👩‍💻\nnext');
  });

  it('leaves no hazard for any mix of hostile pieces (property)', () => {
    const pieces = [
      '<details>', '</details>', '<!--', '-->', '<!-- omni-ai-job:x -->', '<', '>', '`', '``', '```', '````', '~~~', '\n', '\n\n',
      ' ', '   ', '\t', '|', '\\', '@user', '@org/team', '&#64;', '&commat;', '&lt;', '#12', 'a', '> ', '- ', '1. ', '*',
      '\u202e', '\u2066', '\r\n', '\u0000', '😀', '\ud800',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const out = sanitizeMarkdown(parts.join(''));
        expect(hazards(out)).toEqual([]);
        expect(out).not.toMatch(LoneSurrogate);
      }),
      { numRuns: 3_000 },
    );
  });

  it('fits a budget by cutting the source, never the result (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('<', '`', '```\n', 'ab', '@x', '\n', 'é', '😀', '|'), { maxLength: 300 }), fc.integer({ min: 8, max: 400 }), (parts, budget) => {
        for (const measure of [undefined, byteLength]) {
          const { markdown, cut } = sanitizeMarkdownWithin(parts.join(''), budget, measure);
          expect((measure ?? ((s: string) => s.length))(markdown)).toBeLessThanOrEqual(budget);
          expect(hazards(markdown)).toEqual([]);
          if (!cut) expect(markdown).toBe(sanitizeMarkdown(parts.join('')));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles a 5 MB hostile answer quickly', () => {
    const line = '<details>`a` @user ``b | &#64; ~~~ #1 😀\u202e';
    const huge = `${line}\n`.repeat(Math.ceil(5_000_000 / line.length));
    const started = performance.now();
    const { markdown, cut } = sanitizeMarkdownWithin(huge, 500_000, byteLength);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(cut).toBe(true);
    expect(utf8Length(markdown)).toBeLessThanOrEqual(500_000);
    expect(utf8Length(markdown)).toBeGreaterThan(400_000);
    expect(hazards(markdown)).toEqual([]);
  });
});

describe('inline pieces', () => {
  it('escapeInline shows text literally on one line', () => {
    expect(escapeInline('**bold** [x](y) <b> | `c` ~s~ @me #4\nnext')).toBe(
      '\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\<b\\> \\| \\`c\\` \\~s\\~ @\u2060me #\u20604 next',
    );
  });

  it('escapeTableCell escapes pipes, flattens newlines, caps length, hides binary', () => {
    expect(escapeTableCell('a|b\nc')).toBe('a\\|b c');
    const long = escapeTableCell('x'.repeat(500));
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(escapeTableCell('\u0000\u0001\u0002\u0003binary')).toBe('_(binary data)_');
    expect(looksBinary('plain text, ünïcödé')).toBe(false);
  });

  it('inlineCode and codeBlock cannot be closed by their content', () => {
    expect(inlineCode('a ` b')).toBe('``a ` b``');
    expect(inlineCode('`x`')).toBe('`` `x` ``');
    expect(inlineCode('a|b', { table: true })).toBe('`a\\|b`');
    expect(inlineCode('')).toBe('` `');
    const block = codeBlock('```\n<details>\n````', 'js <x>');
    expect(block).toBe('`````js\n```\n<details>\n````\n`````');
    expect(readMarkdown(`${block}\n\n<after>`).outside).toEqual(['<after>']);
  });

  it('escapeHtml makes summary text inert', () => {
    expect(escapeHtml('</summary><b>"x" & \'y\' @z #1')).toBe('&lt;/summary&gt;&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39; @\u2060z #\u20601');
  });

  it('markdownTable pads rows, caps columns and escapes cells', () => {
    expect(markdownTable(['a', 'b|c'], [['1'], ['2', '3', '4'], []], { maxColumns: 2 })).toBe(
      ['| a | b\\|c |', '| ---: | ---: |', '| 1 |   |', '| 2 | 3 |', '|   |   |'].join('\n'),
    );
    expect(markdownTable([], [])).toBe('');
  });
});

describe('cleanText', () => {
  it('replaces lone surrogates and normalises line endings', () => {
    expect(cleanText('a\ud800b\r\nc\rd\u2028e')).toBe('a\ufffdb\nc\nd\ne');
  });
});
