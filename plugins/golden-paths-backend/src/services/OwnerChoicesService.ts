import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { goldenPathScaffoldAnyOwnerPermission } from '@conway/plugin-scaffolder-backend-module-golden-path';
import { DEFAULT_PAGE_SIZE, pageEntities } from '@conway/plugin-ownership-node';

/** A group the form offers as the owner of a new service. */
export interface OwnerChoice {
  entityRef: string;
  /** Display name: profile display name, else title, else name. */
  title: string;
  /** The group's spec.type, e.g. `team`. */
  type?: string;
  /** Whether the signed-in user is a direct member. */
  member: boolean;
}

/** The owners a user may pick: their teams, or every group with `golden-path.scaffold.any-owner`. */
export interface OwnerChoices {
  owners: OwnerChoice[];
  /** Ref of the owner to pre-fill: the user's first team. */
  defaultOwner?: string;
  /** Whether the user may pick any group (platform team, admins). */
  anyOwner: boolean;
}

/** Options of {@link OwnerChoicesService.create}. */
export interface OwnerChoicesServiceOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  pageSize?: number;
}

const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.profile.displayName',
];

function choiceOf(group: Entity, member: boolean): OwnerChoice {
  const profile = (group.spec?.profile ?? {}) as { displayName?: string };
  const type = group.spec?.type;
  return {
    entityRef: stringifyEntityRef(group),
    title: profile.displayName || group.metadata.title || group.metadata.name,
    ...(typeof type === 'string' ? { type } : {}),
    member,
  };
}

const byTitle = (a: OwnerChoice, b: OwnerChoice) =>
  a.title.localeCompare(b.title, 'en') ||
  a.entityRef.localeCompare(b.entityRef);

/**
 * The owners the golden-path form offers, by the same rule
 * `golden-path:render` enforces: the teams the user is a member of, or any
 * group when the permission policy grants `golden-path.scaffold.any-owner`.
 */
export class OwnerChoicesService {
  static create(options: OwnerChoicesServiceOptions) {
    return new OwnerChoicesService(options);
  }

  private constructor(private readonly options: OwnerChoicesServiceOptions) {}

  async choicesFor(
    userEntityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<OwnerChoices> {
    const { catalog, permissions } = this.options;
    const [decision] = await permissions.authorize(
      [{ permission: goldenPathScaffoldAnyOwnerPermission }],
      { credentials },
    );
    const anyOwner = decision.result === AuthorizeResult.ALLOW;
    const mine = userEntityRef
      ? (
          await catalog.getEntities(
            {
              filter: { kind: 'Group', 'relations.hasMember': userEntityRef },
              fields: GROUP_FIELDS,
            },
            { credentials },
          )
        ).items.map(group => choiceOf(group, true))
      : [];
    mine.sort(byTitle);
    const others: OwnerChoice[] = [];
    if (anyOwner) {
      const refs = new Set(mine.map(c => c.entityRef));
      for await (const page of pageEntities({
        catalog,
        credentials,
        pageSize: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
        filter: { kind: 'Group' },
        fields: GROUP_FIELDS,
      })) {
        for (const group of page) {
          const choice = choiceOf(group, false);
          if (!refs.has(choice.entityRef)) others.push(choice);
        }
      }
      others.sort(byTitle);
    }
    const teams = mine.filter(c => c.type === 'team');
    return {
      owners: [...mine, ...others],
      defaultOwner: (teams[0] ?? mine[0])?.entityRef,
      anyOwner,
    };
  }
}
