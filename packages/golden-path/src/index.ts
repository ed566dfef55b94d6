/**
 * Renders and validates Conway golden-path templates: one implementation shared
 * by the portal's scaffolder actions, the CLI generator and tests.
 *
 * @packageDocumentation
 */

export type { JsonObject, JsonValue } from './types';
export * from './errors';
export type { Finding, PolicyFinding, Severity } from './findings';

export {
  loadTemplate,
  TEMPLATE_VERSION_ANNOTATION,
} from './template/loadTemplate';
export type { Answers, GoldenPathTemplate } from './template/types';
export { checkTemplate, TEMPLATE_CHECKS } from './template/checkTemplate';
export { checkProject, ProjectFileError } from './project/checkProject';
export type {
  CheckProjectOptions,
  ProjectReport,
} from './project/checkProject';
export type {
  AnswerFixture,
  AnswerSetCheck,
  CheckTemplateOptions,
} from './template/checkTemplate';

export { buildAnswerSchema } from './answers/answerSchema';
export type {
  AnswerPropertySchema,
  AnswerSchema,
  TemplateParameters,
} from './answers/answerSchema';
export { validateAnswers } from './answers/validateAnswers';
export type { DerivedName } from './answers/derivedNames';

export { buildRenderContext } from './render/context';
export type { RenderContext } from './render/context';
export { TEMPLATE_HELPERS } from './render/helpers';
export { renderSkeleton } from './render/renderSkeleton';
export type { RenderedFile } from './render/renderSkeleton';
export { writeRenderedFiles } from './render/writeRenderedFiles';
export type { WriteOptions } from './render/writeRenderedFiles';
export { renderToDirectory } from './render/renderToDirectory';
export type { RenderToDirectoryResult } from './render/renderToDirectory';
export {
  createGenerationRecord,
  GENERATION_RECORD_PATH,
  readGenerationRecord,
  serializeGenerationRecord,
} from './render/generationRecord';
export type { GenerationRecord } from './render/generationRecord';

export { loadManifests } from './manifests/loadManifests';
export { renderKustomize } from './manifests/kustomize';
export type { KustomizeOptions } from './manifests/kustomize';
export { KNOWN_KINDS, validateManifestSchemas } from './manifests/schemas';
export { checkPolicies, KUBERNETES_ID } from './manifests/policy';
export type { CheckPoliciesOptions } from './manifests/policy';
export { POLICY_CHECKS } from './manifests/checks';
export type { CheckDescription } from './manifests/checks';
export { checkManifestDirectory } from './manifests/checkManifestDirectory';
export type { CheckManifestDirectoryOptions } from './manifests/checkManifestDirectory';
export { formatReport } from './manifests/formatReport';
export type { FormatReportOptions } from './manifests/formatReport';
export type { ManifestObject, ManifestReport } from './manifests/types';

export { validateCatalogInfo } from './catalog/validateCatalogInfo';

export { mergeThreeWay } from './merge/mergeThreeWay';
export type { MergeResult } from './merge/mergeThreeWay';

export type { TemplateVersionSource } from './upgrade/TemplateVersionSource';
export { loadTemplateVersion } from './upgrade/TemplateVersionSource';
export { GitTemplateVersionSource } from './upgrade/GitTemplateVersionSource';
export type { GitTemplateVersionSourceOptions } from './upgrade/GitTemplateVersionSource';
export {
  DirectoryTemplateVersionSource,
  exportTemplateVersions,
} from './upgrade/DirectoryTemplateVersionSource';
export type {
  DirectoryTemplateVersionSourceOptions,
  ExportTemplateVersionsOptions,
} from './upgrade/DirectoryTemplateVersionSource';
export { compareVersions } from './upgrade/semver';
export { parseChangelog } from './upgrade/changelog';
export type { ChangelogSection } from './upgrade/changelog';
export { UpgradeError } from './upgrade/UpgradeError';
export type { UpgradeErrorCode } from './upgrade/UpgradeError';
export { planUpgrade } from './upgrade/planUpgrade';
export type {
  PlanUpgradeOptions,
  UpgradeAction,
  UpgradeChange,
  UpgradeConflict,
  UpgradeConflictKind,
  UpgradeOperation,
  UpgradePlan,
  UpgradeResult,
} from './upgrade/types';
export { applyUpgrade } from './upgrade/applyUpgrade';
export type { ApplyUpgradeOptions } from './upgrade/applyUpgrade';
export {
  upgradeBranchName,
  upgradeCommitMessage,
  isTemporaryUpgradeWorktree,
  upgradeRepository,
} from './upgrade/upgradeRepository';
export type {
  UpgradeRepositoryOptions,
  UpgradeRepositoryResult,
} from './upgrade/upgradeRepository';
export { upgradeFleet } from './upgrade/upgradeFleet';
export type {
  FleetUpgradeOutcome,
  UpgradeFleetOptions,
} from './upgrade/upgradeFleet';
export { inspectService } from './upgrade/inspectService';
export type { ServiceTemplateStatus } from './upgrade/inspectService';
export {
  GitCommandError,
  gitText,
  identityArgs,
  runGit,
} from './upgrade/git';
export type { GitIdentity, GitOutput, RunGitOptions } from './upgrade/git';

export * from './pipelines';
