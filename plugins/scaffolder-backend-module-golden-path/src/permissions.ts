import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Scaffolding a golden path for an owning team the user does not belong to.
 *
 * @remarks
 * `golden-path:render` lets a user pick as owner only a team they are a member
 * of (or a group above such a team). Whoever is granted this permission may
 * pick any team: Conway's policy grants it to the platform group and the
 * configured admins.
 *
 * @public
 */
export const goldenPathScaffoldAnyOwnerPermission = createPermission({
  name: 'golden-path.scaffold.any-owner',
  attributes: { action: 'create' },
});

/** Every permission of the golden-path scaffolder module. @public */
export const goldenPathScaffolderPermissions = [
  goldenPathScaffoldAnyOwnerPermission,
];
