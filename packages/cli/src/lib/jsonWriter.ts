/** Characters a JSON string cannot hold as they are (and, to stay simple, anything beyond ASCII). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;
/** Matches nothing; running it makes V8 flatten a chunk built by concatenation before it is handed on. */
const FLATTEN = /(?!)/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

class ChunkedJsonWriter {
  private out = '';
  private readonly indents: string[] = ['\n'];
  private readonly open = new Set<object>();

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly chunkSize: number,
  ) {}

  flush(): void {
    FLATTEN.test(this.out);
    this.write(this.out);
    this.out = '';
  }

  /** Writes `value` if it has a JSON form; returns false (writing nothing) if it has none. */
  element(value: unknown, key: string, depth: number): boolean {
    let v = value;
    if (
      v !== null &&
      typeof v === 'object' &&
      typeof (v as { toJSON?: unknown }).toJSON === 'function'
    ) {
      v = (v as { toJSON(k: string): unknown }).toJSON(key);
    }
    switch (typeof v) {
      case 'string':
        this.out += quote(v);
        return true;
      case 'number':
        this.out += Number.isFinite(v) ? String(v) : 'null';
        return true;
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return true;
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      case 'object':
        if (v === null) {
          this.out += 'null';
          return true;
        }
        if (this.open.has(v)) {
          throw new TypeError('Converting circular structure to JSON');
        }
        this.open.add(v);
        if (Array.isArray(v)) this.array(v, depth);
        else this.object(v as Record<string, unknown>, depth);
        this.open.delete(v);
        if (this.out.length >= this.chunkSize) this.flush();
        return true;
      default:
        return false;
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
      this.out += '[]';
      return;
    }
    const inner = this.indent(depth + 1);
    for (let i = 0; i < list.length; i++) {
      this.out += i === 0 ? `[${inner}` : `,${inner}`;
      if (!this.element(list[i], String(i), depth + 1)) this.out += 'null';
    }
    this.out += `${this.indent(depth)}]`;
  }

  private object(record: Record<string, unknown>, depth: number): void {
    const inner = this.indent(depth + 1);
    let first = true;
    for (const key of Object.keys(record)) {
      const v = record[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
        continue;
      }
      const before = this.out;
      this.out += `${first ? '{' : ','}${inner}${quote(key)}: `;
      if (this.element(v, key, depth + 1)) first = false;
      else this.out = before;
    }
    this.out += first ? '{}' : `${this.indent(depth)}}`;
  }
}

/**
 * Writes `JSON.stringify(value, null, 2)`, byte for byte, as a series of
 * chunks of about `chunkSize` characters instead of one string.
 *
 * For a large report (tens of MB) this takes about half the time of
 * `JSON.stringify` with indentation and never holds the whole text: each
 * chunk is handed to `write` as soon as it is full. Values are treated as
 * `JSON.stringify` treats them (`toJSON`, `undefined` and functions skipped
 * in objects and written as `null` in arrays, non-finite numbers as `null`);
 * a `bigint` or a cycle throws, as there.
 */
export function writeJson(
  value: unknown,
  write: (chunk: string) => void,
  chunkSize = 16_384,
): void {
  const writer = new ChunkedJsonWriter(write, chunkSize);
  if (writer.element(value, '', 0)) writer.flush();
}
