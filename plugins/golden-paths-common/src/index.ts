/**
 * Golden paths page: the HTTP API types and the permissions shared by
 * `@conway/plugin-golden-paths-backend` and `@conway/plugin-golden-paths`.
 *
 * @packageDocumentation
 */

export * from './apiTypes';
export * from './permissions';
