import { ReactNode } from 'react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { displayName } from '../lib/entityNames';
import { formatDateTime } from '@conway/plugin-conway-react';

/** An entity by its display name, linking to its catalog page, its ref in the tooltip. */
export { isNotFound } from '@conway/plugin-conway-react';

export function EntityName(props: { entity: Entity; children?: ReactNode }) {
  const ref = stringifyEntityRef(props.entity);
  return (
    <EntityRefLink entityRef={props.entity} title={ref}>
      {props.children ?? displayName(props.entity)}
    </EntityRefLink>
  );
}

/** A card's empty state: one true sentence, muted. */
export function Empty(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}

/** True for a 403 from a backend, which a card reports as "not allowed" rather than as a failure. */
export function isForbidden(error: Error | undefined): boolean {
  return (
    error !== undefined &&
    (error.name === 'NotAllowedError' ||
      (error instanceof ResponseError && error.statusCode === 403))
  );
}


/**
 * What Markdown shows verbatim, left to right: a backslash-escaped character,
 * or a code span (a run of backticks, its content, the same run again;
 * escapes do not work inside it).
 */
const VERBATIM = /\\([!-/:-@[-`{-~])|(?<!`)(`+)(?!`)([\s\S]*?[^`])\2(?!`)/g;
/** Private-use characters standing in for verbatim text while markers go. */
const HELD = /\uE000(\d+)\uE001/g;

/**
 * A line of Markdown (a changelog entry) as the plain text it renders to:
 * code spans, emphasis, strong, strikethrough, links and images give their
 * text. Code spans and escaped characters are kept verbatim, and `_` inside
 * a word is not emphasis, so identifiers like max_retry_count survive.
 */
export function markdownToText(markdown: string): string {
  const held: string[] = [];
  const hold = (text: string) => `\uE000${held.push(text) - 1}\uE001`;
  let text = markdown
    .replace(VERBATIM, (_, escaped?: string, _ticks?: string, code?: string) => {
      if (escaped !== undefined) return hold(escaped);
      // CommonMark drops one space each side, so code can start with a backtick.
      const spaced = /^ [\s\S]* $/.test(code!) && code!.trim() !== '';
      return hold(spaced ? code!.slice(1, -1) : code!);
    })
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1');
  // Innermost first, so `***both***` and `*a **b** c*` lose every marker.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/(\*\*|\*|~~)(?!\s)((?:(?!\1)[\s\S])+?)(?<!\s)\1/g, '$2')
      .replace(/(^|[^\p{L}\p{N}_])(__|_)(?!\s)([\s\S]+?)(?<!\s)\2(?![\p{L}\p{N}_])/gu, '$1$3');
  }
  return text.replace(HELD, (_, i: string) => held[Number(i)]);
}

/** `text` (Markdown) as plain text cut at a word boundary to about `max` characters. */
export function shorten(text: string, max: number): string {
  const clean = markdownToText(text).replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(
    /[\s,;:(]+$/,
    '',
  )}…`;
}

/** An ISO 8601 time as a local date and time, e.g. "4 Dec 2026, 14:05". */
export const formatWhen = formatDateTime;
