import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  CAMPAIGN_MERGED_TOPIC,
  campaignsPermissions,
  type CampaignMergedEventPayload,
} from '@conway/plugin-campaigns-common';
import { GitHubPullRequests } from '@conway/plugin-campaigns-node';
import {
  defaultAuthor,
  LocalRepositories,
  TemplateVersions,
} from '@conway/plugin-golden-paths-node';
import { createRouter } from './router';
import { CampaignRunner } from './services/CampaignRunner';
import { CampaignsService } from './services/CampaignsService';
import { CampaignStore } from './services/CampaignStore';
import { ScorecardsCheckStatuses } from './services/checkStatuses';
import { readCampaignsConfig } from './services/config';
import { createOwnerNotifier } from './services/notifyOwners';

/** The scheduler task running every active campaign. */
const RUN_TASK_ID = 'campaigns-run';

/**
 * The campaigns backend plugin: campaigns that ship a golden-path release or
 * a scorecard fix to the fleet, under `/api/campaigns`.
 *
 * @public
 */
export const campaignsPlugin = createBackendPlugin({
  pluginId: 'campaigns',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const settings = readCampaignsConfig(config);
        deps.permissionsRegistry.addPermissions(campaignsPermissions);
        const templateVersions = TemplateVersions.fromConfig(config);
        deps.lifecycle.addShutdownHook(() => templateVersions.dispose());
        const store = await CampaignStore.create({ database: deps.database });
        const notifyOwners = createOwnerNotifier({
          notifications: deps.notifications,
        });
        const runner = new CampaignRunner({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          repositories: LocalRepositories.fromConfig(config),
          templateVersions,
          author: defaultAuthor(config),
          concurrency: settings.concurrency,
          github: settings.github && {
            token: settings.github.token,
            pullRequests: new GitHubPullRequests(settings.github),
          },
          checks: new ScorecardsCheckStatuses({
            discovery: deps.discovery,
            auth: deps.auth,
          }),
          onChange: async (campaign, service, previous) => {
            await notifyOwners(campaign, service, previous);
            if (service.state === 'merged') {
              const eventPayload: CampaignMergedEventPayload = {
                campaignId: campaign.id,
                entityRef: service.entityRef,
              };
              // The scorecards backend re-scores the service on this.
              await deps.events.publish({
                topic: CAMPAIGN_MERGED_TOPIC,
                eventPayload,
              });
            }
          },
        });
        // Global: with several replicas on one database, each run happens once.
        await scheduler.scheduleTask({
          id: RUN_TASK_ID,
          scope: 'global',
          frequency: { seconds: settings.runIntervalSeconds },
          timeout: { seconds: settings.runTimeoutSeconds },
          initialDelay: { seconds: 10 },
          fn: async () => {
            for (const summary of await runner.runActive()) {
              logger.info(
                `Campaign '${summary.campaignId}': ${
                  summary.added
                } services added, ${summary.changed} changed in ${Math.round(
                  summary.durationMs,
                )} ms`,
              );
            }
          },
        });
        const campaigns = new CampaignsService({
          store,
          runner,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          templateVersions,
          triggerRun: () => scheduler.triggerTask(RUN_TASK_ID),
        });
        deps.httpRouter.use(
          await createRouter({ httpAuth: deps.httpAuth, campaigns }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
