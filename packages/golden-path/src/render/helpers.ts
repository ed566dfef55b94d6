import type { HelperDelegate } from 'handlebars';

function words(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const capitalize = (word: string) =>
  word.charAt(0).toLocaleUpperCase('en-US') +
  word.slice(1).toLocaleLowerCase('en-US');

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(
      `helper '${name}' expects a string, got ${JSON.stringify(value ?? null)}`,
    );
  }
  return String(value);
}

const json = (value: unknown) => JSON.stringify(value ?? null);

// Characters JSON.stringify leaves raw that YAML forbids (DEL, C1 controls,
// U+FFFE/U+FFFF), reads as a line break in YAML 1.1 (NEL, U+2028, U+2029) or
// may drop (a byte-order mark). A \u escape means the same in YAML 1.1 and 1.2.
const UNSAFE_IN_YAML = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/**
 * A YAML double-quoted scalar that every YAML 1.1 and 1.2 reader reads back as
 * exactly the given string: never a boolean (`no`, `on`), null, number
 * (`0x1F`, `1e3`) or date, whatever the value. A JSON string is a valid YAML
 * double-quoted scalar once the characters YAML forbids are escaped too.
 */
function yamlString(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  return JSON.stringify(text('yamlString', value)).replace(
    UNSAFE_IN_YAML,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// Characters that start inline markup in GitHub's and GitLab's Markdown
// (code, emphasis, strike-through, links, HTML, entities) or end a table
// cell. A backslash before any ASCII punctuation reads as the character.
const MARKDOWN_INLINE = /[\\`*_~[\]<>&|]/g;
// What makes a line a heading, quote, list item or setext underline.
const MARKDOWN_BLOCK_START = /^(#|>|[-+=]|\d{1,9}(?=[.)]))/;
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;

/**
 * Free text as one line of Markdown, in a paragraph or a table cell, that
 * GitHub and GitLab show as the very text: markup characters escaped, line
 * breaks (which would end a table row or start a list) read as spaces,
 * leading and trailing spaces dropped as Markdown drops them.
 */
function markdownText(value: unknown): string {
  return text('markdownText', value)
    .replace(LINE_BREAKS, ' ')
    .trim()
    .replace(MARKDOWN_INLINE, c => `\\${c}`)
    .replace(MARKDOWN_BLOCK_START, (c: string) =>
      /\d/.test(c) ? `${c}\\` : `\\${c}`,
    );
}

// Arity is checked because a mistyped call otherwise renders Handlebars'
// options object as "[object Object]" into the output.
const definitions: Record<
  string,
  [arity: number | 'many', fn: (...args: unknown[]) => unknown]
> = {
  eq: [2, (a, b) => a === b],
  ne: [2, (a, b) => a !== b],
  and: ['many', (...args) => args.every(Boolean)],
  or: ['many', (...args) => args.some(Boolean)],
  not: [1, a => !a],
  json: [1, json],
  yamlString: [1, yamlString],
  markdownText: [1, markdownText],
  concat: [
    'many',
    (...args) =>
      args.map((v, i) => text(`concat (argument ${i + 1})`, v)).join(''),
  ],
  upper: [1, v => text('upper', v).toLocaleUpperCase('en-US')],
  lower: [1, v => text('lower', v).toLocaleLowerCase('en-US')],
  camel: [
    1,
    v =>
      words(text('camel', v))
        .map((w, i) => (i === 0 ? w.toLocaleLowerCase('en-US') : capitalize(w)))
        .join(''),
  ],
  pascal: [1, v => words(text('pascal', v)).map(capitalize).join('')],
  constant: [
    1,
    v =>
      words(text('constant', v))
        .map(w => w.toLocaleUpperCase('en-US'))
        .join('_'),
  ],
  default: [
    2,
    (value, fallback) =>
      value === null || value === undefined || value === '' ? fallback : value,
  ],
};

/** Names of the helpers skeleton files may use, besides the block helpers if, unless, each and with. @public */
export const TEMPLATE_HELPERS: readonly string[] = Object.keys(definitions);

/** The helpers as Handlebars functions. */
export const helpers: Record<string, HelperDelegate> = Object.fromEntries(
  Object.entries(definitions).map(([name, [arity, fn]]) => [
    name,
    (...args: unknown[]) => {
      const params = args.slice(0, -1); // the last argument is Handlebars' options
      if (arity === 'many' ? params.length < 2 : params.length !== arity) {
        throw new Error(
          `helper '${name}' expects ${
            arity === 'many' ? 'at least 2' : arity
          } argument(s), got ${params.length}`,
        );
      }
      return fn(...params);
    },
  ]),
);
