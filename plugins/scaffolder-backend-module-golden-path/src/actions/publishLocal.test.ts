import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { UserEntity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import * as goldenPath from '@conway/golden-path';
import { LocalRepositories } from '@conway/plugin-golden-paths-node';
import { cloneInstructions, createPublishLocalAction } from './publishLocal';

// The real git runner, wrapped so a test can make one command fail.
jest.mock('@conway/golden-path', () => {
  const actual = jest.requireActual('@conway/golden-path');
  return { ...actual, runGit: jest.fn(actual.runGit) };
});

const ada: UserEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ada.lovelace', namespace: 'default' },
  spec: {
    profile: {
      displayName: 'Ada Lovelace',
      email: 'ada.lovelace@northwind.example',
    },
    memberOf: ['team-checkout'],
  },
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('golden-path:publish-local', () => {
  const mockDir = createMockDirectory();
  const reposDir = () => mockDir.resolve('repositories');
  const workspace = () => mockDir.resolve('workspace');
  const config = new ConfigReader({
    scaffolder: {
      defaultAuthor: { name: 'Conway', email: 'conway@northwind.example' },
      defaultCommitMessage: 'Initial commit from the Conway golden path',
    },
  });
  const repositories = () => new LocalRepositories(reposDir());
  const action = () =>
    createPublishLocalAction({ repositories: repositories(), config });

  beforeEach(() => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        'package.json': '{"name":"orders-api"}\n',
        src: { 'index.ts': 'export {};\n' },
        bin: { 'start.sh': ctx => ctx.path },
      },
    });
    fs.writeFileSync(path.join(workspace(), 'bin/start.sh'), '#!/bin/sh\n', {
      mode: 0o755,
    });
  });

  const run = (
    input: object,
    { checkpoint, ...overrides }: { checkpoint?: any; user?: undefined } = {},
  ) => {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace(),
      user: { entity: ada, ref: 'user:default/ada.lovelace' },
      ...overrides,
    });
    // createMockActionContext takes no checkpoint; a retried task reuses stored results.
    if (checkpoint) {
      ctx.checkpoint = checkpoint;
    }
    return { ctx, done: action().handler(ctx) };
  };

  it('creates a git repository with one commit authored by the requesting user', async () => {
    const { ctx, done } = run({ name: 'orders-api' });
    await done;

    const repo = path.join(reposDir(), 'orders-api');
    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      pathToFileURL(repo).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${pathToFileURL(repo).href}/`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(repo, 'catalog-info.yaml'),
    );
    // The task page shows how to clone it: a browser cannot open a file: link.
    expect(ctx.output).toHaveBeenCalledWith('repositoryPath', repo);
    expect(ctx.output).toHaveBeenCalledWith(
      'cloneInstructions',
      expect.stringContaining(`\`\`\`sh\ngit clone ${repo}\n\`\`\``),
    );

    // Read back with the git CLI, as a user would.
    expect(git(repo, 'log', '--format=%an <%ae>|%cn <%ce>|%s')).toBe(
      'Ada Lovelace <ada.lovelace@northwind.example>|Conway <conway@northwind.example>|Initial commit from the Conway golden path',
    );
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(
      (ctx.output as jest.Mock).mock.calls.find(([n]) => n === 'commitHash')[1],
    );
    expect(git(repo, 'branch', '--show-current')).toBe('main');
    expect(git(repo, 'ls-files').split('\n')).toEqual([
      'bin/start.sh',
      'catalog-info.yaml',
      'package.json',
      'src/index.ts',
    ]);
    expect(git(repo, 'ls-files', '-s', 'bin/start.sh')).toMatch(/^100755 /);
    expect(git(repo, 'status', '--porcelain')).toBe('');

    // Nothing else next to it: the temporary build directory is gone.
    expect(fs.readdirSync(reposDir())).toEqual(['orders-api']);

    // It can be cloned, and a push to its checked-out branch updates the working tree.
    const clone = mockDir.resolve('clone');
    execFileSync('git', ['clone', '-q', pathToFileURL(repo).href, clone]);
    fs.writeFileSync(path.join(clone, 'NOTES.md'), 'notes\n');
    git(clone, 'add', '.');
    git(
      clone,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@x',
      'commit',
      '-qm',
      'notes',
    );
    git(clone, 'push', '-q', 'origin', 'main');
    expect(fs.readFileSync(path.join(repo, 'NOTES.md'), 'utf8')).toBe(
      'notes\n',
    );
  });

  it('refuses a repository that already exists, leaving it untouched', async () => {
    await run({ name: 'orders-api' }).done;
    const repo = path.join(reposDir(), 'orders-api');
    const head = git(repo, 'rev-parse', 'HEAD');

    const { done } = run({ name: 'orders-api' });
    await expect(done).rejects.toThrow(ConflictError);
    await expect(done).rejects.toThrow(
      `Repository 'orders-api' already exists at ${repo}`,
    );
    // The task log shows the failure's stack: one line, no frames.
    const error = await done.catch(e => e);
    expect(error.stack).toBe(
      `ConflictError: Repository 'orders-api' already exists at ${repo}`,
    );
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(fs.readdirSync(reposDir())).toEqual(['orders-api']);
  });

  it('falls back to scaffolder.defaultAuthor without a user profile', async () => {
    await run(
      { name: 'orders-api', gitCommitMessage: 'Hello' },
      { user: undefined },
    ).done;
    expect(
      git(path.join(reposDir(), 'orders-api'), 'log', '--format=%an <%ae>|%s'),
    ).toBe('Conway <conway@northwind.example>|Hello');
  });

  it('leaves nothing behind when publishing fails', async () => {
    const { done } = run({ name: 'orders-api', sourcePath: 'missing' });
    await expect(done).rejects.toThrow(/ENOENT/);
    expect(fs.readdirSync(reposDir())).toEqual([]);

    // A failure after the repository was initialised in the temporary directory.
    const runGit = jest.mocked(goldenPath.runGit);
    const realRunGit = jest.requireActual('@conway/golden-path').runGit;
    runGit.mockClear();
    runGit.mockImplementation((args, options) =>
      args.includes('commit')
        ? Promise.reject(new Error('disk full'))
        : realRunGit(args, options),
    );
    try {
      await expect(run({ name: 'orders-api' }).done).rejects.toThrow(
        'disk full',
      );
    } finally {
      runGit.mockImplementation(realRunGit);
    }
    const commit = runGit.mock.calls.filter(([args]) =>
      args.includes('commit'),
    );
    expect(commit).toHaveLength(1);
    expect(fs.readdirSync(reposDir())).toEqual([]);
  });

  it('refuses names and paths that would leave their directories', async () => {
    await expect(run({ name: '../x' }).done).rejects.toThrow(InputError);
    await expect(run({ name: '.git' }).done).rejects.toThrow(
      "Invalid repository name '.git'",
    );
    await expect(
      run({ name: 'orders-api', sourcePath: '../repositories' }).done,
    ).rejects.toThrow(
      "sourcePath '../repositories' must stay inside the workspace",
    );
    expect(fs.existsSync(mockDir.resolve('x'))).toBe(false);
  });

  it('does not publish again when a retried task has already done it', async () => {
    const checkpoints = new Map<string, any>();
    const checkpoint = async ({ key, fn }: { key: string; fn: () => any }) => {
      if (!checkpoints.has(key)) {
        checkpoints.set(key, await fn());
      }
      return checkpoints.get(key);
    };
    const first = run({ name: 'orders-api' }, { checkpoint });
    await first.done;
    const second = run({ name: 'orders-api' }, { checkpoint });
    await second.done;
    expect(second.ctx.output).toHaveBeenCalledWith(
      'commitHash',
      (first.ctx.output as jest.Mock).mock.calls.find(
        ([n]) => n === 'commitHash',
      )[1],
    );

    // golden-path:register-local removed it after a failed registration: publish again.
    await repositories().remove('orders-api');
    await run({ name: 'orders-api' }, { checkpoint }).done;
    expect(
      git(path.join(reposDir(), 'orders-api'), 'rev-list', '--count', 'HEAD'),
    ).toBe('1');
  });

  it('needs conway.localRepositories.directory', async () => {
    const ctx = createMockActionContext({
      input: { name: 'orders-api' },
      workspacePath: workspace(),
    });
    await expect(
      createPublishLocalAction({
        repositories: LocalRepositories.fromConfig(new ConfigReader({})),
        config,
      }).handler(ctx),
    ).rejects.toThrow(
      'No directory for local repositories: set conway.localRepositories.directory',
    );
  });
});

describe('cloneInstructions', () => {
  it('quotes paths only when a shell needs it', () => {
    expect(cloneInstructions('/srv/repos/orders-api')).toContain(
      'git clone /srv/repos/orders-api\n',
    );
    expect(cloneInstructions("/srv/my repos/it's")).toContain(
      `git clone '/srv/my repos/it'\\''s'\n`,
    );
  });
});
