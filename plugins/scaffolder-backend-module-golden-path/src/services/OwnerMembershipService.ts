import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { goldenPathScaffoldAnyOwnerPermission } from '../permissions';

/** How far up the group tree a membership may be inherited (guards against cycles). */
const MAX_GROUP_DEPTH = 10;

const targetsOf = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));

/** Options of {@link OwnerMembershipService.create}. */
export interface OwnerMembershipServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** Decides `golden-path.scaffold.any-owner` for users who pick a team they are not in. */
  permissions: PermissionsService;
}

/**
 * Decides whether the user running a golden path may name a team as the
 * owner of the new service: a team they belong to, or any team with
 * `golden-path.scaffold.any-owner`.
 */
export class OwnerMembershipService {
  static create(options: OwnerMembershipServiceOptions) {
    return new OwnerMembershipService(options);
  }

  private constructor(
    private readonly options: OwnerMembershipServiceOptions,
  ) {}

  /**
   * The groups a user belongs to: the teams they are a direct member of, and
   * every group above those teams (a member of team-checkout also belongs to
   * the commerce department), read from the catalog's relations.
   */
  async groupsOf(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const { catalog } = this.options;
    const user = await catalog.getEntityByRef(userRef, { credentials });
    const groups = new Set<string>();
    let level = targetsOf(user, RELATION_MEMBER_OF);
    for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length; depth++) {
      const next: string[] = [];
      for (const ref of level.filter(r => !groups.has(r))) {
        groups.add(ref);
        const group = await catalog.getEntityByRef(ref, { credentials });
        next.push(...targetsOf(group, RELATION_CHILD_OF));
      }
      level = next;
    }
    return groups;
  }

  /**
   * A user may scaffold only for a team they belong to, unless the permission
   * policy grants them `golden-path.scaffold.any-owner` (platform group and
   * admins). Service principals (the backend itself, external-access tokens
   * such as CI) are allowed by the permission framework unless their token has
   * access restrictions.
   *
   * @returns a problem to report (`owner: …`), or undefined when allowed
   */
  async checkOwner(
    ownerRef: string,
    initiator: BackstageCredentials,
    logger: { info(message: string): void },
  ): Promise<string | undefined> {
    const { auth, permissions } = this.options;
    const owner = ownerRef.toLocaleLowerCase('en-US');
    const userRef = auth.isPrincipal(initiator, 'user')
      ? initiator.principal.userEntityRef
      : undefined;
    if (userRef) {
      const credentials = await auth.getOwnServiceCredentials();
      if ((await this.groupsOf(userRef, credentials)).has(owner)) {
        return undefined;
      }
    }
    const [decision] = await permissions.authorize(
      [{ permission: goldenPathScaffoldAnyOwnerPermission }],
      { credentials: initiator },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      logger.info(
        userRef
          ? `${userRef} may scaffold for any owner (${goldenPathScaffoldAnyOwnerPermission.name}); owner ${ownerRef}`
          : `Task started by a service principal; owner ${ownerRef} accepted without a membership check (${goldenPathScaffoldAnyOwnerPermission.name} allowed)`,
      );
      return undefined;
    }
    return userRef
      ? `owner: User ${userRef} is not a member of ${ownerRef}; choose a team you belong to`
      : `owner: the task was not started by a user, and its caller may not scaffold for ${ownerRef} (${goldenPathScaffoldAnyOwnerPermission.name} denied)`;
  }
}
