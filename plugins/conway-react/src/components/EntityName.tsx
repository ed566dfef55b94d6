import { Fragment } from 'react';
import { Link } from '@backstage/core-components';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';

/**
 * An entity as a person reads it: its display name (a group's or user's
 * profile display name, else its title, else its name) linking to its page,
 * with the ref in the title attribute. Never blank: an entity the catalog
 * does not know reads as the name in its ref.
 *
 * @public
 */
export function EntityName(props: { entityRef: string }) {
  const { entityRef } = props;
  const { primaryTitle } = useEntityPresentation(entityRef);
  const entityLink = useEntityRefLink();
  return (
    <Link to={entityLink(entityRef)} title={entityRef}>
      {primaryTitle || entityRef}
    </Link>
  );
}

const KINDS =
  'component|api|resource|system|domain|group|user|template|location';
/** Full refs as the backends write them into messages: `group:default/team-a`. */
const REF = new RegExp(
  `\\b(?:${KINDS}):[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*`,
  'g',
);

/**
 * A piece of a message: plain text, or a full entity ref in it.
 *
 * @public
 */
export type TextPart = { text: string } | { entityRef: string };

/**
 * Splits `text` around the full entity refs in it.
 *
 * @public
 */
export function splitRefs(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(REF)) {
    // A ref at the end of a sentence: the full stop is not part of the name.
    const ref = match[0].replace(/\.+$/, '');
    const start = match.index!;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ entityRef: ref });
    last = start + ref.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * A message with every entity ref in it shown as {@link EntityName}.
 *
 * @public
 */
export function TextWithNames(props: { text: string }) {
  return (
    <>
      {splitRefs(props.text).map((part, i) =>
        'entityRef' in part ? (
          <EntityName key={i} entityRef={part.entityRef} />
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
