import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ConwayPermissionPolicy } from './ConwayPermissionPolicy';

/**
 * Installs {@link ConwayPermissionPolicy}: platform-only template management,
 * fleet upgrades and any-owner scaffolding; everything else open to signed-in
 * users. Configured by `conway.permissions`.
 */
export const permissionModuleConwayPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'conway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const conwayPolicy = ConwayPermissionPolicy.fromConfig(
          config,
          userInfo,
        );
        policy.setPolicy(conwayPolicy);
        logger.info(
          `Conway permission policy: platform group ${
            conwayPolicy.platformGroup
          }; privileged refs ${[...conwayPolicy.privilegedRefs].join(', ')}`,
        );
      },
    });
  },
});
