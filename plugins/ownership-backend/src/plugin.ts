import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import path from 'path';
import { stringifyError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  catalogAnalysisServiceRef,
  readCatalogAnalysisSettings,
} from '@conway/plugin-ownership-node';
import { ownershipPermissions } from './permissions';
import { createRouter } from './router';
import { readOwnershipConfig } from './services/config';
import { OwnershipService } from './services/OwnershipService';
import { readHistoryConfig } from './services/historyConfig';
import { HistoryService } from './services/HistoryService';
import { HistoryStore } from './services/HistoryStore';

/** The scheduled task that mines the git history of the catalog's components. */
export const HISTORY_TASK_ID = 'ownership-history';

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
        database: coreServices.database,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        analysis: catalogAnalysisServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, scheduler, lifecycle } = deps;
        const settings = readOwnershipConfig(deps.config);
        const historySettings = readHistoryConfig(deps.config);
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

        const localRepositories = deps.config.getOptionalString(
          'conway.localRepositories.directory',
        );
        const history = HistoryService.create({
          store: historySettings.enabled
            ? await HistoryStore.create({ database: deps.database })
            : undefined,
          settings: historySettings,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          pageSize: readCatalogAnalysisSettings(deps.config).pageSize,
          ...(localRepositories
            ? { localRepositories: path.resolve(localRepositories) }
            : {}),
        });
        if (historySettings.enabled) {
          // Global scope: with several replicas on one database each run happens
          // once, on one of them; every replica serves the stored results.
          await scheduler.scheduleTask({
            id: HISTORY_TASK_ID,
            scope: 'global',
            // No scheduler initialDelay: the worker would sleep through it and
            // miss a triggered run (POST /history/refresh); the run waits instead.
            frequency: { minutes: historySettings.intervalMinutes },
            timeout: { minutes: historySettings.timeoutMinutes },
            fn: async signal => {
              if (!(await history.waitForInitialDelay(signal))) return;
              const outcome = await history.run();
              if ('skipped' in outcome) {
                logger.info(
                  `Ownership history: run skipped, ${outcome.skipped}`,
                );
              }
            },
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            ownership,
            history: {
              history,
              // A run waiting for the initial delay here starts at once; otherwise
              // whichever replica claims the task runs it.
              triggerRun: async () => {
                if (!history.wake())
                  await scheduler.triggerTask(HISTORY_TASK_ID);
              },
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
