import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { LocalRepositories } from './LocalRepositories';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('LocalRepositories', () => {
  const mockDir = createMockDirectory();
  const ada = { name: 'Ada Lovelace', email: 'ada@northwind.example' };

  beforeEach(() => {
    mockDir.setContent({
      source: { 'README.md': '# orders\n', '.git': { HEAD: 'not ours\n' } },
    });
  });

  it('commits the directory, without its .git, as one commit by the author', async () => {
    const repositories = new LocalRepositories(mockDir.resolve('repos'));
    const repo = await repositories.create({
      name: 'orders',
      sourceDir: mockDir.resolve('source'),
      message: '# Initial commit\n\nWith a heading.',
      author: ada,
      committer: { name: 'Conway', email: 'conway@northwind.example' },
    });
    expect(repo.path).toBe(mockDir.resolve('repos/orders'));
    expect(git(repo.path, 'rev-parse', 'HEAD')).toBe(repo.commit);
    expect(git(repo.path, 'log', '--format=%an <%ae>|%cn <%ce>|%B')).toBe(
      'Ada Lovelace <ada@northwind.example>|Conway <conway@northwind.example>|# Initial commit\n\nWith a heading.',
    );
    expect(git(repo.path, 'ls-files')).toBe('README.md');
    expect(fs.readdirSync(mockDir.resolve('repos'))).toEqual(['orders']);
    await expect(
      repositories.create({
        name: 'orders',
        sourceDir: mockDir.resolve('source'),
        message: 'again',
        author: ada,
      }),
    ).rejects.toThrow(ConflictError);
  });

  it('works on its own repository when GIT_DIR points elsewhere (as inside a git hook)', async () => {
    const other = mockDir.resolve('other');
    fs.mkdirSync(other);
    git(other, 'init', '--quiet');
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(other, '.git');
    try {
      const repo = await new LocalRepositories(mockDir.resolve('repos')).create(
        {
          name: 'orders',
          sourceDir: mockDir.resolve('source'),
          message: 'Initial commit',
          author: ada,
        },
      );
      expect(fs.existsSync(path.join(repo.path, '.git', 'HEAD'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
    expect(git(other, 'rev-list', '--all')).toBe('');
  });
});
