import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createKubernetesApplyAction } from './actions/apply';

/**
 * Scaffolder module with `kubernetes:apply`: policy-checked server-side apply
 * of rendered manifests to a cluster of app-config.
 *
 * @public
 */
export const scaffolderModuleKubernetes = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kubernetes',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        scaffolder.addActions(createKubernetesApplyAction({ config, logger }));
      },
    });
  },
});
