import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { catalogAnalysisServiceRef } from '@conway/plugin-ownership-node';
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
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        analysis: catalogAnalysisServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler, lifecycle } = deps;
        const settings = readOwnershipConfig(deps.config);
        deps.permissionsRegistry.addPermissions(ownershipPermissions);

        // One analysis per process, shared with the catalog processor module.
        const ownership = OwnershipService.create({ analysis: deps.analysis });

        await scheduler.scheduleTask({
          id: 'ownership-report-refresh',
          // Each backend instance holds its own analysis, shared by its plugins.
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
            ownership
              .refreshIfChanged()
              .catch(error =>
                logger.warn(
                  `Could not build the ownership report at startup; the first request will: ${stringifyError(
                    error,
                  )}`,
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
