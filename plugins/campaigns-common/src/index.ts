/**
 * Campaigns that ship a change across the fleet: the campaign model, the
 * per-service state machine, grouping per team, the burndown, the HTTP API
 * types and the permissions, shared by the campaigns backend, its node
 * library and the campaigns page.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './stateMachine';
export * from './progress';
export * from './validation';
export * from './permissions';
export * from './apiTypes';
export * from './events';
