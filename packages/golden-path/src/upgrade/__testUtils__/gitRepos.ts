import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const IDENTITY = { name: 'Conway Test', email: 'test@conway.example' };

/** Runs git with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      `user.name=${IDENTITY.name}`,
      '-c',
      `user.email=${IDENTITY.email}`,
      '-c',
      'init.defaultBranch=main',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trimEnd();
}

const tempDirs: string[] = [];

/** A new empty directory, removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'conway-upgrade-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** File content, or content with the executable bit. */
export type FileSpec =
  | string
  | Buffer
  | { content: string | Buffer; executable: true };
export type FileTree = Record<string, FileSpec>;

export function writeTree(dir: string, files: FileTree): void {
  for (const [file, spec] of Object.entries(files)) {
    const target = path.join(dir, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const isObject = typeof spec === 'object' && !Buffer.isBuffer(spec);
    fs.writeFileSync(target, isObject ? spec.content : spec);
    fs.chmodSync(target, isObject ? 0o755 : 0o644);
  }
}

/** Creates a git repository (branch main) holding the files, in one commit. */
export function initRepo(
  dir: string,
  files: FileTree,
  message = 'Initial commit',
): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet');
  writeTree(dir, files);
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', message);
  return dir;
}

/** Replaces `templates/<name>/` with the files and commits. */
export function commitTemplate(
  repo: string,
  name: string,
  files: FileTree,
  message: string,
): string {
  fs.rmSync(path.join(repo, 'templates', name), {
    recursive: true,
    force: true,
  });
  writeTree(
    repo,
    Object.fromEntries(
      Object.entries(files).map(([file, spec]) => [
        `templates/${name}/${file}`,
        spec,
      ]),
    ),
  );
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** Every file below dir (without .git), as path → text (or `<binary sha1>`) and mode. */
export function listTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) {
        walk(file);
      } else {
        const content = fs.readFileSync(path.join(dir, file));
        const executable =
          (fs.statSync(path.join(dir, file)).mode & 0o100) !== 0;
        const text = content.includes(0)
          ? `<binary ${createHash('sha1').update(content).digest('hex')}>`
          : content.toString('utf8');
        out[file] = executable ? `[x] ${text}` : text;
      }
    }
  };
  walk('');
  return Object.fromEntries(
    Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** Everything that must not change when an upgrade is refused. */
export function snapshotRepo(dir: string) {
  return {
    files: listTree(dir),
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
    worktrees: git(dir, 'worktree', 'list', '--porcelain'),
  };
}
