import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { CAMPAIGN_MERGED_TOPIC } from '@conway/plugin-campaigns-common';
import {
  LocalRepositories,
  TemplateVersions,
} from '@conway/plugin-golden-paths-node';
import { catalogAnalysisServiceRef } from '@conway/plugin-ownership-node';
import {
  collectRepositoryFacts,
  createManifestCheckCache,
} from '@conway/plugin-scorecards-node';
import { scorecardsPermissions } from './permissions';
import { createRouter } from './router';
import { readScorecardsConfig } from './services/config';
import { createClusterFactsReader } from './services/clusterFacts';
import { createRescoreOnMerge } from './services/rescoreOnMerge';
import { createLibraryEngine } from './services/libraryEngine';
import { FleetEvaluator } from './services/FleetEvaluator';
import { GuideReader } from './services/GuideReader';
import { ScorecardService } from './services/ScorecardService';
import { ScorecardStore } from './services/ScorecardStore';

/** The scheduled task that evaluates the whole fleet. */
export const FLEET_TASK_ID = 'scorecards-fleet';
/** The scheduled task that evaluates the services whose catalog entity changed. */
export const CHANGES_TASK_ID = 'scorecards-changes';

/**
 * The scorecards backend plugin: evaluates every service against the
 * scorecards, stores the results with their history, and serves them under
 * `/api/scorecards`.
 *
 * @public
 */
export const scorecardsPlugin = createBackendPlugin({
  pluginId: 'scorecards',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        analysis: catalogAnalysisServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { logger, scheduler } = deps;
        const settings = readScorecardsConfig(deps.config);
        deps.permissionsRegistry.addPermissions(scorecardsPermissions);

        const store = await ScorecardStore.create({ database: deps.database });
        const templateVersions = TemplateVersions.fromConfig(deps.config);
        // Policy results by manifest content: rendering overlays is what a run spends its time on.
        const manifestCache = createManifestCheckCache();
        deps.lifecycle.addShutdownHook(() => templateVersions.dispose());
        const evaluator = FleetEvaluator.create({
          engine: createLibraryEngine({
            definitionsDir: settings.definitionsDir,
            readRepository: (directory, serviceName) =>
              collectRepositoryFacts(directory, { manifestCache, serviceName }),
          }),
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          repositories: LocalRepositories.fromConfig(deps.config),
          templateVersions,
          analysis: deps.analysis,
          clusterFacts: createClusterFactsReader({
            discovery: deps.discovery,
            auth: deps.auth,
            logger,
          }),
          concurrency: settings.concurrency,
        });

        const logRun =
          (what: string) =>
          ({ run, skipped }: Awaited<ReturnType<FleetEvaluator['evaluateFleet']>>) => {
            if (run) {
              logger.info(
                `Scorecards: ${what} run ${run.id} evaluated ${run.serviceCount} services`,
              );
            } else if (skipped) {
              logger.debug(`Scorecards: ${what} run skipped, ${skipped}`);
            }
          };

        // Global scope: with several replicas on one database each run happens
        // on one of them, and every replica serves its results from the database.
        await scheduler.scheduleTask({
          id: FLEET_TASK_ID,
          scope: 'global',
          // No initial delay: the worker would sleep through it and miss a
          // triggered run (POST /refresh) until then.
          frequency: { minutes: settings.fleetIntervalMinutes },
          timeout: { minutes: 30 },
          fn: async () => logRun('fleet')(await evaluator.evaluateFleet()),
        });
        // The first change check after a start with no results evaluates the whole fleet.
        await scheduler.scheduleTask({
          id: CHANGES_TASK_ID,
          scope: 'global',
          frequency: { seconds: settings.changeCheckIntervalSeconds },
          initialDelay: { seconds: Math.min(settings.changeCheckIntervalSeconds, 10) },
          timeout: { minutes: 30 },
          fn: async () => logRun('change')(await evaluator.evaluateChanged()),
        });

        // A campaign's merged change re-scores its service at once. One
        // subscriber id: with the event bus, one replica handles each event.
        await deps.events.subscribe({
          id: 'rescore-on-campaign-merge',
          topics: [CAMPAIGN_MERGED_TOPIC],
          onEvent: createRescoreOnMerge({ evaluator, logger }),
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            scorecards: ScorecardService.create({ store }),
            evaluator,
            guides: new GuideReader(settings.guidesRoot),
            triggerFleetRun: () => scheduler.triggerTask(FLEET_TASK_ID),
          }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
