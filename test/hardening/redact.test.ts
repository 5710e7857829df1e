import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { escapeHtml, escapeInline, escapeTableCell, inlineCode, sanitizeMarkdown } from '../../src/render/markdown.js';
import { forgetSecrets, redact, redactDeep, redactingStream, registerSecret } from '../../src/lib/secrets.js';

const Key = 'omni_org_live_0123456789abcdef';
const Odd = 'whs_Hard*ening@Secret#1<&>"x\'';

/**
 * Registers a secret and returns the workflow commands it wrote to stdout (core.setSecret's
 * ::add-mask::). Captured, not printed: in the test output they would be noise, and on a real
 * runner they would be commands.
 */
function register(value: string): string[] {
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    registerSecret(value);
  } finally {
    write.mockRestore();
  }
  return written.join('').split(/\r?\n/).filter(Boolean);
}

beforeEach(() => {
  forgetSecrets();
  register(Key);
  register(Odd);
});

describe('redact', () => {
  it.each([
    ['escapeInline', escapeInline],
    ['escapeTableCell', (s: string) => escapeTableCell(s, 10_000)],
    ['escapeHtml', escapeHtml],
    ['inlineCode', (s: string) => inlineCode(s)],
    ['sanitizeMarkdown', sanitizeMarkdown],
  ])('finds secrets after %s escaped them', (_name, escape) => {
    for (const secret of [Key, Odd]) {
      const shown = escape(`before ${secret} after`);
      expect(redact(shown)).not.toContain(secret.slice(0, 8));
      expect(redact(shown)).toMatch(/before \*\*\* after/);
    }
  });

  it('tells the runner to mask each secret', () => {
    forgetSecrets();
    expect(register(Key)).toEqual([`::add-mask::${Key}`]);
  });

  it('finds the trimmed form of a secret registered with a trailing newline', () => {
    forgetSecrets();
    // The runner is told to mask both forms.
    expect(register(`${Key}\n`)).toEqual([`::add-mask::${Key}%0A`, `::add-mask::${Key}`]);
    expect(redact(`key=${Key}.`)).toBe('key=***.');
  });

  it('finds JSON- and URL-encoded forms', () => {
    expect(redact(JSON.stringify({ secret: Odd }))).toBe('{"secret":"***"}');
    expect(redact(`https://x.example/?s=${encodeURIComponent(Odd)}`)).toBe('https://x.example/?s=***');
  });

  it('redactDeep scrubs every string of a parsed answer, keys included', () => {
    expect(redactDeep({ a: [Key, { [Key]: `x${Odd}y` }], n: 1, b: true, z: null })).toEqual({ a: ['***', { '***': 'x***y' }], n: 1, b: true, z: null });
  });
});

describe('redactingStream', () => {
  it('finds secrets split across chunks anywhere, multi-byte characters included (property)', async () => {
    const pieces = fc.oneof(fc.constant(Key), fc.constant(Odd), fc.constant('é😀'), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }), async (parts, sizes) => {
        const whole = Buffer.from(parts.join(''), 'utf8');
        const chunks: Buffer[] = [];
        for (let at = 0, i = 0; at < whole.length; i++) {
          const size = sizes[i % sizes.length]!;
          chunks.push(whole.subarray(at, at + size));
          at += size;
        }
        const out = await text(Readable.from(chunks).pipe(redactingStream()));
        expect(out).toBe(redact(whole.toString('utf8')));
        expect(out).not.toContain(Key);
        expect(out).not.toContain(Odd);
      }),
      { numRuns: 300 },
    );
  });
});
