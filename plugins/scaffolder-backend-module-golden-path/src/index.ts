/**
 * Scaffolder actions for Conway's golden paths: `golden-path:render`,
 * `golden-path:validate`, `golden-path:publish-target`,
 * `golden-path:publish-local`, `golden-path:register-local`,
 * `golden-path:upgrade-target` and `golden-path:upgrade`. The code they share
 * with the golden-paths backend lives in `@conway/plugin-golden-paths-node`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGoldenPath as default } from './module';
export { createRenderGoldenPathAction } from './actions/render';
export type { RenderGoldenPathActionOptions } from './actions/render';
export {
  goldenPathScaffoldAnyOwnerPermission,
  goldenPathScaffolderPermissions,
} from './permissions';
export { createValidateGoldenPathAction } from './actions/validate';
export type { ValidateGoldenPathActionOptions } from './actions/validate';
export {
  createPublishTargetAction,
  DEFAULT_GITHUB_ORG,
  hasGithubIntegration,
} from './actions/publishTarget';
export type { PublishTargetActionOptions } from './actions/publishTarget';
export { createPublishLocalAction } from './actions/publishLocal';
export type { PublishLocalActionOptions } from './actions/publishLocal';
export { createRegisterLocalAction } from './actions/registerLocal';
export type { RegisterLocalActionOptions } from './actions/registerLocal';
export { createUpgradeGoldenPathAction } from './actions/upgrade';
export type { UpgradeGoldenPathActionOptions } from './actions/upgrade';
export { createUpgradeTargetAction } from './actions/upgradeTarget';
export type { UpgradeTargetActionOptions } from './actions/upgradeTarget';
