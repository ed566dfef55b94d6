/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import fs from 'node:fs';
import path from 'node:path';
import { loadTemplate } from '../template/loadTemplate';
import { renderToDirectory } from '../render/renderToDirectory';
import { applyUpgrade } from './applyUpgrade';
import { GitTemplateVersionSource } from './GitTemplateVersionSource';
import { planUpgrade } from './planUpgrade';
import { upgradeRepository } from './upgradeRepository';
import { UpgradeError, UpgradeErrorCode } from './UpgradeError';
import {
  commitTemplate,
  git,
  IDENTITY,
  initRepo,
  removeTempDirs,
  snapshotRepo,
  tempDir,
  writeTree,
} from './__testUtils__/gitRepos';
import {
  ANSWERS,
  TEAM_EDITS,
  TEMPLATE,
  V1,
  V2,
} from './__testUtils__/tinyTemplate';

jest.setTimeout(60_000);

let source: GitTemplateVersionSource;

beforeAll(() => {
  const templatesRepo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
  commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');
  commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  source = new GitTemplateVersionSource({ repoDir: templatesRepo });
});

afterAll(async () => {
  await source.dispose();
  removeTempDirs();
});

async function scaffold(): Promise<string> {
  const dir = path.join(tempDir(), 'orders');
  const template = await loadTemplate(await source.checkout(TEMPLATE, '1.0.0'));
  await renderToDirectory(template, ANSWERS, dir);
  initRepo(dir, {}, 'Scaffold');
  writeTree(dir, TEAM_EDITS);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Team changes');
  return dir;
}

type Attempt = (repo: string) => Promise<unknown>;

/** Every way in: upgrade in place, through a worktree, and plan + apply as the CLI does. */
const ENTRY_POINTS: [string, (options: object) => Attempt][] = [
  [
    'upgradeRepository (switch)',
    options => repo =>
      upgradeRepository({
        repoDir: repo,
        source,
        author: IDENTITY,
        ...options,
      }),
  ],
  [
    'upgradeRepository (keep)',
    options => repo =>
      upgradeRepository({
        repoDir: repo,
        source,
        author: IDENTITY,
        workingCopy: 'keep',
        ...options,
      }),
  ],
  [
    'planUpgrade + applyUpgrade',
    options => async repo =>
      applyUpgrade(await planUpgrade({ serviceDir: repo, source, ...options })),
  ],
];

async function expectRefused(
  repo: string,
  attempt: Attempt,
  code: UpgradeErrorCode,
  message: RegExp,
) {
  const before = snapshotRepo(repo);
  const error = await attempt(repo).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(UpgradeError);
  expect({ code: error.code, message: error.message }).toEqual({
    code,
    message: expect.stringMatching(message),
  });
  expect(snapshotRepo(repo)).toEqual(before);
  return error as UpgradeError;
}

describe.each(ENTRY_POINTS)(
  '%s refuses bad input, leaving the repository as it was',
  (_, entry) => {
    it('an unknown target version, naming the known ones', async () => {
      const repo = await scaffold();
      await expectRefused(
        repo,
        entry({ targetVersion: '9.9.9', newAnswers: { tier: 'gold' } }),
        'unknown-version',
        /^Unknown version 9\.9\.9 of template 'tiny-service' in the git history of 'templates\/' in .* at HEAD; known versions: 1\.0\.0, 2\.0\.0$/,
      );
    });

    it('a new required parameter without an answer, naming it', async () => {
      const repo = await scaffold();
      const error = await expectRefused(
        repo,
        entry({}),
        'missing-answers',
        /^Upgrading to template 'tiny-service' 2\.0\.0 needs answers for: tier \(Service tier\)\. Give them as new answers/,
      );
      expect(error.fields).toEqual(['tier']);
    });

    it('answers the new version rejects', async () => {
      const repo = await scaffold();
      const error = await expectRefused(
        repo,
        entry({ newAnswers: { tier: 'bronze', colour: 'red' } }),
        'invalid-answers',
        /tier: must be one of "gold", "silver"[\s\S]*colour: is not a parameter of this template/,
      );
      expect(error.fields).toEqual(['tier', 'colour']);
    });

    it('a repository that was not scaffolded', async () => {
      const repo = initRepo(path.join(tempDir(), 'plain'), {
        'README.md': '# Not a golden path\n',
      });
      await expectRefused(
        repo,
        entry({ newAnswers: { tier: 'gold' } }),
        'not-scaffolded',
        /^'.*plain' was not scaffolded by a Conway golden path: no \.conway\/golden-path\.json$/,
      );
    });

    it('a recorded version the templates never had', async () => {
      const repo = await scaffold();
      const recordFile = path.join(repo, '.conway/golden-path.json');
      const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
      fs.writeFileSync(
        recordFile,
        JSON.stringify({ ...record, version: '0.9.0' }),
      );
      git(repo, 'commit', '--quiet', '-am', 'Claim 0.9.0');
      await expectRefused(
        repo,
        entry({ newAnswers: { tier: 'gold' } }),
        'unknown-version',
        /Unknown version 0\.9\.0 .*known versions: 1\.0\.0, 2\.0\.0/,
      );
    });

    it('a template the source does not have', async () => {
      const repo = await scaffold();
      const recordFile = path.join(repo, '.conway/golden-path.json');
      const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
      fs.writeFileSync(
        recordFile,
        JSON.stringify({ ...record, template: 'python-service' }),
      );
      git(repo, 'commit', '--quiet', '-am', 'Another template');
      await expectRefused(
        repo,
        entry({}),
        'unknown-template',
        /^No versions of template 'python-service' in the git history/,
      );
    });

    it('a downgrade', async () => {
      const repo = await scaffold();
      await upgradeRepository({
        repoDir: repo,
        source,
        author: IDENTITY,
        newAnswers: { tier: 'gold' },
      });
      await expectRefused(
        repo,
        entry({ targetVersion: '1.0.0' }),
        'downgrade',
        /is on template 'tiny-service' 2\.0\.0; 1\.0\.0 is older$/,
      );
    });
  },
);

describe.each(ENTRY_POINTS.filter(([name]) => !name.includes('keep')))(
  '%s refuses a working copy it cannot upgrade safely',
  (_, entry) => {
    it('a modified file', async () => {
      const repo = await scaffold();
      fs.appendFileSync(path.join(repo, 'README.md'), 'More.\n');
      await expectRefused(
        repo,
        entry({ newAnswers: { tier: 'gold' } }),
        'dirty-working-copy',
        /has uncommitted changes; commit or stash them first:\n {3}M README\.md$/,
      );
    });

    it('an untracked file', async () => {
      const repo = await scaffold();
      fs.writeFileSync(path.join(repo, 'notes.txt'), 'todo\n');
      await expectRefused(
        repo,
        entry({ newAnswers: { tier: 'gold' } }),
        'dirty-working-copy',
        /\?\? notes\.txt$/,
      );
    });

    it('a directory that is not in git', async () => {
      const dir = path.join(tempDir(), 'orders');
      const template = await loadTemplate(
        await source.checkout(TEMPLATE, '1.0.0'),
      );
      await renderToDirectory(template, ANSWERS, dir);
      const error = await entry({ newAnswers: { tier: 'gold' } })(dir).then(
        () => undefined,
        e => e,
      );
      expect(error).toMatchObject({ code: 'not-a-git-repository' });
      expect(fs.existsSync(path.join(dir, 'src/health.ts'))).toBe(false);
    });
  },
);

describe('failures after the checks', () => {
  it('upgradeRepository refuses an existing branch', async () => {
    const repo = await scaffold();
    git(repo, 'branch', 'golden-path/upgrade-tiny-service-2.0.0');
    await expectRefused(
      repo,
      r =>
        upgradeRepository({
          repoDir: r,
          source,
          newAnswers: { tier: 'gold' },
        }),
      'branch-exists',
      /^Branch 'golden-path\/upgrade-tiny-service-2\.0\.0' already exists/,
    );
    await expectRefused(
      repo,
      r =>
        upgradeRepository({
          repoDir: r,
          source,
          newAnswers: { tier: 'gold' },
          workingCopy: 'keep',
        }),
      'branch-exists',
      /already exists/,
    );
  });

  it('upgradeRepository refuses an invalid branch name and a repository without commits', async () => {
    const repo = await scaffold();
    await expectRefused(
      repo,
      r =>
        upgradeRepository({
          repoDir: r,
          source,
          newAnswers: { tier: 'gold' },
          branch: 'upgrade..now',
        }),
      'invalid-branch',
      /^'upgrade\.\.now' is not a valid branch name$/,
    );
    const empty = path.join(tempDir(), 'empty');
    fs.mkdirSync(empty);
    git(empty, 'init', '--quiet');
    await expect(
      upgradeRepository({ repoDir: empty, source }),
    ).rejects.toMatchObject({
      code: 'not-a-git-repository',
      message: expect.stringMatching(/has no commit yet/),
    });
  });

  it('upgradeRepository restores files, branch and HEAD when the commit fails', async () => {
    const repo = await scaffold();
    await expectRefused(
      repo,
      r =>
        upgradeRepository({
          repoDir: r,
          source,
          newAnswers: { tier: 'gold' },
          author: { name: '', email: '' },
        }),
      'apply-failed',
      /the repository was restored$/,
    );
  });

  it('applyUpgrade restores every file when a write fails half-way', async () => {
    const repo = await scaffold();
    const plan = await planUpgrade({
      serviceDir: repo,
      source,
      newAnswers: { tier: 'gold' },
    });
    // The last write fails: README.md is a file, not a directory.
    plan.operations.push({
      type: 'write',
      path: 'README.md/impossible',
      content: Buffer.from('x'),
      executable: false,
    });
    await expectRefused(
      repo,
      () => applyUpgrade(plan),
      'apply-failed',
      /failed at 'README\.md\/impossible': .* is not a directory; every file was restored$/,
    );
  });

  it('applyUpgrade refuses a plan whose files changed since', async () => {
    const repo = await scaffold();
    const plan = await planUpgrade({
      serviceDir: repo,
      source,
      newAnswers: { tier: 'gold' },
    });
    fs.appendFileSync(path.join(repo, 'src/config.ts'), '// later\n');
    await expectRefused(
      repo,
      () => applyUpgrade(plan, { requireCleanGit: false }),
      'stale-plan',
      /^'src\/config\.ts' in '.*' changed since the upgrade was planned/,
    );
  });
});
