import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import helpers from 'yeoman-test';

const GENERATOR = fileURLToPath(
  new URL('../generators/app/index.js', import.meta.url),
);

const ANSWERS = {
  name: 'orders-api',
  owner: 'team-checkout',
  database: 'postgres',
  ciProvider: 'github-actions',
};

/**
 * Item 5 of issue 12 in `yo conway`: bad answers are refused naming the field
 * and the reason, with nothing written; answers YAML would misread are written
 * so YAML 1.1 and 1.2 read them back as entered.
 */
describe('generator-conway:app with bad or hostile answers', () => {
  let scratch;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-generator-bad-'));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Runs `yo conway --answers <file>` with the given JSON text; returns the run directory. */
  async function runWithAnswersJson(json, check) {
    const file = path.join(scratch, `answers-${Math.random()}.json`);
    fs.writeFileSync(file, json);
    let runDir;
    await assert.rejects(
      helpers
        .run(GENERATOR)
        .withOptions({ answers: file, skipInstall: true })
        .inTmpDir(dir => {
          runDir = dir;
        }),
      error => {
        check(error.message);
        assert.match(error.message, /Nothing was written\.$/);
        return true;
      },
    );
    assert.deepEqual(fs.readdirSync(runDir), []);
  }

  for (const key of [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ]) {
    it(`refuses the unknown key ${key} in --answers, naming it`, async () => {
      const json = JSON.stringify(ANSWERS).replace(
        /^\{/,
        `{${JSON.stringify(key)}: {"name": "from-a-prototype"},`,
      );
      await runWithAnswersJson(json, message =>
        assert.match(
          message,
          new RegExp(`\\n {2}${key}: is not a parameter of this template`),
        ),
      );
    });
  }

  it('takes no answer from a __proto__ key', async () => {
    const json = '{"owner": "team-checkout", "__proto__": {"name": "x"}}';
    await runWithAnswersJson(json, message => {
      assert.match(message, /\n {2}name: is required/);
      assert.match(message, /\n {2}__proto__: is not a parameter/);
    });
  });

  it('refuses a name whose derived names would be too long, saying which and its limit', async () => {
    const name = `a${'b'.repeat(58)}`;
    await runWithAnswersJson(JSON.stringify({ ...ANSWERS, name }), message =>
      assert.match(
        message,
        new RegExp(
          `\\n {2}name: '${name}' is too long \\(at most 58 characters\\): the CI pipeline's PostgreSQL database name '${name}_test' would be 64 characters, over PostgreSQL's identifier limit of 63`,
        ),
      ),
    );
  });

  it('writes names and descriptions YAML 1.1 would misread as strings', async () => {
    const answers = {
      ...ANSWERS,
      name: 'on',
      description: 'yes',
      owner: 'group:default/null',
    };
    const result = await helpers
      .run(GENERATOR)
      .withOptions({ skipInstall: true })
      .withAnswers(answers);
    const read = (file, version) =>
      parseAllDocuments(
        fs.readFileSync(path.join(result.cwd, 'on', file), 'utf8'),
        { version },
      ).map(d => d.toJS());
    for (const version of ['1.1', '1.2']) {
      const [component] = read('catalog-info.yaml', version);
      assert.equal(component.metadata.name, 'on');
      assert.equal(component.metadata.description, 'yes');
      assert.equal(component.spec.owner, 'group:default/null');
      const [kustomization] = read('k8s/base/kustomization.yaml', version);
      assert.equal(
        kustomization.labels[0].pairs['app.kubernetes.io/name'],
        'on',
      );
      const [alerts] = read('observability/alerts.yaml', version);
      assert.equal(alerts.groups[1].rules[0].labels.team, 'null');
    }
  });
});
