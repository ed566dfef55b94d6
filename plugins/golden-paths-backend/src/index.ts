/**
 * Backend of Conway's Golden paths page: the golden paths, their versions and
 * changelogs, the services on each version with their drift and last upgrade,
 * and upgrades of one service or every service behind, under
 * `/api/golden-paths` (contract: `@conway/plugin-golden-paths-common`).
 *
 * @packageDocumentation
 */

export { goldenPathsPlugin as default } from './plugin';
