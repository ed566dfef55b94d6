/**
 * Event topic the campaigns backend publishes (through Backstage's events
 * service) when a service's campaign change has merged, so that the
 * scorecards backend re-scores that service at once.
 *
 * @public
 */
export const CAMPAIGN_MERGED_TOPIC = 'conway.campaigns.merged';

/** Payload of a {@link CAMPAIGN_MERGED_TOPIC} event. @public */
export interface CampaignMergedEventPayload {
  campaignId: string;
  /** The merged service, as a lowercase entity ref. */
  entityRef: string;
}

/**
 * Whether an event payload is a {@link CampaignMergedEventPayload}: events
 * cross process boundaries (the event bus), so subscribers check before use.
 *
 * @public
 */
export function isCampaignMergedEventPayload(
  payload: unknown,
): payload is CampaignMergedEventPayload {
  if (typeof payload !== 'object' || payload === null) return false;
  const { campaignId, entityRef } = payload as Record<string, unknown>;
  return (
    Object.hasOwn(payload, 'entityRef') &&
    Object.hasOwn(payload, 'campaignId') &&
    typeof campaignId === 'string' &&
    typeof entityRef === 'string' &&
    entityRef.length > 0
  );
}
