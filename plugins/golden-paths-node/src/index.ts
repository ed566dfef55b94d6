/**
 * Node code of Conway's golden paths shared by the scaffolder module's
 * actions and the golden-paths backend: the local repositories golden paths
 * publish into, the template directory a task renders from, who commits, and
 * upgrading a scaffolded service in its repository.
 *
 * @packageDocumentation
 */

export { LocalRepositories } from './LocalRepositories';
export type {
  CreateRepositoryOptions,
  LocalRepository,
} from './LocalRepositories';
export {
  readGoldenPathDirectories,
  resolveTemplateDirectory,
} from './templateDirectory';
export { commitAuthor, defaultAuthor } from './author';
export {
  serviceRepositoryOf,
  TEMPLATE_ANNOTATION,
} from './upgrade/serviceRepository';
export { TemplateVersions } from './upgrade/TemplateVersions';
export type { TemplateVersionsOptions } from './upgrade/TemplateVersions';
export { outcomeOf, toBackstageError } from './upgrade/upgradeOutcome';
export {
  assertCleanRepository,
  upgradeLocalService,
  upgradeLocalServices,
} from './upgrade/upgradeLocalService';
export type { UpgradeLocalServiceOptions } from './upgrade/upgradeLocalService';
