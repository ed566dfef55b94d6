import {
  BackstageCredentials,
  BackstageUserInfo,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { templateManagementPermission } from '@backstage/plugin-scaffolder-common/alpha';
import { campaignsManagePermission } from '@conway/plugin-campaigns-common';
import { goldenPathsFleetUpgradePermission } from '@conway/plugin-golden-paths-common';
import { goldenPathScaffoldAnyOwnerPermission } from '@conway/plugin-scaffolder-backend-module-golden-path';
import { scorecardsRefreshPermission } from '@conway/plugin-scorecards-backend';

/** The platform (SRE) group when `conway.permissions.platformGroup` is not set. */
export const DEFAULT_PLATFORM_GROUP = 'group:default/team-sre';

/**
 * Permissions only the platform group and the admins hold: editing templates,
 * upgrading a whole fleet, scaffolding for a team one does not belong to,
 * running campaigns.
 */
export const PLATFORM_ONLY_PERMISSIONS: Permission[] = [
  templateManagementPermission,
  goldenPathsFleetUpgradePermission,
  goldenPathScaffoldAnyOwnerPermission,
  // Starting, editing and closing campaigns (owners exempt their services in the campaigns backend).
  campaignsManagePermission,
  // Evaluating the fleet or one service on demand (reading results stays open).
  scorecardsRefreshPermission,
];

/** Catalog actions on an entity that, for a Template, change what people scaffold. */
const TEMPLATE_GUARDED_PERMISSIONS = [
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
];

/** Reads the ownership refs (user and groups) of a signed-in user. */
export interface UserInfoReader {
  getUserInfo(credentials: BackstageCredentials): Promise<BackstageUserInfo>;
}

/** Options for {@link ConwayPermissionPolicy}. */
export interface ConwayPermissionPolicyOptions {
  /** Entity ref of the platform (SRE) group. */
  platformGroup: string;
  /** User or group refs treated like the platform group. */
  admins: string[];
  userInfo: UserInfoReader;
}

const normalizeRef = (ref: string, defaultKind: string, field: string) => {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(`${field}: '${ref}' is not an entity ref: ${error}`);
  }
};

/**
 * Conway's permission policy for a shared portal.
 *
 * @remarks
 * Everyone signed in may read, scaffold and register. The platform group and
 * the admins alone may manage templates (the template editor; deleting or
 * refreshing a Template entity), upgrade a golden path's whole fleet, and
 * scaffold for a team they are not a member of. Dry runs
 * (`scaffolder.template.dry-run`) stay open: they publish and register
 * nothing. Membership is what the
 * sign-in put into the user's ownership refs: the user and the groups they are
 * a direct member of. Service principals never reach a policy; the permission
 * framework allows them unless their token carries access restrictions.
 */
export class ConwayPermissionPolicy implements PermissionPolicy {
  readonly platformGroup: string;
  readonly privilegedRefs: ReadonlySet<string>;
  readonly #userInfo: UserInfoReader;

  /** Reads `conway.permissions.platformGroup` and `conway.permissions.admins`. */
  static fromConfig(config: Config, userInfo: UserInfoReader) {
    return new ConwayPermissionPolicy({
      platformGroup:
        config.getOptionalString('conway.permissions.platformGroup') ??
        DEFAULT_PLATFORM_GROUP,
      admins: config.getOptionalStringArray('conway.permissions.admins') ?? [],
      userInfo,
    });
  }

  constructor(options: ConwayPermissionPolicyOptions) {
    this.platformGroup = normalizeRef(
      options.platformGroup,
      'group',
      'conway.permissions.platformGroup',
    );
    this.privilegedRefs = new Set([
      this.platformGroup,
      ...options.admins.map(ref =>
        normalizeRef(ref, 'user', 'conway.permissions.admins'),
      ),
    ]);
    this.#userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const platformOnly = PLATFORM_ONLY_PERMISSIONS.some(p =>
      isPermission(permission, p),
    );
    const templateGuarded = TEMPLATE_GUARDED_PERMISSIONS.some(p =>
      isPermission(permission, p),
    );
    if (!platformOnly && !templateGuarded) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (await this.isPrivileged(user)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (platformOnly) {
      return { result: AuthorizeResult.DENY };
    }
    if (isResourcePermission(permission, 'catalog-entity')) {
      // Anything but a Template: the catalog applies this to the entity at hand.
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.isEntityKind({ kinds: ['Template'] }),
      });
    }
    return { result: AuthorizeResult.DENY };
  }

  /** True for members of the platform group and for admins (by user or group ref). */
  async isPrivileged(user?: PolicyQueryUser): Promise<boolean> {
    if (!user) {
      return false;
    }
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    return ownershipEntityRefs.some(ref =>
      this.privilegedRefs.has(ref.toLocaleLowerCase('en-US')),
    );
  }
}
