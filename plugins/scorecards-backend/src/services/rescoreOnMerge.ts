import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { EventParams } from '@backstage/plugin-events-node';
import { isCampaignMergedEventPayload } from '@conway/plugin-campaigns-common';
import type { FleetEvaluator } from './FleetEvaluator';

/**
 * The handler of the campaigns' merged events: re-evaluates just the merged
 * service (the same one-service path as `POST /refresh?entity=`), so its
 * scorecard shows the merged change without waiting for the next fleet run.
 * A merge leaves the catalog entity as it was, so the catalog-change task
 * would not see it. A bad payload or a failed evaluation is logged, never
 * thrown: the next scheduled run covers the service anyway.
 */
export function createRescoreOnMerge(options: {
  evaluator: Pick<FleetEvaluator, 'evaluateOne'>;
  logger: LoggerService;
}): (event: EventParams) => Promise<void> {
  const { evaluator, logger } = options;
  return async event => {
    const payload = event.eventPayload;
    if (!isCampaignMergedEventPayload(payload)) {
      logger.warn(
        `Scorecards: ignored a ${event.topic} event without a campaignId and an entityRef`,
      );
      return;
    }
    try {
      const { run } = await evaluator.evaluateOne(payload.entityRef);
      logger.info(
        `Scorecards: re-scored ${payload.entityRef} after campaign '${payload.campaignId}' merged (run ${run?.id})`,
      );
    } catch (error) {
      logger.warn(
        `Scorecards: could not re-score ${payload.entityRef} after campaign '${
          payload.campaignId
        }' merged: ${stringifyError(error)}`,
      );
    }
  };
}
