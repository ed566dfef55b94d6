import fs from 'node:fs';
import path from 'node:path';
import {
  DirectoryTemplateVersionSource,
  exportTemplateVersions,
} from './DirectoryTemplateVersionSource';
import { GitTemplateVersionSource } from './GitTemplateVersionSource';
import { loadTemplateVersion } from './TemplateVersionSource';
import {
  commitTemplate,
  git,
  initRepo,
  listTree,
  removeTempDirs,
  tempDir,
} from './__testUtils__/gitRepos';
import { TEMPLATE, V1, V2 } from './__testUtils__/tinyTemplate';

jest.setTimeout(60_000);

afterAll(removeTempDirs);

/** templates/tiny-service at 1.0.0, fixed without a version bump, broken, then 2.0.0, then a README change. */
function historyRepo() {
  const repo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
  const commits = {
    v1: commitTemplate(repo, TEMPLATE, V1, '1.0.0'),
    v1fix: commitTemplate(
      repo,
      TEMPLATE,
      { ...V1, 'skeleton/src/legacy.ts': 'export const legacy = 1;\n' },
      '1.0.0 fix',
    ),
    broken: commitTemplate(
      repo,
      TEMPLATE,
      { ...V1, 'template.yaml': 'a: [' },
      'broken',
    ),
    v2: commitTemplate(repo, TEMPLATE, V2, '2.0.0'),
  };
  fs.writeFileSync(path.join(repo, 'README.md'), '# Templates!\n');
  git(repo, 'commit', '--quiet', '-am', 'unrelated');
  return { repo, commits };
}

describe('GitTemplateVersionSource', () => {
  it('finds each version at the newest commit that carries it, and extracts it byte for byte', async () => {
    const { repo, commits } = historyRepo();
    const source = new GitTemplateVersionSource({ repoDir: repo });
    try {
      expect(await source.listVersions(TEMPLATE)).toEqual(['1.0.0', '2.0.0']);
      expect(await source.commitOf(TEMPLATE, '1.0.0')).toBe(commits.v1fix);
      expect(await source.commitOf(TEMPLATE, '2.0.0')).toBe(commits.v2);
      expect(await source.listVersions('python-service')).toEqual([]);

      const v1 = await source.checkout(TEMPLATE, '1.0.0');
      const files = listTree(v1);
      expect(Object.keys(files)).toEqual(
        Object.keys(V1).sort((a, b) => (a < b ? -1 : 1)),
      );
      expect(files['skeleton/src/legacy.ts']).toBe(
        'export const legacy = 1;\n',
      );
      expect(files['skeleton/scripts/build.sh']).toMatch(/^\[x\] #!\/bin\/sh/);
      // Same directory on the second call: versions are extracted once.
      expect(await source.checkout(TEMPLATE, '1.0.0')).toBe(v1);

      const template = await loadTemplateVersion(source, TEMPLATE, '2.0.0');
      expect(template).toMatchObject({ name: TEMPLATE, version: '2.0.0' });

      // The repository itself is not touched: no index change, no checkout.
      expect(git(repo, 'status', '--porcelain')).toBe('');
    } finally {
      await source.dispose();
    }
  });

  it('names the known versions for an unknown one', async () => {
    const { repo } = historyRepo();
    const source = new GitTemplateVersionSource({ repoDir: repo });
    await expect(source.checkout(TEMPLATE, '3.0.0')).rejects.toThrow(
      /^Unknown version 3\.0\.0 of template 'tiny-service' in the git history of 'templates\/' in .* at HEAD; known versions: 1\.0\.0, 2\.0\.0$/,
    );
    await expect(source.checkout('../etc', '1.0.0')).rejects.toThrow(
      "Invalid template name '../etc'",
    );
    await source.dispose();
  });

  it('reads an older ref and another templates directory', async () => {
    const repo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
    fs.mkdirSync(path.join(repo, 'golden-paths'));
    const write = (files: Record<string, unknown>) => {
      for (const [file, content] of Object.entries(files)) {
        const target = path.join(repo, 'golden-paths', TEMPLATE, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(
          target,
          typeof content === 'object' && !Buffer.isBuffer(content)
            ? (content as { content: string }).content
            : (content as string),
        );
      }
      git(repo, 'add', '--all');
    };
    write(V1);
    git(repo, 'commit', '--quiet', '-m', '1.0.0');
    git(repo, 'tag', 'v1');
    write(V2);
    git(repo, 'commit', '--quiet', '-m', '2.0.0');
    const source = new GitTemplateVersionSource({
      repoDir: repo,
      templatesPath: 'golden-paths',
      ref: 'v1',
    });
    expect(await source.listVersions(TEMPLATE)).toEqual(['1.0.0']);
    await source.dispose();
  });

  it('refuses a repository it cannot read', async () => {
    const source = new GitTemplateVersionSource({ repoDir: tempDir() });
    await expect(source.listVersions(TEMPLATE)).rejects.toMatchObject({
      code: 'unknown-template',
      message: expect.stringMatching(
        /^Cannot read the history of 'templates\/tiny-service'/,
      ),
    });
  });
});

describe('DirectoryTemplateVersionSource', () => {
  it('reads the versions exportTemplateVersions packaged from git', async () => {
    const { repo } = historyRepo();
    const git_ = new GitTemplateVersionSource({ repoDir: repo });
    const root = tempDir();
    expect(
      await exportTemplateVersions({
        from: git_,
        templates: [TEMPLATE],
        to: root,
      }),
    ).toEqual({ [TEMPLATE]: ['1.0.0', '2.0.0'] });
    const packaged = new DirectoryTemplateVersionSource({ root });
    expect(await packaged.listVersions(TEMPLATE)).toEqual(['1.0.0', '2.0.0']);
    expect(listTree(await packaged.checkout(TEMPLATE, '2.0.0'))).toEqual(
      listTree(await git_.checkout(TEMPLATE, '2.0.0')),
    );
    expect(await packaged.listVersions('other')).toEqual([]);
    await expect(packaged.checkout(TEMPLATE, '1.5.0')).rejects.toThrow(
      /known versions: 1\.0\.0, 2\.0\.0$/,
    );
    await git_.dispose();
  });

  it('refuses a directory whose template.yaml carries another version', async () => {
    const { repo } = historyRepo();
    const git_ = new GitTemplateVersionSource({ repoDir: repo });
    const root = tempDir();
    fs.cpSync(
      await git_.checkout(TEMPLATE, '1.0.0'),
      path.join(root, TEMPLATE, '1.1.0'),
      { recursive: true },
    );
    await expect(
      loadTemplateVersion(
        new DirectoryTemplateVersionSource({ root }),
        TEMPLATE,
        '1.1.0',
      ),
    ).rejects.toThrow(
      /gave template 'tiny-service' version 1\.0\.0 for 'tiny-service' version 1\.1\.0$/,
    );
    await git_.dispose();
  });
});
