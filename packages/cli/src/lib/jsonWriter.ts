/** What {@link jsonForm} returns for a value JSON has no form for. */
const NONE = Symbol('no JSON form');

/**
 * The value as JSON.stringify writes it: after `toJSON` (called with the
 * key, or the index as a string); NONE for undefined, a function or a symbol.
 */
function jsonForm(value: unknown, key: string | number): unknown {
  let v = value;
  if (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { toJSON?: unknown }).toJSON === 'function'
  ) {
    v = (v as { toJSON(k: string): unknown }).toJSON(String(key));
  }
  return v === undefined || typeof v === 'function' || typeof v === 'symbol'
    ? NONE
    : v;
}

/**
 * Writes the text as bytes into a buffer and hands each full buffer on as a
 * string: building a string piece by piece makes a tree of small strings
 * that costs as much to flatten (before it can be written) as to build, and
 * `JSON.stringify` with indentation is slower still.
 */
class ChunkedJsonWriter {
  private readonly buffer: Buffer;
  private at = 0;
  /** Whether the buffer holds bytes of a character beyond ASCII (then it is decoded as UTF-8). */
  private wide = false;
  private readonly indents: string[] = ['\n'];
  /** Objects and arrays being written, outermost first (to detect a cycle as JSON.stringify does). */
  private readonly stack: object[] = [];

  constructor(
    private readonly write: (chunk: string) => void,
    chunkSize: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.max(chunkSize, 64));
  }

  flush(): void {
    if (this.at === 0) return;
    const { buffer, at } = this;
    this.write(
      this.wide
        ? buffer.toString('utf8', 0, at)
        : buffer.toString('latin1', 0, at),
    );
    this.at = 0;
    this.wide = false;
  }

  /** Appends ASCII text (punctuation, numbers, indentation). */
  private ascii(text: string): void {
    const n = text.length;
    if (this.at + n > this.buffer.length) {
      this.flush();
      if (n > this.buffer.length) {
        this.write(text);
        return;
      }
    }
    const { buffer } = this;
    let at = this.at;
    for (let i = 0; i < n; i++) buffer[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Appends a string as a JSON string literal. */
  private string(text: string): void {
    const n = text.length;
    if (this.at + n + 2 > this.buffer.length) this.flush();
    const { buffer } = this;
    if (n + 2 <= buffer.length) {
      let at = this.at;
      buffer[at++] = 34;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c < 32 || c > 126 || c === 34 || c === 92) break;
        buffer[at++] = c;
      }
      if (i === n) {
        buffer[at++] = 34;
        this.at = at;
        return;
      }
    }
    // Escapes or characters beyond ASCII: JSON.stringify's own rules, as UTF-8.
    this.wide = true;
    const quoted = JSON.stringify(text);
    if (this.at + Buffer.byteLength(quoted) > buffer.length) {
      this.flush();
      this.write(quoted);
      return;
    }
    this.at += buffer.write(quoted, this.at);
  }

  /** Writes a value that has a JSON form (see {@link jsonForm}). */
  value(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.ascii(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      default:
        if (v === null) {
          this.ascii('null');
          return;
        }
        // Boxed primitives are written as their values, as JSON.stringify does.
        if (v instanceof String) {
          this.string(String(v));
          return;
        }
        if (v instanceof Number || v instanceof Boolean) {
          this.value(v.valueOf(), depth);
          return;
        }
        if (this.stack.includes(v as object)) {
          throw new TypeError('Converting circular structure to JSON');
        }
        this.stack.push(v as object);
        if (Array.isArray(v)) this.array(v, depth);
        else this.object(v as Record<string, unknown>, depth);
        this.stack.pop();
    }
  }

  private indent(depth: number): string {
    const { indents } = this;
    while (indents.length <= depth) {
      indents.push(`${indents[indents.length - 1]}  `);
    }
    return indents[depth];
  }

  private array(list: unknown[], depth: number): void {
    if (list.length === 0) {
      this.ascii('[]');
      return;
    }
    const inner = this.indent(depth + 1);
    for (let i = 0; i < list.length; i++) {
      this.ascii(i === 0 ? '[' : ',');
      this.ascii(inner);
      const v = jsonForm(list[i], i);
      if (v === NONE) this.ascii('null');
      else this.value(v, depth + 1);
    }
    this.ascii(this.indent(depth));
    this.ascii(']');
  }

  private object(record: Record<string, unknown>, depth: number): void {
    const inner = this.indent(depth + 1);
    let first = true;
    // Own keys only (Object.keys), as JSON.stringify: a for…in would also see inherited enumerable keys.
    const keys = Object.keys(record);
    for (let k = 0; k < keys.length; k++) {
      if (this.member(record, keys[k], inner, first, depth)) first = false;
    }
    if (first) {
      this.ascii('{}');
    } else {
      this.ascii(this.indent(depth));
      this.ascii('}');
    }
  }

  /** Writes `"key": value` if the value has a JSON form. */
  private member(
    record: Record<string, unknown>,
    key: string,
    inner: string,
    first: boolean,
    depth: number,
  ): boolean {
    const v = jsonForm(record[key], key);
    if (v === NONE) return false;
    this.ascii(first ? '{' : ',');
    this.ascii(inner);
    this.string(key);
    this.ascii(': ');
    this.value(v, depth + 1);
    return true;
  }
}

/**
 * Writes `JSON.stringify(value, null, 2)`, byte for byte, as a series of
 * chunks of at most about `chunkSize` bytes instead of one string.
 *
 * For a large report (tens of MB) this takes about half the time of
 * `JSON.stringify` with indentation and never holds the whole text: each
 * chunk is handed to `write` as soon as it is full. Values are treated as
 * `JSON.stringify` treats them (`toJSON`, `undefined` and functions skipped
 * in objects and written as `null` in arrays, non-finite numbers as `null`,
 * own enumerable keys only); a `bigint` or a cycle throws, as there.
 */
export function writeJson(
  value: unknown,
  write: (chunk: string) => void,
  chunkSize = 65_536,
): void {
  const writer = new ChunkedJsonWriter(write, chunkSize);
  const v = jsonForm(value, '');
  if (v === NONE) return;
  writer.value(v, 0);
  writer.flush();
}
