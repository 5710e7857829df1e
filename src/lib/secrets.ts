import { StringDecoder } from 'node:string_decoder';
import { Transform } from 'node:stream';
import * as core from '@actions/core';

/**
 * Values that must never leave the process in clear: masked in the runner log by core.setSecret,
 * and scrubbed from everything we write ourselves (summary, comment, outputs, error messages,
 * the result file), because Omni or a proxy may echo request data back.
 *
 * Scrub early: Omni's answers are redacted as they arrive (the client does it), before anything
 * cuts them to a length limit (which would leave a prefix no exact match finds) or escapes them
 * for markdown. What we write is redacted again, escaped forms included, as a backstop.
 */
const secrets = new Set<string>();
/** Escaped forms (markdown, HTML) of each secret with punctuation, rebuilt when secrets change. */
let escapedForms: RegExp | undefined;
let longest = 0;

export function registerSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  const forms = [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
  // A value read with surrounding whitespace (a secret saved with a trailing newline) is used trimmed.
  const trimmed = value.trim();
  if (trimmed && trimmed !== value) {
    core.setSecret(trimmed);
    forms.push(trimmed, JSON.stringify(trimmed).slice(1, -1), encodeURIComponent(trimmed));
  }
  for (const form of forms) secrets.add(form);
  longest = Math.max(0, ...[...secrets].map((secret) => secret.length));
  escapedForms = escapedPattern([...secrets]);
}

export function redact(text: string): string {
  let out = redactExact(text);
  if (escapedForms && /[\\&\u2060]/.test(out)) out = out.replace(escapedForms, '***');
  return out;
}

function redactExact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** Every string in a parsed JSON value, redacted (keys too); other values unchanged. */
export function redactDeep<T>(value: T): T {
  if (secrets.size === 0) return value;
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactExact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[redactExact(key)] = walk(inner);
    return out;
  }
  return value;
}

/**
 * Redacts text streamed through it, such as a result document on its way to disk. A secret split
 * across chunks is still found: the end of each chunk that could begin a secret waits for the next.
 */
export function redactingStream(): Transform {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += decoder.write(chunk);
      const cut = safeCut(pending, pending.length - Math.max(0, longest - 1));
      if (cut > 0) {
        this.push(redactExact(pending.slice(0, cut)));
        pending = pending.slice(cut);
      }
      done();
    },
    flush(done) {
      pending += decoder.end();
      if (pending) this.push(redactExact(pending));
      done();
    },
  });
}

/** Moves `cut` past any secret that starts before it and ends after it, never into a surrogate pair. */
function safeCut(text: string, cut: number): number {
  if (cut <= 0) return 0;
  const highSurrogate = (at: number) => text.charCodeAt(at) >= 0xd800 && text.charCodeAt(at) <= 0xdbff;
  for (let moved = true; moved; ) {
    moved = false;
    for (const secret of secrets) {
      for (let at = text.indexOf(secret, Math.max(0, cut - secret.length + 1)); at !== -1 && at < cut; at = text.indexOf(secret, at + 1)) {
        if (at + secret.length > cut) {
          cut = at + secret.length;
          moved = true;
        }
      }
    }
    if (cut < text.length && highSurrogate(cut - 1)) {
      cut += 1;
      moved = true;
    }
  }
  return cut;
}

/**
 * The forms our markdown and HTML escaping gives a secret: a backslash before punctuation, an
 * entity for & < > " ', an invisible joiner after "@" and "#". Undefined when no secret has any.
 */
function escapedPattern(values: string[]): RegExp | undefined {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const alternatives = values
    .filter((value) => /[!-/:-@[-`{-~]/.test(value))
    .map((value) =>
      [...value]
        .map((c) => {
          const literal = c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
          if (!/[!-/:-@[-`{-~]/.test(c)) return literal;
          const forms = [`\\\\?${literal}`];
          if (entities[c]) forms.push(entities[c]);
          const joiner = c === '@' || c === '#' ? '\\u2060?' : '';
          return `(?:${forms.join('|')})${joiner}`;
        })
        .join(''),
    );
  return alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
}

/** For tests. */
export function forgetSecrets(): void {
  secrets.clear();
  escapedForms = undefined;
  longest = 0;
}
