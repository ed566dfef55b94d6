import { ReactNode } from 'react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { displayName } from '../lib/entityNames';

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


/** `text` cut at a word boundary to about `max` characters. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/`/g, '').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(
    /[\s,;:(]+$/,
    '',
  )}…`;
}

/** An ISO 8601 time as a local date and time, e.g. "4 Dec 2026, 14:05". */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
