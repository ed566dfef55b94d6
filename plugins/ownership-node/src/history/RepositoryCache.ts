import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { runGit } from './git';

/** @public */
export interface RepositoryCacheOptions {
  /** Directory the clones live in; created when missing. */
  dir: string;
  /** Total size the cache may keep; least recently used clones go first. Default 2 GiB. */
  maxBytes?: number;
}

function directorySize(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(current, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += fs.statSync(p).size;
    }
  }
  return total;
}

/**
 * Bare clones of remote repositories, kept in one directory with a size
 * bound. A clone is `git clone --bare` without a blob filter: `--numstat`
 * reads both sides of every change, so a blobless clone would fetch almost
 * every blob anyway, one round trip per commit. Later runs `git fetch` into
 * the clone. Credentials come from git's own configuration (credential
 * helpers); URLs are never logged with their user info.
 *
 * @public
 */
export class RepositoryCache {
  private readonly dir: string;
  private readonly maxBytes: number;

  constructor(options: RepositoryCacheOptions) {
    this.dir = path.resolve(options.dir);
    this.maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  }

  /** The directory of a URL's clone (inside the cache directory, whatever the URL). */
  pathOf(url: string): string {
    const hash = createHash('sha256').update(url).digest('hex').slice(0, 24);
    return path.join(this.dir, `${hash}.git`);
  }

  /**
   * Clones the repository, or fetches into its clone, and returns the clone's
   * directory. @throws GitError when git cannot reach or read it.
   */
  async ensure(url: string): Promise<string> {
    fs.mkdirSync(this.dir, { recursive: true });
    const target = this.pathOf(url);
    if (fs.existsSync(path.join(target, 'HEAD'))) {
      await runGit(target, [
        'fetch',
        '--quiet',
        '--prune',
        'origin',
        '+refs/heads/*:refs/heads/*',
      ]);
    } else {
      const partial = `${target}.partial-${process.pid}`;
      fs.rmSync(partial, { recursive: true, force: true });
      try {
        await runGit(this.dir, [
          'clone',
          '--quiet',
          '--bare',
          '--',
          url,
          partial,
        ]);
        // Renamed only when complete: a killed clone never looks like a cache entry.
        fs.renameSync(partial, target);
      } finally {
        fs.rmSync(partial, { recursive: true, force: true });
      }
    }
    const now = new Date();
    fs.utimesSync(target, now, now);
    this.evict(target);
    return target;
  }

  /** Removes least recently used clones until the cache fits, never `keep`. */
  private evict(keep: string): void {
    const entries = fs
      .readdirSync(this.dir, { withFileTypes: true })
      .filter(e => e.isDirectory() && e.name.endsWith('.git'))
      .map(e => {
        const p = path.join(this.dir, e.name);
        return { p, used: fs.statSync(p).mtimeMs, size: directorySize(p) };
      })
      .sort((a, b) => a.used - b.used);
    let total = entries.reduce((s, e) => s + e.size, 0);
    for (const e of entries) {
      if (total <= this.maxBytes) break;
      if (e.p === keep) continue;
      fs.rmSync(e.p, { recursive: true, force: true });
      total -= e.size;
    }
  }
}
