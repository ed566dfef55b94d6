import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading scorecard results, roll-ups, trends and exports.
 *
 * @public
 */
export const scorecardsReadPermission = createPermission({
  name: 'scorecards.read',
  attributes: { action: 'read' },
});

/**
 * Evaluating the fleet, or one service, now: the platform team only (Conway's
 * permission policy lists it among the platform-only permissions).
 *
 * @public
 */
export const scorecardsRefreshPermission = createPermission({
  name: 'scorecards.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the scorecards plugin.
 *
 * @public
 */
export const scorecardsPermissions = [
  scorecardsReadPermission,
  scorecardsRefreshPermission,
];
