import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import helpers from 'yeoman-test';
import {
  DEFAULT_TEMPLATE_DIR,
  goldenPath,
} from '../generators/app/goldenPath.js';
import { buildQuestions, validateField } from '../generators/app/questions.js';

const GENERATOR = fileURLToPath(
  new URL('../generators/app/index.js', import.meta.url),
);

const ANSWERS = {
  name: 'orders-api',
  description: 'Takes {{orders}}: "quoted"\nsecond line',
  owner: 'team-checkout',
  system: 'checkout',
  lifecycle: 'production',
  port: 8081,
  database: 'postgres',
  ciProvider: 'gitlab-ci',
};

/** Every file below dir: relative path, mode and content. */
function tree(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const file = path.join(entry.parentPath, entry.name);
      return {
        path: path.relative(dir, file),
        mode: fs.statSync(file).mode & 0o777,
        content: fs.readFileSync(file),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

const readJson = (...parts) =>
  JSON.parse(fs.readFileSync(path.join(...parts), 'utf8'));

describe('generator-conway:app', () => {
  let scratch;
  let lib;
  let template;

  before(async () => {
    // Not named generator-*: yo, run below from inside it, took a leftover of a killed run
    // (mode 0700, unreadable once yo drops root) for a generator package and failed on it.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-generator-test-'));
    lib = goldenPath();
    template = await lib.loadTemplate(DEFAULT_TEMPLATE_DIR);
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('renders a GitHub Actions service whose pipeline refers only to what it has', async () => {
    const result = await helpers
      .run(GENERATOR)
      .withOptions({ skipInstall: true })
      .withAnswers({ ...ANSWERS, ciProvider: 'github-actions' });
    result.assertFile([
      'orders-api/.nvmrc',
      'orders-api/.github/workflows/ci.yaml',
      'orders-api/.github/actions/deploy/action.yaml',
      'orders-api/.github/dependabot.yml',
      'orders-api/scripts/check-manifests.mjs',
    ]);
    assert.equal(
      fs.readFileSync(path.join(result.cwd, 'orders-api/.nvmrc'), 'utf8').trim(),
      '24',
    );
    assert.deepEqual(
      lib.checkPipelineReferences(path.join(result.cwd, 'orders-api')),
      [],
    );
  });

  it('renders the typescript-service golden path from prompt answers', async () => {
    const result = await helpers
      .run(GENERATOR)
      .withOptions({ skipInstall: true })
      .withAnswers(ANSWERS);

    result.assertFile([
      'orders-api/package.json',
      'orders-api/catalog-info.yaml',
      'orders-api/.conway/golden-path.json',
      'orders-api/k8s/overlays/prod/kustomization.yaml',
      'orders-api/.gitlab-ci.yml',
      'orders-api/migrations/001_create_greetings.sql',
    ]);
    result.assertNoFile('orders-api/.github/workflows/ci.yaml');
    // The pipeline names only what the service has (.nvmrc, scripts, overlays, Dockerfile inputs).
    assert.deepEqual(
      lib.checkPipelineReferences(path.join(result.cwd, 'orders-api')),
      [],
    );
    result.assertJsonFileContent('orders-api/package.json', {
      name: 'orders-api',
      description: ANSWERS.description,
    });
    result.assertJsonFileContent('orders-api/.conway/golden-path.json', {
      template: 'typescript-service',
      version: template.version,
      answers: {
        name: 'orders-api',
        owner: 'group:default/team-checkout',
        system: 'system:default/checkout',
        port: 8081,
        database: 'postgres',
      },
    });
    const [component] = parseAllDocuments(
      fs.readFileSync(
        path.join(result.cwd, 'orders-api/catalog-info.yaml'),
        'utf8',
      ),
    ).map(d => d.toJS());
    assert.equal(component.spec.owner, 'group:default/team-checkout');
    assert.equal(component.spec.system, 'system:default/checkout');
    assert.equal(component.metadata.description, ANSWERS.description);
  });

  it('writes byte-identical files to the library, non-interactively from --answers', async () => {
    const answersFile = path.join(scratch, 'answers.json');
    fs.writeFileSync(answersFile, JSON.stringify(ANSWERS));
    const result = await helpers
      .run(GENERATOR)
      .withOptions({ answers: answersFile, skipInstall: true });

    const direct = path.join(scratch, 'direct');
    await lib.renderToDirectory(template, ANSWERS, direct);

    const fromCli = tree(path.join(result.cwd, 'orders-api'));
    const fromLibrary = tree(direct);
    assert.ok(fromLibrary.length > 30);
    assert.deepEqual(
      fromCli.map(f => f.path),
      fromLibrary.map(f => f.path),
    );
    for (const [i, file] of fromCli.entries()) {
      assert.deepEqual(file, fromLibrary[i], `${file.path} differs`);
    }
  });

  it('refuses invalid answers with an error naming the field, writing nothing', async () => {
    let runDir;
    await assert.rejects(
      helpers
        .run(GENERATOR)
        .withOptions({ skipInstall: true })
        .withAnswers({ ...ANSWERS, name: 'Orders' })
        .inTmpDir(dir => {
          runDir = dir;
        }),
      error => {
        assert.match(
          error.message,
          /Invalid answers for template 'typescript-service':\n {2}name: must match pattern/,
        );
        assert.match(error.message, /Nothing was written\.$/);
        return true;
      },
    );
    assert.deepEqual(fs.readdirSync(runDir), []);
  });

  it('reports a missing required answer in --answers instead of prompting', async () => {
    const answersFile = path.join(scratch, 'partial.json');
    fs.writeFileSync(answersFile, JSON.stringify({ name: 'orders-api' }));
    await assert.rejects(
      helpers
        .run(GENERATOR)
        .withOptions({ answers: answersFile, skipInstall: true }),
      /owner: is required/,
    );
  });

  it('refuses a non-empty target directory', async () => {
    await assert.rejects(
      helpers
        .run(GENERATOR)
        .withOptions({ skipInstall: true })
        .withAnswers(ANSWERS)
        .doInDir(dir => {
          fs.mkdirSync(path.join(dir, 'orders-api'));
          fs.writeFileSync(path.join(dir, 'orders-api/README.md'), 'mine\n');
        }),
      /Target directory '.*orders-api' is not empty/,
    );
  });

  it('renders into an empty destination named like the service', async () => {
    const result = await helpers
      .run(GENERATOR)
      .withOptions({ skipInstall: true })
      .withAnswers(ANSWERS)
      .inDir(path.join(scratch, 'here', 'orders-api'));
    // On disk: Yeoman's in-memory file system cached the root package.json as missing.
    assert.ok(fs.existsSync(path.join(result.cwd, 'package.json')));
    assert.ok(fs.existsSync(path.join(result.cwd, '.conway/golden-path.json')));
    assert.ok(!fs.existsSync(path.join(result.cwd, 'orders-api')));
  });

  it('runs as `yo conway`, found by name like an installed generator', () => {
    // yo drops root privileges, so the destination must be writable by anyone.
    const dir = path.join(scratch, 'yo');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(scratch, 0o755);
    fs.chmodSync(dir, 0o777);
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(ANSWERS), {
      mode: 0o644,
    });
    const yo = path.join(
      path.dirname(createRequire(import.meta.url).resolve('yo/package.json')),
      'lib/cli.js',
    );
    const run = spawnSync(
      process.execPath,
      [yo, 'conway', '--answers', 'a.json', '--skip-install', '--no-color'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
        timeout: 120_000,
      },
    );
    // Yeoman logs to stderr.
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, output);
    assert.match(output, /orders-api is ready/);
    assert.equal(readJson(dir, 'orders-api/package.json').name, 'orders-api');
  });

  it('derives its prompts from the template parameters', () => {
    const questions = buildQuestions(lib, template);
    assert.deepEqual(
      questions.map(q => [q.name, q.type, q.default]),
      [
        ['name', 'input', undefined],
        ['description', 'input', undefined],
        ['owner', 'input', undefined],
        ['system', 'input', undefined],
        ['lifecycle', 'select', 'experimental'],
        ['onCall', 'input', undefined],
        ['port', 'number', 8080],
        ['database', 'select', 'none'],
        ['ciProvider', 'select', 'github-actions'],
        // deploy and namespace are portal-only (ui:options.portalOnly): yo never deploys.
      ],
    );
    const database = questions.find(q => q.name === 'database');
    assert.deepEqual(database.choices, [
      { name: 'None', value: 'none' },
      {
        name: 'PostgreSQL (pg, SQL migrations, readiness check)',
        value: 'postgres',
      },
    ]);
    assert.match(questions[0].message, /^Name - Unique name of the service/);
    assert.match(questions[1].message, /^Description \(optional\)/);
    assert.match(
      questions.find(q => q.name === 'onCall').message,
      /^On call \(optional\) - Who is paged when the service's alerts fire/,
    );
  });

  it('validates each prompt with the library', () => {
    const [name] = buildQuestions(lib, template);
    assert.equal(name.validate('orders-api'), true);
    assert.match(
      name.validate('Orders'),
      /^must match pattern .* \(Name: Lower-case/,
    );
    assert.match(name.validate(''), /^is required/);
    assert.match(
      name.validate('a'.repeat(64)),
      /^'a{64}' is too long \(at most 58 characters\): the CI pipeline's PostgreSQL database name 'a{64}_test' would be 69 characters, over PostgreSQL's identifier limit of 63/,
    );
    assert.equal(name.validate('a'.repeat(58)), true);
    assert.equal(validateField(lib, template, 'owner', 'team-sre'), true);
    assert.match(
      validateField(lib, template, 'owner', 'not a ref!'),
      /must be a group or user name or entity ref/,
    );
    assert.match(validateField(lib, template, 'port', 80), /must be >= 1024/);
  });
});
