import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kubernetesConsistencyPermissions } from './permissions';
import { createRouter } from './router';
import { readConsistencySettings } from './services/config';
import { ConsistencyService } from './services/ConsistencyService';

/**
 * The kubernetes-consistency backend plugin: compares the workloads of the
 * configured clusters with the catalog, under `/api/kubernetes-consistency`.
 *
 * @public
 */
export const kubernetesConsistencyPlugin = createBackendPlugin({
  pluginId: 'kubernetes-consistency',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const settings = readConsistencySettings(deps.config);
        deps.permissionsRegistry.addPermissions(
          kubernetesConsistencyPermissions,
        );
        const consistency = ConsistencyService.create({
          logger: deps.logger,
          auth: deps.auth,
          catalog: deps.catalog,
          settings,
        });
        deps.logger.info(
          `Comparing ${
            settings.clusters.map(c => `'${c.name}'`).join(', ') ||
            'no clusters (none configured)'
          } with the catalog; reports are reused for ${
            settings.refreshIntervalSeconds
          } s`,
        );
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            consistency,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
