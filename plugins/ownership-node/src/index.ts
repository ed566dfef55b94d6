/**
 * Catalog reading for the ownership analysis, shared by the ownership backend
 * and the catalog processor module.
 *
 * @packageDocumentation
 */
export * from './catalogEntities';
