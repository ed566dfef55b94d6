import fs from 'node:fs';
import path from 'node:path';
import {
  createTemplateHistory,
  generateService,
  git,
  IDENTITY,
  repositorySnapshot,
  teamEdit,
  tempRoot,
  type TemplateHistory,
} from './__testUtils__/fleet';
import { detectLocalMerge, prepareLocalChange } from './prepareLocalChange';

jest.setTimeout(120_000);

let root: string;
let history: TemplateHistory;
const repos: Record<string, string> = {};

beforeAll(async () => {
  root = tempRoot();
  history = await createTemplateHistory(root);
  const dir = (name: string) => path.join(root, 'repositories', name);
  fs.mkdirSync(dir(''), { recursive: true });
  // billing: untouched; orders: its team rewrote the README; payments: its
  // team set the same line the release changes; ledger: its record names a
  // version the template never had; dirty: uncommitted work.
  repos.billing = await generateService(
    history,
    dir('billing'),
    'billing',
    'team-checkout',
  );
  repos.orders = await generateService(
    history,
    dir('orders'),
    'orders',
    'team-checkout',
  );
  teamEdit(
    repos.orders,
    'README.md',
    text => `${text}\n## Runbook\n\nPage the checkout team.\n`,
    'Runbook',
  );
  repos.payments = await generateService(
    history,
    dir('payments'),
    'payments',
    'team-payments',
  );
  teamEdit(
    repos.payments,
    'k8s/base/deployment.yaml',
    text => text.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 3'),
    'Fewer old ReplicaSets',
  );
  repos.ledger = await generateService(
    history,
    dir('ledger'),
    'ledger',
    'team-payments',
  );
  teamEdit(
    repos.ledger,
    '.conway/golden-path.json',
    text =>
      text.replace(`"version": "${history.current}"`, '"version": "0.0.1"'),
    'Hand-edited record',
  );
  repos.interrupted = await generateService(
    history,
    dir('interrupted'),
    'interrupted',
    'team-checkout',
  );
  repos.foreign = await generateService(
    history,
    dir('foreign'),
    'foreign',
    'team-checkout',
  );
  repos.dirty = await generateService(
    history,
    dir('dirty'),
    'dirty',
    'team-payments',
  );
  fs.writeFileSync(path.join(repos.dirty, 'notes.txt'), 'work in progress\n');
});

afterAll(async () => {
  await history.source.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

const prepare = (repoDir: string) =>
  prepareLocalChange({
    campaignId: 'replica-history',
    repoDir,
    source: history.source,
    targetVersion: history.next,
    author: IDENTITY,
  });

describe('prepareLocalChange', () => {
  it("commits the upgrade on conway/campaign-<id>, keeping the team's edits, and never touches main", async () => {
    const before = repositorySnapshot(repos.orders);
    const change = await prepare(repos.orders);
    expect(change).toMatchObject({
      state: 'branch-open',
      branch: 'conway/campaign-replica-history',
      fromVersion: history.current,
      toVersion: history.next,
      baseBranch: 'main',
    });
    if (change.state !== 'branch-open') throw new Error('unreachable');
    expect(change.changedFiles).toEqual(
      expect.arrayContaining([
        'k8s/base/deployment.yaml',
        '.conway/golden-path.json',
      ]),
    );
    const branch = 'conway/campaign-replica-history';
    expect(
      git(repos.orders, 'show', `${branch}:k8s/base/deployment.yaml`),
    ).toContain('revisionHistoryLimit: 10');
    expect(git(repos.orders, 'show', `${branch}:README.md`)).toContain(
      'Page the checkout team.',
    );
    expect(git(repos.orders, 'rev-parse', branch)).toBe(change.commit);
    expect(git(repos.orders, 'rev-parse', `${branch}^`)).toBe(before.head);
    // main, the working tree and HEAD are as they were.
    const after = repositorySnapshot(repos.orders);
    expect({ ...after, branches: undefined }).toEqual({
      ...before,
      branches: undefined,
    });
  });

  it('prepares the change afresh over a branch an interrupted run left in its temporary worktree', async () => {
    // What a replica killed between creating the branch and committing leaves:
    // a temporary worktree with the campaign branch checked out, no commit on it.
    const repo = repos.interrupted;
    const branch = 'conway/campaign-replica-history';
    const worktree = path.join(root, 'conway-upgrade-killed', 'worktree');
    git(repo, 'worktree', 'add', '--quiet', '--detach', worktree, 'HEAD');
    git(worktree, 'checkout', '--quiet', '-b', branch);
    const change = await prepare(repo);
    expect(change).toMatchObject({ state: 'branch-open', branch });
    if (change.state !== 'branch-open') throw new Error('unreachable');
    expect(git(repo, 'rev-parse', branch)).toBe(change.commit);
    expect(git(repo, 'log', '-1', '--format=%B', branch)).toMatch(
      new RegExp(
        `Conway-Template-Version: ${history.next.replace(/\./g, '\\.')}`,
      ),
    );
    expect(git(repo, 'worktree', 'list', '--porcelain')).not.toContain(
      worktree,
    );
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('leaves alone a branch of that name with commits of its own', async () => {
    const repo = repos.foreign;
    const branch = 'conway/campaign-replica-history';
    git(repo, 'checkout', '--quiet', '-b', branch);
    fs.writeFileSync(path.join(repo, 'notes.md'), 'mine\n');
    git(repo, 'add', 'notes.md');
    git(repo, 'commit', '--quiet', '-m', 'Notes');
    git(repo, 'checkout', '--quiet', 'main');
    const tip = git(repo, 'rev-parse', branch);
    expect(await prepare(repo)).toEqual({
      state: 'failed',
      error: expect.stringMatching(/already exists .* delete it/),
      fromVersion: history.current,
      toVersion: history.next,
    });
    expect(git(repo, 'rev-parse', branch)).toBe(tip);
  });

  it('reports the open branch again on a second run instead of failing on it', async () => {
    const first = await prepare(repos.billing);
    const second = await prepare(repos.billing);
    expect(second).toEqual(first);
  });

  it("removes the temporary worktree a run killed after its commit left holding the branch, and keeps a team's own", async () => {
    // What a replica killed between the upgrade's commit and its clean-up
    // leaves: the committed branch still checked out in the temporary worktree.
    const first = await prepare(repos.billing);
    if (first.state !== 'branch-open') throw new Error(`unexpected ${first.state}`);
    const leftover = path.join(root, 'conway-upgrade-after-commit', 'worktree');
    git(repos.billing, 'worktree', 'add', '--quiet', leftover, first.branch);
    expect(await prepare(repos.billing)).toEqual(first);
    expect(git(repos.billing, 'worktree', 'list', '--porcelain')).not.toContain(leftover);
    expect(fs.existsSync(path.dirname(leftover))).toBe(false);
    // A worktree the team made on the branch, with work in it, is theirs.
    const teams = path.join(root, 'team-checkout-review');
    git(repos.billing, 'worktree', 'add', '--quiet', teams, first.branch);
    fs.writeFileSync(path.join(teams, 'review-notes.md'), 'looks fine\n');
    expect(await prepare(repos.billing)).toEqual(first);
    expect(git(repos.billing, 'worktree', 'list', '--porcelain')).toContain(teams);
    expect(fs.readFileSync(path.join(teams, 'review-notes.md'), 'utf8')).toBe('looks fine\n');
    git(repos.billing, 'worktree', 'remove', '--force', teams);
  });

  it('lists the conflicting files and creates no branch', async () => {
    const before = repositorySnapshot(repos.payments);
    const change = await prepare(repos.payments);
    expect(change).toEqual({
      state: 'conflicted',
      conflicts: [
        { path: 'k8s/base/deployment.yaml', kind: expect.any(String) },
      ],
      fromVersion: history.current,
      toVersion: history.next,
    });
    expect(repositorySnapshot(repos.payments)).toEqual(before);
  });

  it('marks a service whose upgrade fails as failed with the error, leaving the repository exactly as it was', async () => {
    for (const [name, message, versions] of [
      [
        'ledger',
        // The record's version is the unknown one, and the error says so.
        /^version recorded in \.conway\/golden-path\.json: Unknown version 0\.0\.1 of template /,
        { fromVersion: '0.0.1', toVersion: history.next },
      ],
      ['dirty', /uncommitted changes \(notes\.txt\)/, {}],
    ] as const) {
      const before = repositorySnapshot(repos[name]);
      const change = await prepare(repos[name]);
      expect(change).toEqual({
        state: 'failed',
        error: expect.stringMatching(message),
        ...versions,
      });
      expect(JSON.stringify(change)).not.toMatch(/targetVersion/);
      expect(repositorySnapshot(repos[name])).toEqual(before);
    }
    expect(await prepare(path.join(root, 'repositories', 'missing'))).toEqual({
      state: 'failed',
      error: expect.stringContaining('missing'),
    });
  });

  it('detects the change merged into main, and a service already upgraded needs nothing', async () => {
    const change = await prepare(repos.billing);
    if (change.state !== 'branch-open')
      throw new Error(`unexpected ${change.state}`);
    const target = {
      repoDir: repos.billing,
      commit: change.commit,
      targetVersion: history.next,
    };
    expect(await detectLocalMerge(target)).toEqual({ merged: false });
    git(
      repos.billing,
      'merge',
      '--quiet',
      '--no-ff',
      '-m',
      'Merge campaign',
      change.branch,
    );
    expect(await detectLocalMerge(target)).toEqual({
      merged: true,
      how: 'branch-merged',
    });
    expect(await prepare(repos.billing)).toEqual({
      state: 'merged',
      fromVersion: history.next,
      toVersion: history.next,
    });
  });

  it('counts a squashed merge: the record on main reached the version', async () => {
    const change = await prepare(repos.orders);
    if (change.state !== 'branch-open')
      throw new Error(`unexpected ${change.state}`);
    git(repos.orders, 'merge', '--quiet', '--squash', change.branch);
    git(repos.orders, 'commit', '--quiet', '-m', 'Squashed campaign');
    expect(
      await detectLocalMerge({
        repoDir: repos.orders,
        commit: change.commit,
        targetVersion: history.next,
      }),
    ).toEqual({ merged: true, how: 'version-reached' });
  });
});
