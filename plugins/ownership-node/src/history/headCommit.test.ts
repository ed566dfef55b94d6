import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headCommitFromFiles } from './mineRepository';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  }).trim();

describe('headCommitFromFiles', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-head-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function repository(name: string): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir);
    git(dir, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'first');
    return dir;
  }

  it('reads the commit HEAD names through a loose ref, packed-refs and a detached HEAD, as git does', () => {
    const dir = repository('work');
    expect(headCommitFromFiles(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));

    git(dir, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(dir, '.git/refs/heads/main'))).toBe(false);
    expect(headCommitFromFiles(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));

    fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'second');
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(headCommitFromFiles(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));
  });

  it('reads a bare repository, and leaves anything else to git', () => {
    const work = repository('source');
    const bare = path.join(root, 'bare.git');
    git(root, 'clone', '-q', '--bare', work, bare);
    expect(headCommitFromFiles(bare)).toBe(git(work, 'rev-parse', 'HEAD'));

    const linked = path.join(root, 'linked');
    git(work, 'worktree', 'add', '-q', '--detach', linked);
    // A linked work tree has a .git file, not a directory: undefined, git is asked.
    expect(headCommitFromFiles(linked)).toBeUndefined();

    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    git(empty, 'init', '-q', '-b', 'main');
    expect(headCommitFromFiles(empty)).toBeUndefined();
    expect(headCommitFromFiles(path.join(root, 'not-there'))).toBeUndefined();
  });
});
