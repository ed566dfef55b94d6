import { normalizeRef } from '../entityRef';
import { OwnershipEntity } from '../types';

/**
 * Annotation on a User listing further emails the person commits with,
 * comma-separated (old addresses, aliases, a personal address).
 *
 * @public
 */
export const GIT_EMAILS_ANNOTATION = 'conway.dev/git-emails';

/** Annotation naming where a component's source lives. @public */
export const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

interface GroupInfo {
  title?: string;
  parentRef: string | null;
}

/** The people and teams of a catalog, as the history analysis needs them. */
export interface CatalogPeople {
  /** Lower-case email → user ref. */
  userByEmail: Map<string, string>;
  /** User ref → group refs (memberOf and groups listing them). */
  teamsOfUser: Map<string, string[]>;
  groups: Map<string, GroupInfo>;
  /** Display names of users, groups and components. */
  titles: Map<string, string>;
  components: Array<{
    ref: string;
    ownerRef: string | null;
    sourceLocation?: string;
  }>;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function titleOf(entity: OwnershipEntity): string | undefined {
  const metadata = record(entity.metadata);
  const title = own(metadata, 'title');
  if (typeof title === 'string' && title.trim()) return title;
  const profile = record(own(record(entity.spec), 'profile'));
  const name = own(profile, 'displayName');
  return typeof name === 'string' && name.trim() ? name : undefined;
}

/** Reads users (emails, teams), groups and components from catalog entities. */
export function readCatalogPeople(entities: OwnershipEntity[]): CatalogPeople {
  const people: CatalogPeople = {
    userByEmail: new Map(),
    teamsOfUser: new Map(),
    groups: new Map(),
    titles: new Map(),
    components: [],
  };
  const memberLists: Array<[string, unknown[]]> = [];
  for (const entity of entities) {
    const kind =
      typeof entity.kind === 'string' ? entity.kind.toLowerCase() : '';
    const metadata = record(entity.metadata);
    const spec = record(entity.spec);
    const ref = normalizeRef(
      {
        kind,
        namespace: own(metadata, 'namespace'),
        name: own(metadata, 'name'),
      },
      {},
    );
    if (!ref) continue;
    const title = titleOf(entity);
    if (title) people.titles.set(ref, title);
    if (kind === 'user') {
      const emails = new Set<string>();
      const email = own(record(own(spec, 'profile')), 'email');
      if (typeof email === 'string') emails.add(email.trim().toLowerCase());
      const extra = own(
        record(own(metadata, 'annotations')),
        GIT_EMAILS_ANNOTATION,
      );
      if (typeof extra === 'string') {
        for (const e of extra.split(',')) emails.add(e.trim().toLowerCase());
      }
      for (const e of emails) {
        if (e && !people.userByEmail.has(e)) people.userByEmail.set(e, ref);
      }
      const teams = list(own(spec, 'memberOf'))
        .map(g => normalizeRef(g, { defaultKind: 'group' }))
        .filter((g): g is string => !!g);
      people.teamsOfUser.set(ref, teams);
    } else if (kind === 'group') {
      const parent = own(spec, 'parent');
      people.groups.set(ref, {
        title,
        parentRef: normalizeRef(parent, { defaultKind: 'group' }) ?? null,
      });
      memberLists.push([ref, list(own(spec, 'members'))]);
    } else if (kind === 'component') {
      const location = own(
        record(own(metadata, 'annotations')),
        SOURCE_LOCATION_ANNOTATION,
      );
      people.components.push({
        ref,
        ownerRef:
          normalizeRef(own(spec, 'owner'), { defaultKind: 'group' }) ?? null,
        sourceLocation: typeof location === 'string' ? location : undefined,
      });
    }
  }
  for (const [groupRef, members] of memberLists) {
    for (const m of members) {
      const userRef = normalizeRef(m, { defaultKind: 'user' });
      const teams = userRef ? people.teamsOfUser.get(userRef) : undefined;
      if (teams && !teams.includes(groupRef)) teams.push(groupRef);
    }
  }
  for (const [userRef, teams] of people.teamsOfUser) {
    people.teamsOfUser.set(
      userRef,
      teams.filter(t => people.groups.has(t)).sort(),
    );
  }
  return people;
}

/** Whether `groupRef` is `ancestorRef` or sits under it. */
export function isSameOrUnder(
  people: CatalogPeople,
  groupRef: string,
  ancestorRef: string,
): boolean {
  const seen = new Set<string>();
  let current: string | null = groupRef;
  while (current && !seen.has(current)) {
    if (current === ancestorRef) return true;
    seen.add(current);
    current = people.groups.get(current)?.parentRef ?? null;
  }
  return false;
}

/** Where a component's source lives, parsed from `backstage.io/source-location`. @public */
export interface SourceLocation {
  /** `url` for a remote repository, `dir` for a local directory. */
  type: 'url' | 'dir';
  /** Clone URL, or the directory as written. */
  target: string;
  /** Branch or tag from a tree URL, when given. */
  ref?: string;
  /** Directory inside the repository, '' for the whole repository. */
  pathPrefix: string;
}

/**
 * Parses `url:https://github.com/o/r/tree/main/services/x`,
 * `url:https://gitlab.com/g/r/-/tree/main/x`, `dir:.`, `file:/abs/path`.
 * Returns undefined for anything else.
 *
 * @public
 */
export function parseSourceLocation(value: string): SourceLocation | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const type = value.slice(0, colon);
  const target = value.slice(colon + 1).trim();
  if (!target) return undefined;
  if (type === 'dir' || type === 'file') {
    return { type: 'dir', target, pathPrefix: '' };
  }
  if (type !== 'url') return undefined;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if (url.protocol === 'file:') {
    return {
      type: 'dir',
      target: decodeURIComponent(url.pathname),
      pathPrefix: '',
    };
  }
  const parts = url.pathname.split('/').filter(Boolean);
  const marker = parts.findIndex(
    (p, i) => (p === 'tree' || p === 'blob' || p === 'src') && i >= 2,
  );
  const repoParts = marker === -1 ? parts : parts.slice(0, marker);
  if (repoParts[repoParts.length - 1] === '-') repoParts.pop();
  if (repoParts.length < 2) return undefined;
  const repoPath = repoParts.join('/').replace(/\.git$/, '');
  return {
    type: 'url',
    target: `${url.protocol}//${url.host}/${repoPath}.git`,
    ref: marker === -1 ? undefined : parts[marker + 1],
    pathPrefix: marker === -1 ? '' : parts.slice(marker + 2).join('/'),
  };
}
