/**
 * An incremental JSON reader: text goes in chunk by chunk, structure comes out as events, and
 * string contents are handed over in pieces. The consumer decides what to keep, so a document of
 * tens of megabytes is read with a few kilobytes of state, and the consumer's own, bounded copy.
 *
 * It accepts exactly what JSON.parse accepts (RFC 8259: one value, insignificant whitespace
 * around tokens) and throws a SyntaxError otherwise.
 */

export type JsonScalar = number | boolean | null;

/** Receives the pieces of one string value. */
export interface StringSink {
  /** A piece of the decoded string (escapes resolved); pieces concatenate to the value. */
  push(piece: string): void;
  end(): void;
}

export interface JsonHandler {
  openObject(): void;
  /** An object member's name; its value's events follow. */
  key(name: string): void;
  closeObject(): void;
  openArray(): void;
  closeArray(): void;
  /** A string value starts: where its pieces go, or undefined to skip it. */
  openString(): StringSink | undefined;
  scalar(value: JsonScalar): void;
}

/** Member names longer than this are cut (they never match a name a consumer looks for). */
export const KeyMaxChars = 64 * 1024;

const enum Expect {
  Value,
  /** After '{': a member name or '}'. */
  FirstKey,
  /** After ',' in an object. */
  Key,
  Colon,
  /** After a member's value: ',' or '}'. */
  ObjectNext,
  /** After '[': a value or ']'. */
  FirstElement,
  /** After an element: ',' or ']'. */
  ArrayNext,
  /** The document's value is complete: whitespace only. */
  Done,
}

const enum Token {
  None,
  String,
  Number,
  Literal,
}

const Whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NumberChars = /^[-+.eE0-9]$/;
const NumberGrammar = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const Literals = new Map<string, JsonScalar>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const Escapes = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

export class JsonStreamParser {
  private expect = Expect.Value;
  /** Open containers, innermost last: true for objects. */
  private readonly stack: boolean[] = [];
  private token = Token.None;
  /** Characters of the number or literal being read. */
  private word = '';
  /** The string being read is a member name (collected here), not a value. */
  private readingKey = false;
  private keyText = '';
  private sink: StringSink | undefined;
  /** Inside a string: 0, or 1 after a backslash, or 2–5 while reading \uXXXX digits. */
  private escape = 0;
  private hex = '';
  /** Characters before the current chunk, for error messages. */
  private consumed = 0;
  /** Index in the current chunk of the character being handled. */
  private cursor = 0;

  constructor(private readonly handler: JsonHandler) {}

  write(text: string): void {
    const length = text.length;
    let index = 0;
    while (index < length) {
      if (this.token === Token.String) {
        index = this.readString(text, index);
        continue;
      }
      const code = text.charCodeAt(index);
      if (this.token !== Token.None) {
        if (this.token === Token.Number ? NumberChars.test(text[index]!) : code >= 0x61 && code <= 0x7a) {
          this.word += text[index];
          index++;
          continue;
        }
        this.cursor = index;
        this.endWord();
      }
      if (!Whitespace.has(code)) {
        this.cursor = index;
        this.structural(text[index]!);
      }
      index++;
    }
    this.consumed += length;
  }

  /** The input is complete: throws unless it held exactly one JSON value. */
  end(): void {
    if (this.token === Token.Number || this.token === Token.Literal) this.endWord();
    if (this.expect !== Expect.Done) throw new SyntaxError('Unexpected end of JSON input');
  }

  private structural(char: string): void {
    switch (this.expect) {
      case Expect.Value:
      case Expect.FirstElement:
        if (char === ']' && this.expect === Expect.FirstElement) return this.close(false);
        return this.startValue(char);
      case Expect.FirstKey:
      case Expect.Key:
        if (char === '}' && this.expect === Expect.FirstKey) return this.close(true);
        if (char !== '"') return this.fail(char);
        this.readingKey = true;
        this.keyText = '';
        this.token = Token.String;
        return;
      case Expect.Colon:
        if (char !== ':') return this.fail(char);
        this.expect = Expect.Value;
        return;
      case Expect.ObjectNext:
        if (char === ',') this.expect = Expect.Key;
        else if (char === '}') this.close(true);
        else this.fail(char);
        return;
      case Expect.ArrayNext:
        if (char === ',') this.expect = Expect.Value;
        else if (char === ']') this.close(false);
        else this.fail(char);
        return;
      case Expect.Done:
        return this.fail(char);
    }
  }

  private startValue(char: string): void {
    if (char === '{') {
      this.stack.push(true);
      this.expect = Expect.FirstKey;
      this.handler.openObject();
    } else if (char === '[') {
      this.stack.push(false);
      this.expect = Expect.FirstElement;
      this.handler.openArray();
    } else if (char === '"') {
      this.token = Token.String;
      this.sink = this.handler.openString();
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      this.token = Token.Number;
      this.word = char;
    } else if (char >= 'a' && char <= 'z') {
      this.token = Token.Literal;
      this.word = char;
    } else {
      this.fail(char);
    }
  }

  private close(object: boolean): void {
    this.stack.pop();
    if (object) this.handler.closeObject();
    else this.handler.closeArray();
    this.valueDone();
  }

  private valueDone(): void {
    const parent = this.stack[this.stack.length - 1];
    this.expect = parent === undefined ? Expect.Done : parent ? Expect.ObjectNext : Expect.ArrayNext;
  }

  private endWord(): void {
    const word = this.word;
    this.word = '';
    if (this.token === Token.Number) {
      if (!NumberGrammar.test(word)) throw new SyntaxError(`Invalid number '${clip(word)}' in JSON before position ${this.where()}`);
      this.token = Token.None;
      this.handler.scalar(Number(word));
    } else {
      if (!Literals.has(word)) throw new SyntaxError(`Unexpected token '${clip(word)}' in JSON before position ${this.where()}`);
      this.token = Token.None;
      this.handler.scalar(Literals.get(word)!);
    }
    this.valueDone();
  }

  /** Reads string content from `index`; returns where it stopped (after the closing quote, or the end). */
  private readString(text: string, index: number): number {
    const length = text.length;
    while (index < length) {
      if (this.escape > 0) {
        index = this.readEscape(text, index);
        continue;
      }
      let stop = index;
      let code = 0;
      while (stop < length) {
        code = text.charCodeAt(stop);
        if (code === 0x22 || code === 0x5c || code < 0x20) break;
        stop++;
      }
      if (stop > index) this.emit(text.slice(index, stop));
      if (stop === length) return length;
      if (code === 0x5c) {
        this.escape = 1;
        index = stop + 1;
      } else if (code === 0x22) {
        this.endString();
        return stop + 1;
      } else {
        throw new SyntaxError(`Bad control character in string literal in JSON at position ${this.consumed + stop}`);
      }
    }
    return index;
  }

  private readEscape(text: string, index: number): number {
    const char = text[index]!;
    if (this.escape === 1) {
      if (char === 'u') {
        this.escape = 2;
        this.hex = '';
      } else if (Escapes.has(char)) {
        this.escape = 0;
        this.emit(Escapes.get(char)!);
      } else {
        throw new SyntaxError(`Bad escaped character in JSON at position ${this.consumed + index}`);
      }
      return index + 1;
    }
    if (!/^[0-9a-fA-F]$/.test(char)) throw new SyntaxError(`Bad Unicode escape in JSON at position ${this.consumed + index}`);
    this.hex += char;
    if (this.hex.length === 4) {
      this.escape = 0;
      this.emit(String.fromCharCode(Number.parseInt(this.hex, 16)));
    }
    return index + 1;
  }

  private emit(piece: string): void {
    if (this.readingKey) {
      if (this.keyText.length < KeyMaxChars) this.keyText += piece.slice(0, KeyMaxChars - this.keyText.length);
    } else {
      this.sink?.push(piece);
    }
  }

  private endString(): void {
    this.token = Token.None;
    if (this.readingKey) {
      this.readingKey = false;
      this.expect = Expect.Colon;
      this.handler.key(this.keyText);
      this.keyText = '';
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    sink?.end();
    this.valueDone();
  }

  private fail(char: string): never {
    throw new SyntaxError(`Unexpected character '${char}' in JSON at position ${this.where()}`);
  }

  private where(): number {
    return this.consumed + this.cursor;
  }
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}
