import { ResponseError } from '@backstage/errors';

/** Options of {@link GitHubPullRequests}. @public */
export interface GitHubPullRequestsOptions {
  /** `https://api.github.com`, or a GitHub Enterprise `https://<host>/api/v3`. */
  apiBaseUrl: string;
  /** A token allowed to push branches and open pull requests. */
  token: string;
  fetch?: typeof fetch;
}

/** A pull request as campaigns track it. @public */
export interface PullRequestRef {
  number: number;
  url: string;
}

/** Where a pull request stands. @public */
export type PullRequestState = 'open' | 'merged' | 'closed';

/** `owner` and `repo` of `https://github.com/<owner>/<repo>[.git]`. @public */
export function parseGitHubRepository(url: string): {
  owner: string;
  repo: string;
} {
  const match = /^https:\/\/[^/]+\/([^/?#]+)\/([^/?#]+?)(?:\.git)?\/?$/.exec(
    url,
  );
  if (!match) {
    throw new TypeError(
      `'${url}' is not a GitHub repository URL (https://github.com/<owner>/<repo>)`,
    );
  }
  return { owner: match[1], repo: match[2] };
}

/**
 * The few calls of GitHub's REST API campaigns make: open a pull request (or
 * find the one already open for the branch) and read whether it was merged.
 * Plain `fetch`; the token is sent in the Authorization header only.
 *
 * @public
 */
export class GitHubPullRequests {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GitHubPullRequestsOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    return this.fetch(`${this.options.apiBaseUrl.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.options.token}`,
        'x-github-api-version': '2022-11-28',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  /**
   * Opens a pull request from `head` into `base`; when GitHub answers that
   * one is already open for the branch (a run repeated after a crash), that
   * one is returned.
   */
  async open(options: {
    owner: string;
    repo: string;
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<PullRequestRef> {
    const { owner, repo, head, base, title, body } = options;
    const repoPath = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(
      repo,
    )}`;
    const created = await this.call('POST', `${repoPath}/pulls`, {
      title,
      head,
      base,
      body,
      maintainer_can_modify: true,
    });
    if (created.ok) {
      const pr = await created.json();
      return { number: pr.number, url: pr.html_url };
    }
    if (created.status === 422) {
      const query = new URLSearchParams({
        head: `${owner}:${head}`,
        base,
        state: 'open',
      });
      const found = await this.call('GET', `${repoPath}/pulls?${query}`);
      if (found.ok) {
        const [pr] = await found.json();
        if (pr) return { number: pr.number, url: pr.html_url };
      }
    }
    throw await ResponseError.fromResponse(created);
  }

  /** Whether the pull request is open, merged or closed without merging. */
  async state(options: {
    owner: string;
    repo: string;
    number: number;
  }): Promise<PullRequestState> {
    const { owner, repo, number } = options;
    const response = await this.call(
      'GET',
      `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(
        repo,
      )}/pulls/${number}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const pr = await response.json();
    if (pr.merged === true || pr.merged_at) return 'merged';
    return pr.state === 'closed' ? 'closed' : 'open';
  }
}
