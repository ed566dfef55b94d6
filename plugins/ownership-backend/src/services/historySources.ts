import path from 'path';
import { fileURLToPath } from 'url';
import { isChildPath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  OwnershipEntity,
  SOURCE_LOCATION_ANNOTATION,
  stringifyRef,
} from '@conway/plugin-ownership-common';
import {
  PagingOptions,
  pageEntities,
  RepositoryCache,
  RepositoryCacheOptions,
} from '@conway/plugin-ownership-node';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** What the history reads of users, groups and components: their people, teams, owners and sources. */
export const HISTORY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.type',
  'spec.parent',
  'spec.memberOf',
  'spec.members',
  'spec.profile',
];

/** Reads the catalog's components, users and groups, page by page, with {@link HISTORY_FIELDS}. */
export async function loadHistoryEntities(
  options: PagingOptions,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  for await (const page of pageEntities({
    ...options,
    fields: HISTORY_FIELDS,
    filter: { kind: ['Component', 'User', 'Group'] },
  })) {
    entities.push(...page);
  }
  return entities;
}

export function entityRefOf(entity: Entity): string {
  return stringifyRef({
    kind: entity.kind.toLowerCase(),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
}

function annotation(entity: Entity, key: string): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return Object.hasOwn(annotations, key) ? annotations[key] : undefined;
}

/** The file a `file:` managed-by location names, if the entity was read from one. */
function catalogFileOf(entity: Entity): string | undefined {
  const location = annotation(entity, MANAGED_BY_LOCATION);
  if (!location?.startsWith('file:')) return undefined;
  const target = location.slice('file:'.length);
  try {
    return target.startsWith('file://')
      ? fileURLToPath(target)
      : path.resolve(target);
  } catch {
    return undefined;
  }
}

/** Where the history may read `dir:` locations and what it derives for components without one. */
export interface HistorySourceSettings {
  /** Absolute directory of the golden paths' local repositories, when configured. */
  localRepositories?: string;
  /** Component ref → absolute directory of its example repository. */
  examples?: Map<string, string>;
  /** Further absolute directories `dir:` locations may name. */
  directories: string[];
}

/**
 * Prepares the catalog for mining: components without
 * `backstage.io/source-location` get one when their source is known to be on
 * this machine (an example repository; a service a golden path published to
 * the local repositories, registered from its catalog-info.yaml there), and
 * `dir:` locations are resolved against the file the entity was read from
 * and refused outside the allowed directories.
 */
export function prepareHistorySources(
  entities: Entity[],
  settings: HistorySourceSettings,
): {
  entities: OwnershipEntity[];
  resolveDir: (entityRef: string, target: string) => string;
} {
  const roots = [
    ...(settings.localRepositories ? [settings.localRepositories] : []),
    ...new Set(settings.examples?.values() ?? []),
    ...settings.directories,
  ];
  const baseDirs = new Map<string, string>();
  const prepared = entities.map(entity => {
    if (entity.kind.toLowerCase() !== 'component') return entity;
    const ref = entityRefOf(entity);
    const file = catalogFileOf(entity);
    if (file) baseDirs.set(ref, path.dirname(file));
    if (annotation(entity, SOURCE_LOCATION_ANNOTATION) !== undefined) {
      return entity;
    }
    let derived = settings.examples?.get(ref);
    if (
      !derived &&
      file &&
      settings.localRepositories &&
      isChildPath(settings.localRepositories, file)
    ) {
      derived = path.dirname(file);
    }
    if (!derived) return entity;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [SOURCE_LOCATION_ANNOTATION]: `dir:${derived}`,
        },
      },
    };
  });

  const resolveDir = (entityRef: string, target: string): string => {
    const base = baseDirs.get(entityRef);
    if (!path.isAbsolute(target) && !base) {
      throw new Error(
        `the relative directory '${target}' needs an entity read from a file location`,
      );
    }
    const dir = path.resolve(base ?? '/', target);
    if (!roots.some(root => isChildPath(root, dir))) {
      const where = dir === target ? `'${dir}'` : `'${target}' (${dir})`;
      throw new Error(
        `${where} is outside the directories the ownership history may read (add it to ownership.history.directories)`,
      );
    }
    return dir;
  };
  return { entities: prepared as OwnershipEntity[], resolveDir };
}

/**
 * The clone cache, limited to the allowed hosts: a catalog entry cannot make
 * the backend fetch from any address it can reach.
 */
export class HostLimitedRepositoryCache extends RepositoryCache {
  readonly #hosts: Set<string>;

  constructor(options: RepositoryCacheOptions & { allowedHosts: string[] }) {
    super(options);
    this.#hosts = new Set(options.allowedHosts.map(h => h.toLowerCase()));
  }

  async ensure(url: string): Promise<string> {
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      throw new Error(`'${url}' is not a URL`);
    }
    if (!this.#hosts.has(host)) {
      throw new Error(
        `host '${host}' is not one the ownership history may clone from (an integration's host or ownership.history.allowedHosts)`,
      );
    }
    return super.ensure(url);
  }
}
