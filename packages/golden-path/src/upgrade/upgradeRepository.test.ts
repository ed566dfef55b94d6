import fs from 'node:fs';
import path from 'node:path';
import { loadTemplate } from '../template/loadTemplate';
import { renderToDirectory } from '../render/renderToDirectory';
import { applyUpgrade } from './applyUpgrade';
import { GitTemplateVersionSource } from './GitTemplateVersionSource';
import { planUpgrade } from './planUpgrade';
import { upgradeRepository } from './upgradeRepository';
import {
  commitTemplate,
  git,
  IDENTITY,
  initRepo,
  listTree,
  removeTempDirs,
  snapshotRepo,
  tempDir,
  writeTree,
} from './__testUtils__/gitRepos';
import {
  ANSWERS,
  binary,
  TEAM_DELETIONS,
  TEAM_EDITS,
  TEMPLATE,
  V1,
  V2,
} from './__testUtils__/tinyTemplate';

jest.setTimeout(60_000);

let templatesRepo: string;
let source: GitTemplateVersionSource;

/** A service scaffolded at v1 with the library, committed, then edited and committed by its team. */
async function scaffoldEditedService(): Promise<string> {
  const dir = path.join(tempDir(), 'orders');
  const template = await loadTemplate(await source.checkout(TEMPLATE, '1.0.0'));
  await renderToDirectory(template, ANSWERS, dir);
  initRepo(dir, {}, 'Scaffold orders from tiny-service 1.0.0');
  writeTree(dir, TEAM_EDITS);
  for (const file of TEAM_DELETIONS) {
    fs.rmSync(path.join(dir, file));
  }
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Team changes');
  return dir;
}

const sha = (...bytes: number[]) =>
  `<binary ${require('node:crypto')
    .createHash('sha1')
    .update(binary(...bytes))
    .digest('hex')}>`;

/** The service after upgrading to 2.0.0 with tier gold: every file, exactly. */
const EXPECTED_FILES = {
  '.conway/golden-path.json': `${JSON.stringify(
    {
      template: TEMPLATE,
      version: '2.0.0',
      answers: {
        name: 'orders',
        owner: 'group:default/team-checkout',
        port: 8080,
        tier: 'gold',
      },
    },
    null,
    2,
  )}\n`,
  'CONTRIBUTING.md': [
    '# Contributing',
    '',
    '<<<<<<< ours',
    'Ask in #orders first.',
    '=======',
    'Open a pull request.',
    '>>>>>>> theirs',
    '',
  ].join('\n'),
  Dockerfile: 'FROM node:22\nCMD ["node", "dist/index.js"]\n',
  'README.md': '# orders\n\nOwned by group:default/team-checkout.\n',
  'assets/icon.bin': sha(8, 8, 8),
  'assets/logo.bin': sha(5, 5, 5),
  'assets/logo.bin.template-2.0.0': sha(9, 9, 9),
  'bin/build.sh':
    '[x] #!/bin/sh\nset -eux\necho "building"\nnpm run build --if-present\n',
  'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    conway.dev/template: tiny-service
    conway.dev/template-version: "2.0.0"
spec:
  type: service
  lifecycle: production
  owner: group:default/team-checkout
`,
  'docs/setup.md': '# Setup\n\nRun npm ci, then npm run migrate.\n',
  'settings.yaml': [
    'service: orders',
    '<<<<<<< ours',
    'replicas: 3',
    '=======',
    'replicas: 4',
    '>>>>>>> theirs',
    '',
  ].join('\n'),
  'src/config.ts': `export const config = {
  name: 'orders',
  port: 8080,
  logLevel: 'warn',
  timeoutMs: 1000,
  retries: 5,
};
`,
  'src/health.ts': "export const tier = 'gold';\n",
  'src/team.ts': 'export const team = "checkout";\n',
};

const EXPECTED_CONFLICTS = [
  { path: 'CONTRIBUTING.md', kind: 'added-by-both' },
  { path: 'Dockerfile', kind: 'modified-by-template-deleted-by-team' },
  {
    path: 'assets/logo.bin',
    kind: 'binary',
    templateCopy: 'assets/logo.bin.template-2.0.0',
  },
  { path: 'docs/setup.md', kind: 'deleted-by-template-modified-by-team' },
  { path: 'settings.yaml', kind: 'content' },
];

const EXPECTED_CHANGES = [
  { path: '.conway/golden-path.json', action: 'updated' },
  { path: 'CONTRIBUTING.md', action: 'conflict', conflict: 'added-by-both' },
  {
    path: 'Dockerfile',
    action: 'conflict',
    conflict: 'modified-by-template-deleted-by-team',
  },
  { path: 'README.md', action: 'unchanged' },
  { path: 'assets/icon.bin', action: 'updated' },
  {
    path: 'assets/logo.bin',
    action: 'conflict',
    conflict: 'binary',
    templateCopy: 'assets/logo.bin.template-2.0.0',
  },
  { path: 'assets/logo.bin.template-2.0.0', action: 'added' },
  { path: 'bin/build.sh', action: 'renamed', from: 'scripts/build.sh' },
  { path: 'catalog-info.yaml', action: 'updated' },
  {
    path: 'docs/setup.md',
    action: 'conflict',
    conflict: 'deleted-by-template-modified-by-team',
  },
  { path: 'settings.yaml', action: 'conflict', conflict: 'content' },
  { path: 'src/config.ts', action: 'merged' },
  { path: 'src/health.ts', action: 'added' },
  { path: 'src/legacy.ts', action: 'deleted' },
];

beforeAll(() => {
  templatesRepo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
  commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');
  commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  source = new GitTemplateVersionSource({ repoDir: templatesRepo });
});

afterAll(async () => {
  await source.dispose();
  removeTempDirs();
});

describe('upgrading a scaffolded and edited service from v1 to v2', () => {
  it('commits the exact merge result and conflict list on a new branch', async () => {
    const repo = await scaffoldEditedService();
    const before = git(repo, 'rev-parse', 'HEAD');

    const result = await upgradeRepository({
      repoDir: repo,
      source,
      targetVersion: '2.0.0',
      newAnswers: { tier: 'gold' },
      author: IDENTITY,
    });

    expect(result).toMatchObject({
      template: TEMPLATE,
      fromVersion: '1.0.0',
      toVersion: '2.0.0',
      newParameters: ['tier'],
      droppedAnswers: [],
      branch: 'golden-path/upgrade-tiny-service-2.0.0',
      startedFrom: 'main',
      warnings: [],
    });
    expect(result.conflicts.map(({ message: _, ...c }) => c)).toEqual(
      EXPECTED_CONFLICTS,
    );
    expect(result.changes).toEqual(EXPECTED_CHANGES);
    expect(result.changelog).toBe(
      '## 2.0.0\n\n- Health module, service tier.\n',
    );
    expect(listTree(repo)).toEqual(EXPECTED_FILES);

    // Committed on the new branch, which the working copy is left on; main is unchanged.
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(
      'golden-path/upgrade-tiny-service-2.0.0',
    );
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(result.commit);
    expect(git(repo, 'rev-parse', 'HEAD~1')).toBe(before);
    expect(git(repo, 'rev-parse', 'main')).toBe(before);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe(
      '',
    );
    expect(git(repo, 'log', '-1', '--format=%B')).toBe(
      [
        'Upgrade tiny-service from 1.0.0 to 2.0.0',
        '',
        'Conflicts to resolve (5):',
        '- CONTRIBUTING.md: added-by-both',
        '- Dockerfile: modified-by-template-deleted-by-team',
        '- assets/logo.bin: binary',
        '- docs/setup.md: deleted-by-template-modified-by-team',
        '- settings.yaml: content',
        '',
        'Changes:',
        '- updated .conway/golden-path.json',
        '- updated assets/icon.bin',
        '- added assets/logo.bin.template-2.0.0',
        '- renamed scripts/build.sh -> bin/build.sh',
        '- updated catalog-info.yaml',
        '- merged src/config.ts',
        '- added src/health.ts',
        '- deleted src/legacy.ts',
        '',
        'Changelog:',
        '',
        '## 2.0.0',
        '',
        '- Health module, service tier.',
        '',
        'Conway-Template: tiny-service',
        'Conway-Template-Version: 2.0.0',
      ].join('\n'),
    );
    expect(
      git(repo, 'show', '--name-status', '--format=', 'HEAD')
        // git's own rename score, R056 or so: only the rename matters.
        .replace(/^R\d+/m, 'R')
        .split('\n')
        .sort(),
    ).toEqual(
      [
        'M\tCONTRIBUTING.md',
        'A\tDockerfile',
        'A\tassets/logo.bin.template-2.0.0',
        'A\tsrc/health.ts',
        'D\tsrc/legacy.ts',
        'M\t.conway/golden-path.json',
        'M\tassets/icon.bin',
        'M\tcatalog-info.yaml',
        'M\tsettings.yaml',
        'M\tsrc/config.ts',
        'R\tscripts/build.sh\tbin/build.sh',
      ].sort(),
    );
  });

  it('upgrades a working copy in place without committing (the CLI path), the same way', async () => {
    const repo = await scaffoldEditedService();
    const head = git(repo, 'rev-parse', 'HEAD');
    const plan = await planUpgrade({
      serviceDir: repo,
      source,
      newAnswers: { tier: 'gold' },
    });
    expect(plan.toVersion).toBe('2.0.0');
    // Planning writes nothing.
    expect(git(repo, 'status', '--porcelain')).toBe('');

    const result = await applyUpgrade(plan);
    expect(result.changes).toEqual(EXPECTED_CHANGES);
    expect(listTree(repo)).toEqual(EXPECTED_FILES);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    // The empty scripts/ directory is removed, as git would.
    expect(fs.existsSync(path.join(repo, 'scripts'))).toBe(false);
  });

  it('commits through a temporary worktree, leaving the working copy and its branch alone', async () => {
    const repo = await scaffoldEditedService();
    // Uncommitted work is fine in this mode and stays as it is.
    fs.writeFileSync(path.join(repo, 'src/team.ts'), 'work in progress\n');
    const before = snapshotRepo(repo);

    const result = await upgradeRepository({
      repoDir: repo,
      source,
      newAnswers: { tier: 'gold' },
      author: IDENTITY,
      workingCopy: 'keep',
    });

    const after = snapshotRepo(repo);
    expect(after.files).toEqual(before.files);
    expect(after.head).toBe(before.head);
    expect(after.branch).toBe('main');
    expect(after.status).toBe(before.status);
    expect(after.worktrees).toBe(before.worktrees);
    expect(result.conflicts.map(c => c.path)).toEqual(
      EXPECTED_CONFLICTS.map(c => c.path),
    );
    expect(git(repo, 'rev-parse', result.branch!)).toBe(result.commit);

    // The branch holds exactly the upgraded service.
    const checkout = tempDir();
    git(repo, 'worktree', 'add', '--quiet', checkout, result.branch!);
    try {
      expect(listTree(checkout)).toEqual(EXPECTED_FILES);
    } finally {
      git(repo, 'worktree', 'remove', '--force', checkout);
    }
  });

  it.each(['switch', 'keep'] as const)(
    "with onConflicts 'refuse' (%s), writes nothing and returns the conflicts",
    async workingCopy => {
      const repo = await scaffoldEditedService();
      const before = snapshotRepo(repo);

      const result = await upgradeRepository({
        repoDir: repo,
        source,
        targetVersion: '2.0.0',
        newAnswers: { tier: 'gold' },
        author: IDENTITY,
        workingCopy,
        onConflicts: 'refuse',
      });

      expect(result.branch).toBeUndefined();
      expect(result.commit).toBeUndefined();
      expect(result.conflicts.map(({ message: _, ...c }) => c)).toEqual(
        EXPECTED_CONFLICTS,
      );
      expect(snapshotRepo(repo)).toEqual(before);
      expect(git(repo, 'branch', '--list', 'golden-path/*')).toBe('');
    },
  );

  it('changes nothing and creates no branch when the service is up to date', async () => {
    const repo = await scaffoldEditedService();
    await upgradeRepository({
      repoDir: repo,
      source,
      newAnswers: { tier: 'gold' },
      author: IDENTITY,
    });
    const before = snapshotRepo(repo);
    const result = await upgradeRepository({
      repoDir: repo,
      source,
      author: IDENTITY,
    });
    expect(result).toMatchObject({
      fromVersion: '2.0.0',
      toVersion: '2.0.0',
      conflicts: [],
    });
    expect(result.branch).toBeUndefined();
    expect(result.commit).toBeUndefined();
    expect(result.changes.every(c => c.action === 'unchanged')).toBe(true);
    expect(snapshotRepo(repo)).toEqual(before);
  });
});
