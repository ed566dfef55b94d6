/**
 * The HTTP API of `@conway/plugin-kubernetes-consistency-backend`
 * (`/api/kubernetes-consistency`): what it returns, for the backend and the
 * portal's Cluster vs catalog views alike.
 *
 * @packageDocumentation
 */

export * from './apiTypes';
export * from './consistencyState';
