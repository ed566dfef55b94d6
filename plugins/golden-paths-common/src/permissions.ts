import { createPermission } from '@backstage/plugin-permission-common';

/** Reading golden paths, their versions and the services on each. @public */
export const goldenPathsReadPermission = createPermission({
  name: 'golden-paths.read',
  attributes: { action: 'read' },
});

/**
 * Upgrading one service: commits the upgrade on a new branch (or opens a
 * pull request). Granted to the service's owners and to the platform team.
 *
 * @public
 */
export const goldenPathsUpgradePermission = createPermission({
  name: 'golden-paths.upgrade',
  attributes: { action: 'update' },
});

/** Upgrading every service of a golden path at once: the platform team only. @public */
export const goldenPathsFleetUpgradePermission = createPermission({
  name: 'golden-paths.upgrade.fleet',
  attributes: { action: 'update' },
});

/** Every permission of the golden-paths plugin. @public */
export const goldenPathsPermissions = [
  goldenPathsReadPermission,
  goldenPathsUpgradePermission,
  goldenPathsFleetUpgradePermission,
];
