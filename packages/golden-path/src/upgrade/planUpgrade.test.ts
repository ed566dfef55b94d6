import fs from 'node:fs';
import path from 'node:path';
import { renderToDirectory } from '../render/renderToDirectory';
import { applyUpgrade } from './applyUpgrade';
import { planUpgrade } from './planUpgrade';
import {
  COLOUR,
  edgeVersions,
  NAME,
  templateYaml,
  TOKEN,
} from './__testUtils__/edgeTemplate';
import {
  FileTree,
  listTree,
  removeTempDirs,
  tempDir,
} from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

/** Packaged versions of the template `edge`, and a service generated from the first one. */
async function setUp(
  versions: Record<string, FileTree>,
  answers: Record<string, unknown>,
  serviceEdits: (dir: string) => void = () => {},
) {
  const { source, load } = edgeVersions(versions);
  const service = path.join(tempDir(), 'service');
  await renderToDirectory(
    await load(Object.keys(versions)[0]),
    answers,
    service,
  );
  serviceEdits(service);
  return { source, service };
}

describe('planUpgrade', () => {
  it('asks again for secrets, which are never recorded, and drops answers to removed parameters', async () => {
    const { source, service } = await setUp(
      {
        '1.0.0': {
          'template.yaml': templateYaml(
            '1.0.0',
            NAME + TOKEN + COLOUR,
            'name, token',
          ),
          'skeleton/config.txt.hbs':
            'name={{values.name}}\ntoken={{values.token}}\n',
        },
        '1.1.0': {
          'template.yaml': templateYaml('1.1.0', NAME + TOKEN, 'name, token'),
          'skeleton/config.txt.hbs':
            'name={{values.name}}\ntoken={{values.token}}\nv=1.1\n',
        },
      },
      { name: 'svc', token: 'secret-1', colour: 'red' },
    );
    await expect(
      planUpgrade({ serviceDir: service, source }),
    ).rejects.toMatchObject({
      code: 'missing-answers',
      fields: ['token'],
      message: expect.stringContaining(
        'token (API token; a secret, which is never recorded)',
      ),
    });

    const plan = await planUpgrade({
      serviceDir: service,
      source,
      newAnswers: { token: 'secret-1' },
    });
    expect(plan).toMatchObject({
      toVersion: '1.1.0',
      droppedAnswers: ['colour'],
      answers: { name: 'svc' },
      conflicts: [],
    });
    expect(plan.answers).not.toHaveProperty('token');
    await applyUpgrade(plan, { requireCleanGit: false });
    expect(listTree(service)['config.txt']).toBe(
      'name=svc\ntoken=secret-1\nv=1.1\n',
    );
    expect(JSON.parse(listTree(service)['.conway/golden-path.json'])).toEqual({
      template: 'edge',
      version: '1.1.0',
      answers: { name: 'svc' },
    });
  });

  it('changes a recorded answer and merges what it changes like any template change', async () => {
    const { source, service } = await setUp(
      {
        '1.0.0': {
          'template.yaml': templateYaml('1.0.0', NAME + COLOUR, 'name'),
          'skeleton/a.txt.hbs': 'colour={{values.colour}}\nsame\nteam line\n',
        },
      },
      { name: 'svc', colour: 'red' },
      dir =>
        fs.writeFileSync(
          path.join(dir, 'a.txt'),
          'colour=red\nsame\nteam edit\n',
        ),
    );
    const result = await applyUpgrade(
      await planUpgrade({
        serviceDir: service,
        source,
        newAnswers: { colour: 'blue' },
      }),
      { requireCleanGit: false },
    );
    expect(result.changes.filter(c => c.action !== 'unchanged')).toEqual([
      { path: '.conway/golden-path.json', action: 'updated' },
      { path: 'a.txt', action: 'merged' },
    ]);
    expect(listTree(service)['a.txt']).toBe('colour=blue\nsame\nteam edit\n');
  });

  it('takes the template’s executable bit, keeps a directory the team put in a file’s place, and does not rename onto a team file', async () => {
    const { source, service } = await setUp(
      {
        '1.0.0': {
          'template.yaml': templateYaml('1.0.0', NAME, 'name'),
          'skeleton/run.sh': '#!/bin/sh\necho run\n',
          'skeleton/conf/app.yaml': 'a: 1\n',
          'skeleton/old.txt': 'one\ntwo\nthree\nfour\n',
        },
        '2.0.0': {
          'template.yaml': templateYaml('2.0.0', NAME, 'name'),
          'skeleton/run.sh': {
            content: '#!/bin/sh\necho run\n',
            executable: true,
          },
          'skeleton/conf/app.yaml': 'a: 2\n',
          'skeleton/new.txt': 'one\ntwo\nthree\nfour\n',
          'skeleton/docs/guide.md/index.md': 'guide\n',
        },
      },
      { name: 'svc' },
      dir => {
        fs.rmSync(path.join(dir, 'conf/app.yaml'));
        fs.mkdirSync(path.join(dir, 'conf/app.yaml'));
        fs.writeFileSync(path.join(dir, 'new.txt'), 'the team’s own\n');
        fs.mkdirSync(path.join(dir, 'docs'));
        fs.writeFileSync(path.join(dir, 'docs/guide.md'), 'a file\n');
      },
    );
    const result = await applyUpgrade(
      await planUpgrade({ serviceDir: service, source }),
      { requireCleanGit: false },
    );
    expect(result.changes).toEqual([
      { path: '.conway/golden-path.json', action: 'updated' },
      { path: 'conf/app.yaml', action: 'conflict', conflict: 'not-a-file' },
      {
        path: 'docs/guide.md/index.md',
        action: 'conflict',
        conflict: 'not-a-file',
      },
      { path: 'new.txt', action: 'conflict', conflict: 'added-by-both' },
      { path: 'old.txt', action: 'deleted' },
      { path: 'run.sh', action: 'updated' },
    ]);
    expect(result.conflicts.map(c => c.message)).toEqual([
      "'conf/app.yaml' is a directory in the service: nothing was written there",
      "'docs/guide.md' is a file in the service, so 'docs/guide.md/index.md' cannot be written: nothing was written there",
      expect.stringContaining('resolve the conflict markers'),
    ]);
    const files = listTree(service);
    expect(files['run.sh']).toBe('[x] #!/bin/sh\necho run\n');
    expect(files['docs/guide.md']).toBe('a file\n');
    expect(files['new.txt']).toBe(
      '<<<<<<< ours\nthe team’s own\n=======\none\ntwo\nthree\nfour\n>>>>>>> theirs\n',
    );
    expect(fs.statSync(path.join(service, 'conf/app.yaml')).isDirectory()).toBe(
      true,
    );
  });
});
