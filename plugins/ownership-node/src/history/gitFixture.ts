import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

/** One scripted commit of a fixture repository. @public */
export interface FixtureCommit {
  author: { name: string; email: string };
  /** Author and committer time, epoch seconds. */
  time: number;
  /** Files to (over)write: path → number of lines, or the lines themselves. */
  write?: Record<string, number | string[]>;
  remove?: string[];
  /** [from, to] renames with `git mv`. */
  move?: Array<[string, string]>;
}

/** `prefix 1` … `prefix n`: distinct lines, so that diffs count exactly. @public */
export function fixtureLines(n: number, prefix = 'line'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
}

function git(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

/** Creates a repository (if needed) and makes the commits, with their authors and dates. @public */
export function scriptRepository(dir: string, commits: FixtureCommit[]): void {
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
  }
  commits.forEach((c, i) => {
    for (const [from, to] of c.move ?? []) {
      fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
      git(dir, ['mv', from, to]);
    }
    for (const [file, content] of Object.entries(c.write ?? {})) {
      const full = path.join(dir, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      const lines =
        typeof content === 'number' ? fixtureLines(content, file) : content;
      fs.writeFileSync(full, `${lines.join('\n')}\n`);
    }
    for (const file of c.remove ?? []) git(dir, ['rm', '-q', file]);
    git(dir, ['add', '-A']);
    const date = `@${c.time} +0000`;
    git(dir, ['commit', '-q', '--allow-empty', '-m', `commit ${i + 1}`], {
      GIT_AUTHOR_NAME: c.author.name,
      GIT_AUTHOR_EMAIL: c.author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_DATE: date,
    });
  });
}

/** Runs git in a fixture repository (amend, clone, ...). @public */
export function fixtureGit(dir: string, args: string[]): string {
  return git(dir, args);
}
