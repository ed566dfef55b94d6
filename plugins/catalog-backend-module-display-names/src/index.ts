/**
 * Catalog module: Users and Groups without a `metadata.title` get their
 * `spec.profile.displayName` as title.
 *
 * @packageDocumentation
 */

export { catalogModuleDisplayNames as default } from './module';
export { ProfileTitleProcessor } from './ProfileTitleProcessor';
