/**
 * Scaffolder actions for Conway's golden paths: `golden-path:render`,
 * `golden-path:validate`, `golden-path:publish-target`,
 * `golden-path:publish-local` and `golden-path:register-local`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGoldenPath as default } from './module';
export { createRenderGoldenPathAction } from './actions/render';
export type { RenderGoldenPathActionOptions } from './actions/render';
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
export { LocalRepositories } from './services/LocalRepositories';
export type {
  CreateRepositoryOptions,
  GitIdentity,
  LocalRepository,
} from './services/LocalRepositories';
