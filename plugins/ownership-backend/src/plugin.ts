import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ownershipPermissions } from './permissions';
import { createRouter } from './router';
import { readOwnershipConfig } from './services/config';
import { OwnershipService } from './services/OwnershipService';

/**
 * The ownership backend plugin: serves the Conway's-law analysis of the
 * catalog under `/api/ownership`.
 *
 * @public
 */
export const ownershipPlugin = createBackendPlugin({
  pluginId: 'ownership',
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
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, auth, catalog, httpRouter, scheduler, lifecycle } = deps;
        const settings = readOwnershipConfig(deps.config);
        deps.permissionsRegistry.addPermissions(ownershipPermissions);

        const ownership = OwnershipService.create({
          logger,
          auth,
          catalog,
          pageSize: settings.pageSize,
          analysis: settings.analysis,
        });

        await scheduler.scheduleTask({
          id: 'ownership-report-refresh',
          // Each instance holds its own cached report.
          scope: 'local',
          frequency: { seconds: settings.refreshIntervalSeconds },
          initialDelay: { seconds: settings.refreshIntervalSeconds },
          timeout: { minutes: 5 },
          fn: async () => {
            await ownership.refreshIfChanged();
          },
        });

        if (settings.buildOnStartup) {
          // In the background, once the catalog serves: after a deploy the first
          // manager to open the page should not wait for the whole catalog read.
          lifecycle.addStartupHook(() => {
            ownership.refreshIfChanged().catch(error =>
              logger.warn(
                `Could not build the ownership report at startup; the first request will: ${stringifyError(error)}`,
              ),
            );
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            ownership,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
