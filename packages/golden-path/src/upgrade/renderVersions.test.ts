import { renderVersions } from './renderVersions';
import { edgeVersions, NAME, templateYaml } from './__testUtils__/edgeTemplate';
import { removeTempDirs } from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

describe('renderVersions', () => {
  it('renders both versions by path, with their executable bits, and keeps the target’s record apart', async () => {
    const { load } = edgeVersions({
      '1.0.0': {
        'template.yaml': templateYaml('1.0.0', NAME, 'name'),
        'skeleton/name.txt.hbs': 'v1 {{values.name}}\n',
      },
      '2.0.0': {
        'template.yaml': templateYaml('2.0.0', NAME, 'name'),
        'skeleton/name.txt.hbs': 'v2 {{values.name}}\n',
        'skeleton/run.sh': { content: '#!/bin/sh\n', executable: true },
      },
    });
    const rendered = await renderVersions(
      { template: await load('1.0.0'), answers: { name: 'old' } },
      { template: await load('2.0.0'), answers: { name: 'new' } },
    );
    expect(Object.fromEntries(rendered.base)).toEqual({
      'name.txt': { content: Buffer.from('v1 old\n'), executable: false },
    });
    expect(Object.fromEntries(rendered.theirs)).toEqual({
      'name.txt': { content: Buffer.from('v2 new\n'), executable: false },
      'run.sh': { content: Buffer.from('#!/bin/sh\n'), executable: true },
    });
    expect(JSON.parse(rendered.targetRecord.toString('utf8'))).toEqual({
      template: 'edge',
      version: '2.0.0',
      answers: { name: 'new' },
    });
  });
});
