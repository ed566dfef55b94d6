import fs from 'node:fs';
import path from 'node:path';
import { renderToDirectory } from '../render/renderToDirectory';
import { readUpgradeSubject } from './readUpgradeSubject';
import { edgeVersions, NAME, templateYaml } from './__testUtils__/edgeTemplate';
import { removeTempDirs, tempDir } from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

const version = (v: string) => ({
  'template.yaml': templateYaml(v, NAME, 'name'),
  'skeleton/a.txt': `${v}\n`,
});

async function service(from = '1.1.0') {
  const { source, load } = edgeVersions({
    '1.0.0': version('1.0.0'),
    '1.1.0': version('1.1.0'),
    '2.0.0-rc.1': version('2.0.0-rc.1'),
    '1.2.0': version('1.2.0'),
  });
  const serviceDir = path.join(tempDir(), 'service');
  await renderToDirectory(await load(from), { name: 'svc' }, serviceDir);
  return { source, serviceDir };
}

describe('readUpgradeSubject', () => {
  it('reads the record and loads the recorded version and the newest release', async () => {
    const { source, serviceDir } = await service();
    const subject = await readUpgradeSubject({
      serviceDir: path.relative(process.cwd(), serviceDir),
      source,
    });
    expect(subject).toMatchObject({
      serviceDir,
      record: { template: 'edge', version: '1.1.0', answers: { name: 'svc' } },
      newAnswers: {},
      toVersion: '1.2.0',
      baseTemplate: { name: 'edge', version: '1.1.0' },
      targetTemplate: { name: 'edge', version: '1.2.0' },
    });
  });

  it('takes the target version asked for, and refuses an older or unknown one', async () => {
    const { source, serviceDir } = await service();
    await expect(
      readUpgradeSubject({ serviceDir, source, targetVersion: '2.0.0-rc.1' }),
    ).resolves.toMatchObject({ toVersion: '2.0.0-rc.1' });
    await expect(
      readUpgradeSubject({ serviceDir, source, targetVersion: '1.0.0' }),
    ).rejects.toMatchObject({
      code: 'downgrade',
      message: `'${serviceDir}' is on template 'edge' 1.1.0; 1.0.0 is older`,
    });
    await expect(
      readUpgradeSubject({ serviceDir, source, targetVersion: '9.0.0' }),
    ).rejects.toMatchObject({ code: 'unknown-version' });
  });

  it('refuses a directory that is missing or was not scaffolded, and new answers that are not an object', async () => {
    const { source, serviceDir } = await service();
    const missing = path.join(tempDir(), 'nothing');
    await expect(
      readUpgradeSubject({ serviceDir: missing, source }),
    ).rejects.toMatchObject({
      code: 'not-scaffolded',
      message: `Service directory '${missing}' does not exist`,
    });
    await expect(
      readUpgradeSubject({ serviceDir: tempDir(), source }),
    ).rejects.toMatchObject({
      code: 'not-scaffolded',
      message: expect.stringContaining(
        'was not scaffolded by a Conway golden path',
      ),
    });
    await expect(
      readUpgradeSubject({ serviceDir, source, newAnswers: ['x'] as any }),
    ).rejects.toMatchObject({ code: 'invalid-answers' });
    fs.writeFileSync(path.join(serviceDir, '.conway/golden-path.json'), '{');
    await expect(
      readUpgradeSubject({ serviceDir, source }),
    ).rejects.toMatchObject({
      code: 'invalid-record',
      message: expect.stringContaining('Cannot read .conway/golden-path.json'),
    });
  });
});
