import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows reading the ownership report, its exports and what-if analyses.
 *
 * @public
 */
export const ownershipReportReadPermission = createPermission({
  name: 'ownership.report.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the ownership plugin.
 *
 * @public
 */
export const ownershipPermissions = [ownershipReportReadPermission];
