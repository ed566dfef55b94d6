/**
 * Node code of Conway's campaigns: which services a golden-path release
 * affects, preparing each service's change with the three-way upgrade engine
 * (a branch in its local repository, or a GitHub pull request), and detecting
 * merged changes.
 *
 * @packageDocumentation
 */

export {
  affectedByRefs,
  affectedByTemplateRelease,
  isVersionAtLeast,
  ownerRefOf,
} from './affectedServices';
export type { AffectedService } from './affectedServices';
export {
  detectLocalMerge,
  isMergedInto,
  prepareLocalChange,
} from './prepareLocalChange';
export type {
  MergeStatus,
  PreparedChange,
  PrepareLocalChangeOptions,
} from './prepareLocalChange';
export {
  GitHubPullRequests,
  parseGitHubRepository,
} from './GitHubPullRequests';
export type {
  GitHubPullRequestsOptions,
  PullRequestRef,
  PullRequestState,
} from './GitHubPullRequests';
export { prepareGitHubChange } from './prepareGitHubChange';
export type {
  PrepareGitHubChangeOptions,
  PreparedPullRequest,
} from './prepareGitHubChange';
