import fs from 'node:fs';
import path from 'node:path';
import type { GoldenPathTemplate } from '../template/types';
import { upgradeChangelog } from './upgradeChangelog';
import { removeTempDirs, tempDir } from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

const target = (version: string, changelog?: string) => {
  const dir = tempDir();
  if (changelog !== undefined) {
    fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
  }
  return { dir, name: 'edge', version } as GoldenPathTemplate;
};

const CHANGELOG = `# Changelog

## 1.2.0

- Faster start.

## 1.1.0

- Health endpoint.

## 1.0.0

- First release.
`;

describe('upgradeChangelog', () => {
  it('gives the sections after the recorded version up to the target', async () => {
    const { text, warnings } = await upgradeChangelog(
      target('1.2.0', CHANGELOG),
      '1.0.0',
    );
    expect(text).toContain('- Faster start.');
    expect(text).toContain('- Health endpoint.');
    expect(text).not.toContain('First release');
    expect(warnings).toEqual([]);
  });

  it('warns when the target version has no section, also when there is no CHANGELOG.md', async () => {
    for (const template of [target('1.3.0', CHANGELOG), target('1.3.0')]) {
      expect((await upgradeChangelog(template, '1.0.0')).warnings).toEqual([
        "CHANGELOG.md of template 'edge' 1.3.0 has no '## 1.3.0' section",
      ]);
    }
    expect(await upgradeChangelog(target('1.0.0'), '1.0.0')).toEqual({
      text: '',
      warnings: [],
    });
  });
});
