/**
 * Campaigns page of the portal (new frontend system).
 *
 * @packageDocumentation
 */

export { campaignsPlugin as default } from './plugin';
export { campaignsApiRef, CampaignsClient } from './api';
export type { CampaignsApi, CheckRef } from './api';
