import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  taskCreatePermission,
  templateDryRunPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  goldenPathsFleetUpgradePermission,
  goldenPathsReadPermission,
  goldenPathsUpgradePermission,
} from '@conway/plugin-golden-paths-common';
import { campaignsManagePermission } from '@conway/plugin-campaigns-common';
import { goldenPathScaffoldAnyOwnerPermission } from '@conway/plugin-scaffolder-backend-module-golden-path';
import { scorecardsRefreshPermission } from '@conway/plugin-scorecards-backend';
import { ConwayPermissionPolicy } from './ConwayPermissionPolicy';

/** Ownership refs as sign-in resolves them: the user and their direct groups. */
const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/ada.lovelace': ['group:default/team-checkout'],
  'user:default/anouk.bakker': ['group:default/team-sre'],
  'user:default/grace.hopper': ['group:default/team-data'],
  'user:default/linus': ['group:default/Team-Admins'],
};

const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const userEntityRef = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef,
      ownershipEntityRefs: [
        userEntityRef,
        ...(MEMBERSHIPS[userEntityRef] ?? []),
      ],
    };
  },
};

const as = (userEntityRef: string): PolicyQueryUser => ({
  credentials: mockCredentials.user(userEntityRef),
  info: { userEntityRef, ownershipEntityRefs: [] },
});

const ada = as('user:default/ada.lovelace');
const anouk = as('user:default/anouk.bakker');

describe('ConwayPermissionPolicy', () => {
  const policy = ConwayPermissionPolicy.fromConfig(
    new ConfigReader({
      conway: {
        permissions: {
          admins: ['grace.hopper', 'group:default/team-admins'],
        },
      },
    }),
    userInfo,
  );
  const decide = (permission: Permission, user?: PolicyQueryUser) =>
    policy.handle({ permission }, user);

  it.each([
    ['template management (editor)', templateManagementPermission],
    ['fleet upgrades', goldenPathsFleetUpgradePermission],
    ['scaffolding for any owner', goldenPathScaffoldAnyOwnerPermission],
    ['starting, editing and closing campaigns', campaignsManagePermission],
    ['evaluating scorecards on demand', scorecardsRefreshPermission],
  ])('grants %s to the platform group only', async (_, permission) => {
    expect(await decide(permission, anouk)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await decide(permission, ada)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await decide(permission, undefined)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('treats admins, by user ref or by group ref in any case, like the platform group', async () => {
    for (const admin of ['user:default/grace.hopper', 'user:default/linus']) {
      expect(
        await decide(goldenPathsFleetUpgradePermission, as(admin)),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it.each(
    [catalogEntityDeletePermission, catalogEntityRefreshPermission].map(p => [
      p.name,
      p,
    ]),
  )(
    'lets a developer use %s on anything but a Template',
    async (_, permission) => {
      expect(await decide(permission, ada)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          not: {
            rule: 'IS_ENTITY_KIND',
            resourceType: 'catalog-entity',
            params: { kinds: ['Template'] },
          },
        },
      });
      expect(await decide(permission, anouk)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each(
    [
      catalogEntityReadPermission,
      catalogLocationCreatePermission,
      taskCreatePermission,
      templateDryRunPermission,
      goldenPathsReadPermission,
      goldenPathsUpgradePermission,
    ].map(p => [p.name, p]),
  )('leaves %s open to every signed-in user', async (_, permission) => {
    expect(await decide(permission, ada)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('defaults the platform group to team-sre and names a bad ref in config', () => {
    expect(
      ConwayPermissionPolicy.fromConfig(new ConfigReader({}), userInfo)
        .platformGroup,
    ).toBe('group:default/team-sre');
    expect(() =>
      ConwayPermissionPolicy.fromConfig(
        new ConfigReader({ conway: { permissions: { admins: ['group:'] } } }),
        userInfo,
      ),
    ).toThrow(/conway.permissions.admins: 'group:' is not an entity ref/);
  });
});
