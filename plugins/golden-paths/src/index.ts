/**
 * Golden paths in the portal (new frontend system): versions of each golden
 * path, the services on each version, drift, and upgrades.
 *
 * @packageDocumentation
 */

export { goldenPathsPlugin as default } from './plugin';
export { goldenPathsApiRef } from './api/GoldenPathsApi';
export type { GoldenPathsApi } from './api/GoldenPathsApi';
export { GoldenPathsClient } from './api/GoldenPathsClient';
