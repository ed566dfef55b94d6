import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  runGit,
  type GitIdentity,
  type TemplateVersionSource,
} from '@conway/golden-path';
import { campaignBranchName } from '@conway/plugin-campaigns-common';
import {
  GitHubPullRequests,
  parseGitHubRepository,
  type PullRequestRef,
} from './GitHubPullRequests';
import { prepareLocalChange, type PreparedChange } from './prepareLocalChange';

/** How preparing a GitHub-hosted service's change ended. @public */
export type PreparedPullRequest =
  | Exclude<PreparedChange, { state: 'branch-open' }>
  | {
      state: 'pr-open';
      branch: string;
      commit: string;
      fromVersion: string;
      toVersion: string;
      pullRequest: PullRequestRef;
    };

/** Options of {@link prepareGitHubChange}. @public */
export interface PrepareGitHubChangeOptions {
  campaignId: string;
  campaignTitle: string;
  /** `https://github.com/<owner>/<repo>`. */
  repositoryUrl: string;
  source: TemplateVersionSource;
  targetVersion: string;
  author?: GitIdentity;
  pullRequests: GitHubPullRequests;
  /** The token git pushes with (sent as an HTTP header, never in a URL). */
  token: string;
  /**
   * Where git clones and pushes; the repository URL with `.git` by default.
   * Tests point it at a local bare repository.
   */
  remoteUrl?: (repository: { owner: string; repo: string }) => string;
}

/** Git configuration through the environment, so the token is in no command line. */
function authEnv(remote: string, token: string): Record<string, string> {
  if (!remote.startsWith('https://')) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    GIT_TERMINAL_PROMPT: '0',
  };
}

/**
 * Prepares a campaign's change for a service hosted on GitHub: clones its
 * default branch into a temporary directory, prepares the change there as
 * {@link prepareLocalChange} does, pushes the branch `conway/campaign-<id>`
 * and opens a pull request into the default branch. A conflicting upgrade
 * pushes nothing. The temporary clone is always removed.
 *
 * @public
 */
export async function prepareGitHubChange(
  options: PrepareGitHubChangeOptions,
): Promise<PreparedPullRequest> {
  const branch = campaignBranchName(options.campaignId);
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'conway-campaign-'));
  const clone = path.join(temp, 'repo');
  try {
    const repository = parseGitHubRepository(options.repositoryUrl);
    const remote =
      options.remoteUrl?.(repository) ??
      `https://github.com/${repository.owner}/${repository.repo}.git`;
    const env = authEnv(remote, options.token);
    await runGit(['clone', '--quiet', '--no-tags', '--', remote, clone], {
      cwd: temp,
      env,
    });
    // A branch pushed by an earlier run: prepareLocalChange then recognises it.
    await runGit(['branch', '--quiet', '--track', branch, `origin/${branch}`], {
      cwd: clone,
      allowFailure: true,
    });
    const prepared = await prepareLocalChange({ ...options, repoDir: clone });
    if (prepared.state !== 'branch-open') return prepared;
    await runGit(
      [
        'push',
        '--quiet',
        'origin',
        `refs/heads/${branch}:refs/heads/${branch}`,
      ],
      { cwd: clone, env },
    );
    const pullRequest = await options.pullRequests.open({
      ...repository,
      head: branch,
      base: prepared.baseBranch,
      title: `${options.campaignTitle}: upgrade to ${prepared.toVersion}`,
      body: [
        `Conway campaign **${options.campaignTitle}** (\`${options.campaignId}\`): upgrade from ${prepared.fromVersion} to ${prepared.toVersion} through the golden path's three-way merge; your team's edits are kept.`,
        '',
        'Changed files:',
        ...prepared.changedFiles.map(file => `- \`${file}\``),
      ].join('\n'),
    });
    return {
      state: 'pr-open',
      branch,
      commit: prepared.commit,
      fromVersion: prepared.fromVersion,
      toVersion: prepared.toVersion,
      pullRequest,
    };
  } catch (error) {
    return { state: 'failed', error: (error as Error).message };
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}
