import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

const markdown = new MarkdownIt('commonmark').enable([
  'table',
  'strikethrough',
]);

/** Inline tokens that show their content as it is: text, an escaped character, code. */
const AS_IS = new Set(['text', 'text_special', 'code_inline']);

/** One table cell as a reader sees it. */
export interface MarkdownCell {
  /** The text shown (a code span's without its backticks). */
  text: string;
  /** Markup the cell was read as besides text and code: emphasis, links, HTML... */
  markup: string[];
}

/** What an inline run shows, and the markup it was read as. */
function readInline(children: Token[]): MarkdownCell {
  return {
    text: children.map(c => c.content).join(''),
    markup: children.filter(c => !AS_IS.has(c.type)).map(c => c.type),
  };
}

/** The cells of every table row in a Markdown document, read as GitHub's Markdown reads them. */
export function markdownTableRows(source: string): MarkdownCell[][] {
  const rows: MarkdownCell[][] = [];
  let row: MarkdownCell[] | undefined;
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'tr_open') {
      row = [];
    } else if (token.type === 'tr_close' && row) {
      rows.push(row);
      row = undefined;
    } else if (token.type === 'inline' && row) {
      row.push(readInline(token.children ?? []));
    }
  }
  return rows;
}

/** The cell beside the first cell that reads `key`, in the first such row. */
export function markdownTableValue(
  source: string,
  key: string,
): MarkdownCell | undefined {
  return markdownTableRows(source).find(([first]) => first?.text === key)?.[1];
}

/** A top-level block of a Markdown document: its type, and the text of a heading or paragraph. */
export interface MarkdownBlock extends Partial<MarkdownCell> {
  /** e.g. heading, paragraph, bullet_list, ordered_list, blockquote, table, fence, code_block, hr */
  type: string;
}

/** The top-level blocks of a Markdown document, in order. */
export function markdownBlocks(source: string): MarkdownBlock[] {
  const tokens = markdown.parse(source, {});
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level !== 0 || token.nesting === -1) continue;
    const type = token.type.replace(/_open$/, '');
    const inline = tokens[i + 1];
    if ((type === 'heading' || type === 'paragraph') && inline?.children) {
      blocks.push({ type, ...readInline(inline.children) });
    } else {
      blocks.push({ type });
    }
  }
  return blocks;
}
