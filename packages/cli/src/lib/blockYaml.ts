import { CORE_SCHEMA, Type } from 'js-yaml';

/** Returned when a document uses YAML the fast path does not read; js-yaml reads it instead. */
export const NOT_SIMPLE: unique symbol = Symbol('not simple YAML');

// The core schema's implicit types (null, bool, int, float) as js-yaml resolves plain scalars with
// them, in its order, so values come out exactly as there. Read from the schema, which has no typed
// accessor; without them the fast path stays off.
const IMPLICIT: Type[] =
  (CORE_SCHEMA as unknown as { implicit?: Type[] }).implicit ?? [];
const AVAILABLE = IMPLICIT.length > 0;

/** The null and boolean words of the core schema; no number starts with a letter. */
const WORDS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);

/** Whether a plain scalar could be a number or `~` (first character 0-9 + - . ~). */
function mayBeNumber(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x7e
  );
}

/**
 * Whether a plain scalar could be one of WORDS (4 or 5 characters starting
 * with n, t or f in either case): looking every scalar up in the set hashed
 * each one, a tenth of the reading time of a 100,000-entity catalog.
 */
function mayBeWord(raw: string): boolean {
  if (raw.length !== 4 && raw.length !== 5) return false;
  const c = raw.charCodeAt(0) | 0x20;
  return c === 0x6e || c === 0x74 || c === 0x66;
}

function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  if (!mayBeNumber(c) && !(mayBeWord(raw) && WORDS.has(raw))) return raw;
  for (const type of IMPLICIT) {
    if (type.resolve(raw)) return type.construct(raw);
  }
  return raw;
}

/**
 * First characters that make a scalar something other than a simple plain
 * one, as a table: a set lookup per scalar showed in profiles.
 */
const SPECIAL_START_TABLE = new Uint8Array(128);
for (const c of '&*!|>%@`?,]}#:-') SPECIAL_START_TABLE[c.charCodeAt(0)] = 1;

function isSpecialStart(c: number): boolean {
  return SPECIAL_START_TABLE[c] === 1;
}

/**
 * Plain keys and values read before, direct-mapped by length and a few
 * characters. Catalog files repeat most of them (keys, kinds, owners,
 * systems, API names): a hit compares the characters in place instead of
 * copying them into a new string, and hands on a string whose hash is
 * already computed, so the analysis' lookups by these values compare one
 * string with itself.
 *
 * Only strings of at most {@link MAX_REUSED_LENGTH} characters are stored:
 * names and words repeat, descriptions and other long texts rarely do, and
 * storing them would only make the cache hold more text. A stored string
 * longer than a few characters can be a V8 slice of the file's text, which
 * then stays in memory while the string stays in its slot; the entities read
 * from that file refer to the same text as long as they live.
 */
const MAX_REUSED_LENGTH = 64;
// Powers of two: slotOf masks with size - 1.
const KEYS = new Array<string | undefined>(256);
const VALUES = new Array<string | undefined>(8192);

function slotOf(text: string, from: number, end: number, size: number) {
  const length = end - from;
  return (
    (length * 40503 +
      text.charCodeAt(from) * 31 +
      text.charCodeAt(end - 1) * 997 +
      text.charCodeAt(from + (length >> 1)) * 7919) &
    (size - 1)
  );
}

/** The cached string equal to text[from, end), if the slot holds it. */
function cached(
  cache: Array<string | undefined>,
  slot: number,
  text: string,
  from: number,
  end: number,
): string | undefined {
  const hit = cache[slot];
  if (hit === undefined || hit.length !== end - from) return undefined;
  // A loop over the characters, from the end (where names differ most):
  // startsWith(hit, from) cost half as much again in profiles.
  for (let k = hit.length - 1; k >= 0; k--) {
    if (hit.charCodeAt(k) !== text.charCodeAt(from + k)) return undefined;
  }
  return hit;
}

/**
 * End of text[from, to) without trailing spaces. Only spaces: YAML keeps
 * other whitespace (no-break space, U+3000, ...) in a scalar, as js-yaml does;
 * the caller sends files with tabs to js-yaml.
 */
function withoutSpaces(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && text.charCodeAt(end - 1) === 0x20) end--;
  return end;
}

class NotSimple extends Error {}
const notSimple = new NotSimple();

class BlockReader {
  /** Start of the current line's content (after indentation, or after `- `). */
  content = 0;
  /** Column of `content`. */
  indent = 0;
  /** End of the current line (its newline or the document's end). */
  lineEnd = 0;
  done = false;

  constructor(
    private readonly text: string,
    private pos: number,
    private readonly end: number,
  ) {}

  /**
   * Moves past a leading `---` line (which must carry nothing but a comment)
   * and to the first content line. `---` followed by anything but a space or
   * the line's end is no marker; js-yaml reads that document.
   */
  skipMarker(): boolean {
    const { text } = this;
    if (text.startsWith('---', this.pos)) {
      const newline = text.indexOf('\n', this.pos);
      const lineEnd = newline === -1 || newline > this.end ? this.end : newline;
      let i = this.pos + 3;
      if (i < lineEnd && text.charCodeAt(i) !== 0x20) return false;
      while (i < lineEnd && text.charCodeAt(i) === 0x20) i++;
      if (i < lineEnd && text.charCodeAt(i) !== 0x23 /* # */) return false;
      this.pos = lineEnd + 1;
    }
    this.nextLine();
    return true;
  }

  /** Finds the next line with content, from `pos`. */
  nextLine(): void {
    const { text, end } = this;
    while (this.pos < end) {
      const newline = text.indexOf('\n', this.pos);
      const lineEnd = newline === -1 || newline > end ? end : newline;
      let i = this.pos;
      while (i < lineEnd && text.charCodeAt(i) === 0x20) i++;
      if (i < lineEnd && text.charCodeAt(i) !== 0x23 /* # */) {
        this.content = i;
        this.indent = i - this.pos;
        this.lineEnd = lineEnd;
        this.pos = lineEnd + 1;
        return;
      }
      this.pos = lineEnd + 1;
    }
    this.done = true;
    this.indent = -1;
  }

  private isSequenceItem(): boolean {
    const { text, content } = this;
    if (text.charCodeAt(content) !== 0x2d /* - */) return false;
    const next = content + 1;
    return next === this.lineEnd || text.charCodeAt(next) === 0x20;
  }

  /** A block node whose first line is the current one, at column `indent`. */
  node(indent: number): unknown {
    return this.isSequenceItem() ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (!this.done && this.indent === indent && this.isSequenceItem()) {
      let i = this.content + 1;
      while (i < this.lineEnd && this.text.charCodeAt(i) === 0x20) i++;
      if (i === this.lineEnd || this.text.charCodeAt(i) === 0x23) {
        // `-` alone: the item is the block below, or null.
        this.nextLine();
        items.push(this.indent > indent ? this.node(this.indent) : null);
      } else if (this.keyEnd(i) !== -1) {
        // `- key: value`: a mapping whose first line starts after the dash.
        this.indent = i - this.content + indent;
        this.content = i;
        items.push(this.mapping(this.indent));
      } else if (this.text.charCodeAt(i) === 0x2d && this.isDashAt(i)) {
        this.indent = i - this.content + indent;
        this.content = i;
        items.push(this.sequence(this.indent));
      } else {
        items.push(this.inlineValue(i));
        this.nextLine();
        if (this.indent > indent) throw notSimple;
      }
    }
    if (!this.done && this.indent > indent) throw notSimple;
    return items;
  }

  /** Position of `code` in text[from, limit), or -1; never looks past the line (indexOf would scan the rest of the file). */
  private find(code: number, from: number, limit: number): number {
    const { text } = this;
    for (let i = from; i < limit; i++)
      if (text.charCodeAt(i) === code) return i;
    return -1;
  }

  private isDashAt(i: number): boolean {
    return i + 1 === this.lineEnd || this.text.charCodeAt(i + 1) === 0x20;
  }

  /** End of a plain key that starts at `from` (the position of its `:`), or -1 when the line is no `key:` line. */
  private keyEnd(from: number): number {
    const { text, lineEnd } = this;
    const c = text.charCodeAt(from);
    if (
      isSpecialStart(c) ||
      c === 0x22 ||
      c === 0x27 ||
      c === 0x5b ||
      c === 0x7b
    ) {
      return -1;
    }
    for (
      let i = this.find(0x3a, from, lineEnd);
      i !== -1;
      i = this.find(0x3a, i + 1, lineEnd)
    ) {
      if (i + 1 === lineEnd || text.charCodeAt(i + 1) === 0x20) return i;
    }
    return -1;
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const { text } = this;
    while (!this.done && this.indent === indent) {
      const colon = this.keyEnd(this.content);
      if (colon === -1) throw notSimple;
      const end = withoutSpaces(text, this.content, colon);
      const slot = slotOf(text, this.content, end, KEYS.length);
      let key = cached(KEYS, slot, text, this.content, end);
      if (key === undefined) {
        const rawKey = text.slice(this.content, end);
        if (rawKey.includes(' #')) throw notSimple;
        key = String(resolvePlain(rawKey));
        // Only keys read as themselves are reused (see cached): `1.0` is the key "1".
        if (key === rawKey && key.length <= MAX_REUSED_LENGTH) KEYS[slot] = key;
      }
      if (
        key === '__proto__' ||
        Object.prototype.hasOwnProperty.call(map, key)
      ) {
        throw notSimple;
      }
      let i = colon + 1;
      while (i < this.lineEnd && text.charCodeAt(i) === 0x20) i++;
      if (i === this.lineEnd || text.charCodeAt(i) === 0x23) {
        this.nextLine();
        if (this.indent > indent) {
          map[key] = this.node(this.indent);
        } else if (
          this.indent === indent &&
          !this.done &&
          this.isSequenceItem()
        ) {
          // A sequence may sit at its key's indentation.
          map[key] = this.sequence(indent);
        } else {
          map[key] = null;
        }
      } else {
        map[key] = this.inlineValue(i);
        this.nextLine();
        if (this.indent > indent) throw notSimple;
      }
    }
    if (!this.done && this.indent > indent) throw notSimple;
    return map;
  }

  /** A scalar or one-line flow collection from `from` to the end of the line. */
  private inlineValue(from: number): unknown {
    const { text, lineEnd } = this;
    const c = text.charCodeAt(from);
    if (c === 0x22 || c === 0x27) {
      const { value, next } = this.quoted(from, lineEnd);
      this.expectLineEnd(next);
      return value;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) return this.flow(from);
    if (isSpecialStart(c) && !(c === 0x2d && !this.isDashAt(from))) {
      throw notSimple;
    }
    let stop = lineEnd;
    for (
      let i = this.find(0x23, from, lineEnd);
      i !== -1;
      i = this.find(0x23, i + 1, lineEnd)
    ) {
      if (text.charCodeAt(i - 1) === 0x20) {
        stop = i - 1;
        break;
      }
    }
    const end = withoutSpaces(text, from, stop);
    const slot = slotOf(text, from, end, VALUES.length);
    const hit = cached(VALUES, slot, text, from, end);
    if (hit !== undefined) return hit;
    const raw = text.slice(from, end);
    // `: ` inside or `:` at the end of a plain value is an error or a nested mapping: js-yaml decides.
    if (raw.includes(': ') || raw.endsWith(':')) throw notSimple;
    const value = resolvePlain(raw);
    // Only strings read as themselves are reused (see cached): `true` stays a boolean.
    if (value === raw && raw.length <= MAX_REUSED_LENGTH) VALUES[slot] = raw;
    return value;
  }

  private expectLineEnd(from: number): void {
    let i = from;
    while (i < this.lineEnd && this.text.charCodeAt(i) === 0x20) i++;
    if (i === this.lineEnd) return;
    if (this.text.charCodeAt(i) === 0x23 && i > from) return;
    throw notSimple;
  }

  /** A one-line quoted scalar without escapes; returns its value and the position after it. */
  private quoted(from: number, limit: number): { value: string; next: number } {
    const { text } = this;
    if (text.charCodeAt(from) === 0x22) {
      const close = this.find(0x22, from + 1, limit);
      if (close === -1) throw notSimple;
      const value = text.slice(from + 1, close);
      if (value.includes('\\')) throw notSimple;
      return { value, next: close + 1 };
    }
    let value = '';
    let i = from + 1;
    for (;;) {
      const close = this.find(0x27, i, limit);
      if (close === -1) throw notSimple;
      value += text.slice(i, close);
      if (text.charCodeAt(close + 1) === 0x27 && close + 1 < limit) {
        value += "'";
        i = close + 2;
      } else {
        return { value, next: close + 1 };
      }
    }
  }

  /** `[]`, `{}` or a one-line flow sequence of plain or quoted scalars. */
  private flow(from: number): unknown {
    const { text, lineEnd } = this;
    const open = text.charCodeAt(from);
    let i = from + 1;
    while (i < lineEnd && text.charCodeAt(i) === 0x20) i++;
    if (open === 0x7b) {
      if (text.charCodeAt(i) !== 0x7d) throw notSimple;
      this.expectLineEnd(i + 1);
      return {};
    }
    const items: unknown[] = [];
    if (text.charCodeAt(i) === 0x5d) {
      this.expectLineEnd(i + 1);
      return items;
    }
    for (;;) {
      const c = text.charCodeAt(i);
      let stop: number;
      if (c === 0x22 || c === 0x27) {
        const { value, next } = this.quoted(i, lineEnd);
        items.push(value);
        stop = next;
      } else {
        stop = i;
        while (stop < lineEnd) {
          const d = text.charCodeAt(stop);
          if (d === 0x2c || d === 0x5d) break;
          if (
            d === 0x5b ||
            d === 0x7b ||
            d === 0x7d ||
            d === 0x23 ||
            d === 0x3a
          ) {
            throw notSimple;
          }
          stop++;
        }
        const raw = text.slice(i, withoutSpaces(text, i, stop));
        if (raw === '' || isSpecialStart(raw.charCodeAt(0))) {
          if (
            !(
              raw.charCodeAt(0) === 0x2d &&
              raw.length > 1 &&
              raw.charCodeAt(1) !== 0x20
            )
          ) {
            throw notSimple;
          }
        }
        items.push(resolvePlain(raw));
      }
      while (stop < lineEnd && text.charCodeAt(stop) === 0x20) stop++;
      const d = text.charCodeAt(stop);
      if (stop >= lineEnd) throw notSimple;
      if (d === 0x5d) {
        this.expectLineEnd(stop + 1);
        return items;
      }
      if (d !== 0x2c) throw notSimple;
      i = stop + 1;
      while (i < lineEnd && text.charCodeAt(i) === 0x20) i++;
    }
  }
}

/**
 * A fast reader for the block YAML that catalog files are nearly always
 * written in: block mappings and sequences indented with spaces, plain and
 * one-line quoted scalars, one-line flow sequences of scalars, `[]` and `{}`.
 * Anything else (anchors, tags, block scalars, multi-line scalars, escapes,
 * complex keys, duplicate keys, anything invalid) makes it return
 * {@link NOT_SIMPLE} so that js-yaml, the reference, reads the document and
 * reports its errors. Values are the same as js-yaml's with the core schema.
 *
 * `text[start, end)` is one document (an optional `---` line first); the
 * caller guarantees the file has no tabs, no carriage returns and no
 * characters YAML does not allow (see yamlDocuments.ts).
 */
export function readSimpleBlockYaml(
  text: string,
  start: number,
  end: number,
): unknown | typeof NOT_SIMPLE {
  if (!AVAILABLE) return NOT_SIMPLE;
  const reader = new BlockReader(text, start, end);
  try {
    if (!reader.skipMarker()) return NOT_SIMPLE;
    if (reader.done) return null;
    const value = reader.node(reader.indent);
    return reader.done ? value : NOT_SIMPLE;
  } catch (error) {
    if (error instanceof NotSimple) return NOT_SIMPLE;
    throw error;
  }
}
