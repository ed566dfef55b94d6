import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { pageEntities } from '@conway/plugin-ownership-node';
import type { NamedRef } from '@conway/plugin-scorecards-common';

const PAGE_SIZE = 2000;

/** The catalog filter of the services scorecards evaluate. */
export const SERVICE_FILTER = { kind: 'Component', 'spec.type': 'service' };

/** The annotation naming a service's golden path, and its version. */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';
export const TEMPLATE_VERSION_ANNOTATION = 'conway.dev/template-version';

interface GroupInfo {
  ref: string;
  title: string;
  type?: string;
  parentRef?: string;
  memberCount: number;
}

/**
 * The part of the catalog one evaluation needs besides the services: groups
 * (names, types, parents, members) and people's names.
 */
export class FleetDirectory {
  private constructor(
    private readonly groups: Map<string, GroupInfo>,
    private readonly userTitles: Map<string, string>,
  ) {}

  static async read(
    catalog: CatalogService,
    credentials: BackstageCredentials,
  ): Promise<FleetDirectory> {
    const groups = new Map<string, GroupInfo>();
    const users = new Map<string, string>();
    for await (const page of pageEntities({
      catalog,
      credentials,
      pageSize: PAGE_SIZE,
      filter: { kind: ['Group', 'User'] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.type',
        'spec.parent',
        'spec.profile.displayName',
        'relations',
      ],
    })) {
      for (const entity of page) {
        const ref = stringifyEntityRef(entity);
        const kind = entity.kind.toLocaleLowerCase('en-US');
        if (kind === 'group') {
          groups.set(ref, {
            ref,
            title: displayName(entity),
            type: stringField(entity.spec?.type),
            parentRef: refOf(stringField(entity.spec?.parent), 'group'),
            memberCount: (entity.relations ?? []).filter(
              r => r.type === RELATION_HAS_MEMBER,
            ).length,
          });
        } else if (kind === 'user') {
          users.set(ref, displayName(entity));
        }
      }
    }
    return new FleetDirectory(groups, users);
  }

  /** A group or user by ref, with its display name; undefined when not in the catalog. */
  named(ref: string): NamedRef | undefined {
    const title = this.groups.get(ref)?.title ?? this.userTitles.get(ref);
    return title === undefined ? undefined : { ref, title };
  }

  /** The owner as the catalog knows it: display name, kind and direct member count (1 for a person). */
  owner(ref: string) {
    const group = this.groups.get(ref);
    if (group) {
      return {
        ref,
        title: group.title,
        kind: 'group',
        ...(group.type ? { type: group.type } : {}),
        memberCount: group.memberCount,
      };
    }
    const title = this.userTitles.get(ref);
    if (title !== undefined) return { ref, title, kind: 'user', memberCount: 1 };
    return undefined;
  }

  /** The team a service rolls up to (its owning group) and that team's department. */
  placement(ownerRef: string | undefined): {
    team?: NamedRef;
    department?: NamedRef;
  } {
    const team = ownerRef ? this.groups.get(ownerRef) : undefined;
    if (!team) return {};
    const seen = new Set<string>();
    let current: GroupInfo | undefined = team;
    while (current && !seen.has(current.ref)) {
      if (current.type === 'department') {
        return {
          team: { ref: team.ref, title: team.title },
          department: { ref: current.ref, title: current.title },
        };
      }
      seen.add(current.ref);
      current = current.parentRef ? this.groups.get(current.parentRef) : undefined;
    }
    return { team: { ref: team.ref, title: team.title } };
  }
}

/** Reads every service of the fleet (whole entities: the facts need annotations, spec and relations). */
export async function readServices(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const services: Entity[] = [];
  for await (const page of pageEntities({
    catalog,
    credentials,
    pageSize: PAGE_SIZE,
    filter: SERVICE_FILTER,
    fields: ['kind', 'metadata', 'spec', 'relations'],
  })) {
    services.push(...page);
  }
  return services;
}

/** The ref and etag of every service: the small read that finds what changed. */
export async function readServiceEtags(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  for await (const page of pageEntities({
    catalog,
    credentials,
    pageSize: PAGE_SIZE * 5,
    filter: SERVICE_FILTER,
    fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.etag'],
  })) {
    for (const entity of page) {
      etags.set(stringifyEntityRef(entity), entity.metadata.etag ?? '');
    }
  }
  return etags;
}

/** A full entity ref from a possibly shortened one; undefined when it is not a ref. */
export function refOf(
  value: string | undefined,
  defaultKind: string,
): string | undefined {
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What a person reads: profile display name, else title, else name. */
export function displayName(entity: Entity): string {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  return (
    stringField(profile?.displayName) ??
    entity.metadata.title ??
    entity.metadata.name
  );
}
