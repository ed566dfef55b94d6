import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { NOT_SIMPLE, readSimpleBlockYaml } from './blockYaml';

/** One YAML document of a file, as plain data. */
export interface YamlDocument {
  /** 1-based position among the file's documents. */
  index: number;
  /** Line (1-based) of the document's first node. */
  line: number;
  value: unknown;
}

/** A document that does not parse. */
export interface YamlDocumentError {
  index: number;
  line: number;
  column?: number;
  /** The parser's reason, one line. */
  message: string;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  errors: YamlDocumentError[];
}

// A line that starts with `---` followed by a blank or the line's end always starts a document
// (YAML 1.2, 9.1.4): such a line cannot occur inside a scalar, so splitting on it is exact.
// Lines start after \n or \r only, not where a multiline regex would also start one (after U+2028
// or U+2029, which YAML 1.2 reads as ordinary characters).
const DOCUMENT_START = /(?<![^\n\r])---(?![^ \t\r\n])/g;
// Directives and document end markers are legal but rare in catalog files; the exact (slower)
// path handles them rather than a splitter that would have to understand them.
const NEEDS_FULL_PARSER = /(?<![^\n\r])(?:%|\.\.\.(?![^ \t\r\n]))/;
// What the fast reader leaves to js-yaml: tabs and carriage returns, which it does not read, and
// what YAML does not allow in a stream (C0 and C1 controls but for \n and NEL, U+FFFE, U+FFFF,
// unpaired surrogates), which js-yaml reports with its position. Also BOMs after the start,
// U+2028 and U+2029, rare characters that the reader was not written for.
const NOT_FOR_FAST_READER =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** How lines are found: where the line at `pos` ends, where the next begins, how many breaks in a range. */
interface LineBreaks {
  end(text: string, pos: number): number;
  next(text: string, end: number): number;
  count(text: string, from: number, to: number): number;
}

const LF_LINE_BREAKS: LineBreaks = {
  end: (text, pos) => text.indexOf('\n', pos),
  next: (_text, end) => end + 1,
  count(text, from, to) {
    let n = 0;
    for (
      let i = text.indexOf('\n', from);
      i !== -1 && i < to;
      i = text.indexOf('\n', i + 1)
    ) {
      n++;
    }
    return n;
  },
};

const ANY_LINE_BREAKS: LineBreaks = {
  end(text, pos) {
    for (let i = pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) return i;
    }
    return -1;
  },
  next: (text, end) =>
    text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a
      ? end + 2
      : end + 1,
  count(text, from, to) {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      // \r\n is one break, counted at its \n.
      if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) n++;
    }
    return n;
  },
};

/**
 * Parses a multi-document YAML file with the YAML 1.2 core schema (dates and
 * `<<` stay plain data, as in Backstage's catalog). Each document is parsed
 * on its own, so one bad document does not hide the others and every
 * document knows its line, without keeping a syntax tree: by a fast reader of
 * plain block YAML (blockYaml.ts) when it can, else by js-yaml.
 */
export function parseYamlDocuments(text: string): ParsedYaml {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (NEEDS_FULL_PARSER.test(source)) return parseWithYamlLibrary(source);

  const starts = [0];
  DOCUMENT_START.lastIndex = 0;
  for (
    let m = DOCUMENT_START.exec(source);
    m;
    m = DOCUMENT_START.exec(source)
  ) {
    if (m.index > 0) starts.push(m.index);
  }
  starts.push(source.length);
  // Such a file goes to js-yaml whole, document by document.
  const simple = !NOT_FOR_FAST_READER.test(source);

  // YAML's line breaks are \n, \r\n and a lone \r; without any \r, a faster count of \n alone.
  const lines = source.includes('\r') ? ANY_LINE_BREAKS : LF_LINE_BREAKS;
  const result: ParsedYaml = { documents: [], errors: [] };
  let line = 1;
  let counted = 0;
  let index = 0;
  for (let i = 0; i < starts.length - 1; i++) {
    const start = starts[i];
    const end = starts[i + 1];
    line += lines.count(source, counted, start);
    counted = start;
    const first = firstContentLine(source, start, end, line, lines);
    // Comments before the first `---` are not a document of their own.
    if (first === undefined && i === 0) continue;
    index++;
    if (first === undefined) continue;
    let value = simple ? readSimpleBlockYaml(source, start, end) : NOT_SIMPLE;
    if (value === NOT_SIMPLE) {
      try {
        value = load(source.slice(start, end), { schema: CORE_SCHEMA });
      } catch (error) {
        result.errors.push(toDocumentError(error, index, line));
        continue;
      }
    }
    if (value !== null && value !== undefined) {
      result.documents.push({ index, line: first, value });
    }
  }
  return result;
}

/** The line of the first node in text[start, end), or undefined when there is none. */
function firstContentLine(
  text: string,
  start: number,
  end: number,
  line: number,
  lines: LineBreaks,
): number | undefined {
  let pos = start;
  let current = line;
  while (pos < end) {
    const newline = lines.end(text, pos);
    const lineEnd = newline === -1 || newline > end ? end : newline;
    let from = pos;
    if (pos === start && isMarker(text, pos, lineEnd)) from += 3;
    // YAML's blanks only: a line of no-break spaces is content.
    while (from < lineEnd && isBlank(text.charCodeAt(from))) from++;
    if (from < lineEnd && text.charCodeAt(from) !== 0x23 /* # */) {
      return current;
    }
    pos = lines.next(text, lineEnd);
    current++;
  }
  return undefined;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

/** Whether text[pos, lineEnd) starts with a `---` marker (followed by a blank or the line's end). */
function isMarker(text: string, pos: number, lineEnd: number): boolean {
  return (
    text.startsWith('---', pos) &&
    (pos + 3 === lineEnd || isBlank(text.charCodeAt(pos + 3)))
  );
}

function toDocumentError(
  error: unknown,
  index: number,
  firstLine: number,
): YamlDocumentError {
  if (error instanceof YAMLException && error.mark) {
    return {
      index,
      line: firstLine + error.mark.line,
      column: error.mark.column + 1,
      message: error.reason,
    };
  }
  return {
    index,
    line: firstLine,
    message: String((error as Error)?.message ?? error),
  };
}

/** The exact path for files with directives or `...` markers (eemeli's yaml, full syntax tree). */
function parseWithYamlLibrary(text: string): ParsedYaml {
  const result: ParsedYaml = { documents: [], errors: [] };
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((doc, i) => {
    const index = i + 1;
    const offset = doc.contents?.range?.[0] ?? doc.range[0];
    const line = lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const pos = lineCounter.linePos(error.pos[0]);
      result.errors.push({
        index,
        line: pos.line,
        column: pos.col,
        message: error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, ''),
      });
      return;
    }
    try {
      const value = doc.toJS({ maxAliasCount: 100 });
      if (value !== null && value !== undefined) {
        result.documents.push({ index, line, value });
      }
    } catch (error) {
      result.errors.push({ index, line, message: (error as Error).message });
    }
  });
  return result;
}
