/**
 * Campaigns backend: campaigns that ship a change across the fleet, their
 * per-service changes prepared on the scheduler, under `/api/campaigns`.
 *
 * @packageDocumentation
 */

export { campaignsPlugin as default } from './plugin';
