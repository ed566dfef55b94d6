import fs from 'node:fs/promises';
import path from 'node:path';
import { sha1 } from './contentHash';

/** A path in the service as the plan found it. */
export type OursFile =
  | { kind: 'absent'; blockedBy?: string }
  | { kind: 'file'; content: Buffer; executable: boolean }
  | { kind: 'other'; what: string };

/** What `UpgradePlan.observed` records for a path. */
function observation(file: OursFile): string {
  return file.kind === 'file' ? sha1(file.content) : file.kind;
}

/** Reads a path of the service without following symlinks, in the file or in its parents. */
export async function readServiceFile(
  root: string,
  relative: string,
): Promise<OursFile> {
  const segments = relative.split('/');
  let current = root;
  for (const [i, segment] of segments.entries()) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(error => {
      if (error.code === 'ENOENT') {
        return undefined;
      }
      throw error;
    });
    const prefix = segments.slice(0, i + 1).join('/');
    const last = i === segments.length - 1;
    if (!stat) {
      return { kind: 'absent' };
    }
    if (stat.isSymbolicLink()) {
      return {
        kind: 'other',
        what: last ? 'a symlink' : `behind the symlink '${prefix}'`,
      };
    }
    if (last) {
      if (stat.isFile()) {
        return {
          kind: 'file',
          content: await fs.readFile(current),
          executable: (stat.mode & 0o100) !== 0,
        };
      }
      return {
        kind: 'other',
        what: stat.isDirectory() ? 'a directory' : 'a special file',
      };
    }
    if (!stat.isDirectory()) {
      return { kind: 'absent', blockedBy: prefix };
    }
  }
  return { kind: 'absent' };
}

/**
 * Reads the service's files for a plan, each once, and records what it read
 * (see `UpgradePlan.observed`), so that applying can tell whether they changed since.
 */
export class ServiceFiles {
  /** Per path read: the SHA-1 of the file, `absent` or `other`. */
  readonly observed: Record<string, string> = {};
  readonly #cache = new Map<string, Promise<OursFile>>();

  constructor(private readonly serviceDir: string) {}

  /** The service's file at a path, read on the first call. */
  async read(file: string): Promise<OursFile> {
    let promise = this.#cache.get(file);
    if (!promise) {
      promise = readServiceFile(this.serviceDir, file);
      this.#cache.set(file, promise);
    }
    const result = await promise;
    this.observed[file] = observation(result);
    return result;
  }

  /** Records the paths the plan touches but has not read yet. */
  async observe(files: string[]): Promise<void> {
    for (const file of files) {
      if (!(file in this.observed)) {
        this.observed[file] = observation(
          await readServiceFile(this.serviceDir, file),
        );
      }
    }
  }
}
