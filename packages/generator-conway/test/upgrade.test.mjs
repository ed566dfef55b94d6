import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';
import helpers from 'yeoman-test';
import { goldenPath } from '../generators/app/goldenPath.js';

const GENERATOR = fileURLToPath(
  new URL('../generators/upgrade/index.js', import.meta.url),
);

// The upgrade engine's own fixtures: real git repositories, a template with
// v1 and v2 (v2 adds the required parameter `tier`), and a team's edits.
const {
  commitTemplate,
  git,
  initRepo,
  removeTempDirs,
  snapshotRepo,
  tempDir,
  writeTree,
} = tsxRequire(
  '@conway/golden-path/src/upgrade/__testUtils__/gitRepos',
  import.meta.url,
);
const { ANSWERS, TEAM_EDITS, TEMPLATE, V1, V2 } = tsxRequire(
  '@conway/golden-path/src/upgrade/__testUtils__/tinyTemplate',
  import.meta.url,
);

const read = (...parts) => fs.readFileSync(path.join(...parts), 'utf8');

describe('generator-conway:upgrade', () => {
  let root;
  let templatesRepo;
  let lib;

  /** A service scaffolded at v1 by the library, committed, then edited and committed by its team. */
  async function scaffold(name) {
    const dir = path.join(root, name);
    await lib.renderToDirectory(
      await lib.loadTemplate(path.join(root, 'v1')),
      ANSWERS,
      dir,
    );
    initRepo(dir, {}, 'Scaffold');
    writeTree(dir, TEAM_EDITS);
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '-m', 'Team edits');
    return dir;
  }

  const run = (dir, options, answers = {}) =>
    helpers
      .run(GENERATOR)
      .cd(dir)
      .withOptions({ templates: templatesRepo, ...options })
      .withAnswers(answers);

  before(() => {
    // --commit commits with git's configured identity; give it one on machines without.
    Object.assign(process.env, {
      GIT_AUTHOR_NAME: 'Conway Test',
      GIT_AUTHOR_EMAIL: 'test@conway.example',
      GIT_COMMITTER_NAME: 'Conway Test',
      GIT_COMMITTER_EMAIL: 'test@conway.example',
    });
    lib = goldenPath();
    root = tempDir('generator-conway-upgrade-');
    writeTree(path.join(root, 'v1'), V1);
    templatesRepo = initRepo(path.join(root, 'templates-repo'), {
      'README.md': '# Templates\n',
    });
    commitTemplate(templatesRepo, TEMPLATE, V1, 'tiny-service 1.0.0');
    commitTemplate(templatesRepo, TEMPLATE, V2, 'tiny-service 2.0.0');
  });

  after(() => removeTempDirs());

  it("upgrades the working copy, prompting for the new parameter and keeping the team's edits", async () => {
    const dir = await scaffold('prompted');
    await run(dir, {}, { tier: 'gold' });

    assert.equal(read(dir, 'src/health.ts'), "export const tier = 'gold';\n");
    assert.ok(!fs.existsSync(path.join(dir, 'src/legacy.ts')));
    assert.match(read(dir, 'src/config.ts'), /retries: 5/);
    assert.match(read(dir, 'src/config.ts'), /logLevel: 'warn'/);
    assert.match(read(dir, 'settings.yaml'), /<<<<<<< ours/);
    const record = JSON.parse(read(dir, '.conway/golden-path.json'));
    assert.equal(record.version, '2.0.0');
    assert.equal(record.answers.tier, 'gold');
    // Left uncommitted for review, on the same branch.
    assert.equal(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
    assert.match(git(dir, 'status', '--porcelain'), /settings\.yaml/);
  });

  it('takes answers from --answers and commits on a new branch with --commit', async () => {
    const dir = await scaffold('committed');
    const answersFile = path.join(root, 'answers.json');
    fs.writeFileSync(answersFile, JSON.stringify({ tier: 'silver' }));
    await run(dir, {
      'target-version': '2.0.0',
      answers: answersFile,
      commit: true,
    });

    assert.equal(
      git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'),
      `golden-path/upgrade-${TEMPLATE}-2.0.0`,
    );
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.match(
      git(dir, 'log', '-1', '--format=%B'),
      /Upgrade tiny-service from 1\.0\.0 to 2\.0\.0[\s\S]*- settings\.yaml: content/,
    );
    assert.equal(read(dir, 'src/health.ts'), "export const tier = 'silver';\n");
  });

  it('changes nothing on a dry run', async () => {
    const dir = await scaffold('dry');
    const before = snapshotRepo(dir);
    await run(dir, { 'dry-run': true }, { tier: 'gold' });
    assert.deepEqual(snapshotRepo(dir), before);
  });

  it('refuses bad input with a clear message, leaving the repository untouched', async () => {
    const dir = await scaffold('refused');
    const before = snapshotRepo(dir);
    await assert.rejects(run(dir, { 'target-version': '9.9.9' }), {
      message:
        /Unknown version 9\.9\.9 of template 'tiny-service'.*known versions: 1\.0\.0, 2\.0\.0[\s\S]*Nothing was changed/,
    });
    const answersFile = path.join(root, 'empty.json');
    fs.writeFileSync(answersFile, '{}');
    await assert.rejects(
      run(dir, { answers: answersFile }).withAnswers({ tier: '' }),
      { message: /tier[\s\S]*Nothing was changed/ },
    );
    assert.deepEqual(snapshotRepo(dir), before);

    fs.writeFileSync(path.join(dir, 'scratch.txt'), 'uncommitted\n');
    const dirty = snapshotRepo(dir);
    await assert.rejects(run(dir, {}, { tier: 'gold' }), {
      message:
        /uncommitted changes[\s\S]*scratch\.txt[\s\S]*Nothing was changed/,
    });
    assert.deepEqual(snapshotRepo(dir), dirty);

    const plain = path.join(root, 'plain');
    initRepo(plain, { 'README.md': '# Not scaffolded\n' });
    await assert.rejects(run(plain, {}), {
      message: /was not scaffolded by a Conway golden path/,
    });
  });
});
