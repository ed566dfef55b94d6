import { createPermission } from '@backstage/plugin-permission-common';

/** Starting, editing and closing campaigns: the platform team only. @public */
export const campaignsManagePermission = createPermission({
  name: 'campaigns.manage',
  attributes: { action: 'update' },
});

/** Every permission of the campaigns plugin. @public */
export const campaignsPermissions = [campaignsManagePermission];
