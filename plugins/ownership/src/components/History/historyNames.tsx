import { createContext, ReactNode, useContext, useMemo } from 'react';
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Tooltip from '@material-ui/core/Tooltip';
import { windowText } from '@conway/plugin-ownership-common';
import {
  ComponentHistoryReport,
  Finding,
  KnowledgeHolder,
  UnknownAuthor,
} from '../../api/types';
import { refName } from '../common/names';

/** Names the history API gives: entity titles, and names of authors the catalog does not have. */
export interface HistoryNames {
  /** Display names by entity ref, from the response's `titles`. */
  titles: Map<string, string>;
  /** Author key (email, or `name:<name>`) → the name they commit with. */
  authors: Map<string, string>;
}

const HistoryNamesContext = createContext<HistoryNames>({
  titles: new Map(),
  authors: new Map(),
});

/** The names of a history response, for the components under it. */
export function HistoryNamesProvider(props: {
  titles: Record<string, string> | undefined;
  components?: Array<Pick<ComponentHistoryReport, 'unknownAuthors'>>;
  children: ReactNode;
}) {
  const { titles, components, children } = props;
  const value = useMemo(() => {
    const authors = new Map<string, string>();
    for (const c of components ?? []) {
      for (const a of c.unknownAuthors) authors.set(a.key, a.name);
    }
    return {
      // A Map: refs come from the catalog and must not reach Object.prototype.
      titles: new Map(Object.entries(titles ?? {})),
      authors,
    };
  }, [titles, components]);
  return (
    <HistoryNamesContext.Provider value={value}>
      {children}
    </HistoryNamesContext.Provider>
  );
}

/** Author key → name of the authors the catalog does not have, from the response. */
export function useAuthorNames(): Map<string, string> {
  return useContext(HistoryNamesContext).authors;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The analysis lists authors outside the catalog by email (the address to
 * add to a User); readers see the name they commit with first:
 * `Marta Kowalczyk (marta@x.example)`.
 */
export function withAuthorNames(
  findings: Finding[],
  authors: Map<string, string> | UnknownAuthor[],
): Finding[] {
  const names =
    authors instanceof Map
      ? authors
      : new Map(authors.map(a => [a.key, a.name]));
  const known = [...names].filter(
    ([key, name]) => !key.startsWith('name:') && name && name !== key,
  );
  if (known.length === 0) return findings;
  return findings.map(f => {
    if (f.type !== 'unknown-authors') return f;
    let message = f.message;
    for (const [key, name] of known) {
      // Only a listed author: after ': ' or ', ', before ',', ' and ' or the end.
      const pattern = new RegExp(
        `(?<=[:,] )${escapeRegExp(key)}(?=,| and |$)`,
        'g',
      );
      message = message.replace(pattern, `${name} (${key})`);
    }
    return { ...f, message };
  });
}

/** The name people read for a ref: its title, else the name in the ref. */
export function useHistoryName(): (ref: string) => string {
  const { titles } = useContext(HistoryNamesContext);
  return (ref: string) => titles.get(ref) ?? refName(ref);
}

/** An entity by display name, linking to its catalog page; the ref in the title attribute. */
export function HistoryEntity(props: { entityRef: string }) {
  const name = useHistoryName();
  const entityLink = useEntityRefLink();
  return (
    <Link to={entityLink(props.entityRef)} title={props.entityRef}>
      {name(props.entityRef)}
    </Link>
  );
}

/**
 * The name of an author no catalog User claims: the name they commit with;
 * the email only when that is all there is.
 */
export function unknownAuthorName(
  key: string,
  authors: Map<string, string> | UnknownAuthor[],
): string {
  const name =
    authors instanceof Map
      ? authors.get(key)
      : authors.find(a => a.key === key)?.name;
  if (key.startsWith('name:')) return name || key.slice('name:'.length);
  return name && name !== key ? name : key;
}

/**
 * A holder of a component's knowledge: a catalog User by display name and
 * link, or an author the catalog does not have as "former contributor".
 */
export function HolderName(props: {
  holder: KnowledgeHolder;
  /** The component's unknown authors, for their names. */
  unknownAuthors?: UnknownAuthor[];
}) {
  const { holder, unknownAuthors } = props;
  const { authors } = useContext(HistoryNamesContext);
  if (holder.known) return <HistoryEntity entityRef={holder.ref} />;
  const name = unknownAuthorName(holder.ref, unknownAuthors ?? authors);
  return (
    <Tooltip title="No catalog User has this author's address: they left, or were never listed">
      <span data-testid="former-contributor">former contributor: {name}</span>
    </Tooltip>
  );
}

/** `0.734` → `73 %`. */
export function share(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/**
 * `in the last 12 months`; `in the history window` for an answer without a
 * window (an older backend).
 */
export function inWindowText(windowDays: number | undefined): string {
  return windowDays === undefined
    ? 'in the history window'
    : `in the last ${windowText(windowDays)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
