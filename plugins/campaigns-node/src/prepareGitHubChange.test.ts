import fs from 'node:fs';
import path from 'node:path';
import {
  createTemplateHistory,
  generateService,
  git,
  IDENTITY,
  teamEdit,
  tempRoot,
  type TemplateHistory,
} from './__testUtils__/fleet';
import { GitHubApiTestDouble } from './__testUtils__/GitHubApiTestDouble';
import { GitHubPullRequests } from './GitHubPullRequests';
import { prepareGitHubChange } from './prepareGitHubChange';

jest.setTimeout(120_000);

let root: string;
let history: TemplateHistory;
let github: GitHubApiTestDouble;
/** The "GitHub" repositories: bare repositories on disk that git pushes to. */
const remotes: Record<string, string> = {};

beforeAll(async () => {
  root = tempRoot();
  history = await createTemplateHistory(root);
  github = await new GitHubApiTestDouble().start();
  for (const name of ['inventory', 'shipping']) {
    const work = await generateService(
      history,
      path.join(root, 'work', name),
      name,
      'team-logistics',
    );
    if (name === 'shipping') {
      teamEdit(
        work,
        'k8s/base/deployment.yaml',
        text =>
          text.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 2'),
        'Fewer old ReplicaSets',
      );
    }
    remotes[name] = path.join(root, 'github', 'northwind', `${name}.git`);
    fs.mkdirSync(path.dirname(remotes[name]), { recursive: true });
    git(root, 'clone', '--quiet', '--bare', work, remotes[name]);
  }
});

afterAll(async () => {
  await github.stop();
  await history.source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

const prepare = (name: string, token = 'test-token') =>
  prepareGitHubChange({
    campaignId: 'replica-history',
    campaignTitle: 'Replica history',
    repositoryUrl: `https://github.com/northwind/${name}`,
    source: history.source,
    targetVersion: history.next,
    author: IDENTITY,
    token,
    pullRequests: new GitHubPullRequests({ apiBaseUrl: github.baseUrl, token }),
    remoteUrl: ({ repo }) => remotes[repo],
  });

describe('prepareGitHubChange (against a local HTTP test double of the GitHub API)', () => {
  it('pushes the branch and opens a pull request into the default branch', async () => {
    const change = await prepare('inventory');
    expect(change).toMatchObject({
      state: 'pr-open',
      branch: 'conway/campaign-replica-history',
      pullRequest: {
        number: 1,
        url: 'https://github.com/northwind/inventory/pull/1',
      },
    });
    if (change.state !== 'pr-open') throw new Error('unreachable');
    expect(
      git(remotes.inventory, 'rev-parse', 'conway/campaign-replica-history'),
    ).toBe(change.commit);
    expect(
      git(
        remotes.inventory,
        'show',
        'conway/campaign-replica-history:k8s/base/deployment.yaml',
      ),
    ).toContain('revisionHistoryLimit: 10');
    expect(github.calls).toEqual([
      {
        method: 'POST',
        path: '/repos/northwind/inventory/pulls',
        authorization: 'Bearer test-token',
        body: expect.objectContaining({
          head: 'conway/campaign-replica-history',
          base: 'main',
          title: `Replica history: upgrade to ${history.next}`,
          body: expect.stringContaining('`k8s/base/deployment.yaml`'),
        }),
      },
    ]);
  });

  it('finds the pull request already open on a second run', async () => {
    github.calls.length = 0;
    const change = await prepare('inventory');
    expect(change).toMatchObject({
      state: 'pr-open',
      pullRequest: { number: 1 },
    });
    expect(github.calls.map(c => `${c.method} ${c.path}`)).toEqual([
      'POST /repos/northwind/inventory/pulls',
      'GET /repos/northwind/inventory/pulls?head=northwind%3Aconway%2Fcampaign-replica-history&base=main&state=open',
    ]);
  });

  it('reads merged and closed pull requests', async () => {
    const pulls = new GitHubPullRequests({
      apiBaseUrl: github.baseUrl,
      token: 'test-token',
    });
    const ref = { owner: 'northwind', repo: 'inventory', number: 1 };
    expect(await pulls.state(ref)).toBe('open');
    github.finish(1, true);
    expect(await pulls.state(ref)).toBe('merged');
  });

  it('pushes nothing and opens no pull request for a conflicting upgrade', async () => {
    github.calls.length = 0;
    const change = await prepare('shipping');
    expect(change).toMatchObject({
      state: 'conflicted',
      conflicts: [{ path: 'k8s/base/deployment.yaml' }],
    });
    expect(git(remotes.shipping, 'branch', '--list')).toBe('* main');
    expect(github.calls).toEqual([]);
  });

  it('reports a refused token as failed, without the token in the error', async () => {
    fs.rmSync(
      path.join(
        root,
        'github',
        'northwind',
        'inventory.git',
        'refs',
        'heads',
        'conway',
      ),
      {
        recursive: true,
        force: true,
      },
    );
    const change = await prepare('inventory', 'wrong-secret-token');
    expect(change).toEqual({
      state: 'failed',
      error: expect.stringMatching(/401/),
    });
    expect(JSON.stringify(change)).not.toContain('wrong-secret-token');
  });
});
