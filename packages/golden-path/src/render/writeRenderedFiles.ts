import fs from 'node:fs/promises';
import path from 'node:path';
import { WriteError } from '../errors';
import type { RenderedFile } from './renderSkeleton';
import { toSafeRelativePath } from './safePath';

/** Options for {@link writeRenderedFiles}. @public */
export interface WriteOptions {
  /** Write into a non-empty directory, replacing files with the same paths. */
  overwrite?: boolean;
}

const lstatOrUndefined = (p: string) =>
  fs.lstat(p).catch(error => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw error;
  });

/** Undo log: everything written so far, to restore on failure. */
interface Journal {
  dirs: string[];
  files: string[];
  replaced: { file: string; content: Buffer; mode: number }[];
}

async function rollBack(journal: Journal) {
  for (const { file, content, mode } of journal.replaced) {
    await fs.writeFile(file, content).catch(() => undefined);
    await fs.chmod(file, mode).catch(() => undefined);
  }
  for (const file of journal.files) {
    await fs.rm(file, { force: true });
  }
  for (const dir of [...journal.dirs].reverse()) {
    await fs.rmdir(dir).catch(() => undefined);
  }
}

/** Creates missing directories below root, refusing to pass through anything that is not a real directory. */
async function ensureDir(root: string, relDir: string, journal: Journal) {
  let current = root;
  for (const segment of relDir ? relDir.split('/') : []) {
    current = path.join(current, segment);
    const stat = await lstatOrUndefined(current);
    if (!stat) {
      await fs.mkdir(current);
      journal.dirs.push(current);
    } else if (stat.isSymbolicLink()) {
      throw new WriteError(
        `Refusing to write through symlink '${current}' in the target directory`,
      );
    } else if (!stat.isDirectory()) {
      throw new WriteError(`'${current}' exists and is not a directory`);
    }
  }
}

/**
 * Writes rendered files below a target directory, all or nothing.
 *
 * @remarks
 * Every path must be relative and stay inside the target; symlinks in the target
 * are never followed. A non-empty target is refused unless `overwrite` is set.
 * If any write fails, files and directories created so far are removed and
 * replaced files restored.
 *
 * @returns the relative paths written
 * @throws WriteError for unsafe paths or an unusable target
 * @public
 */
export async function writeRenderedFiles(
  files: RenderedFile[],
  targetDir: string,
  options: WriteOptions = {},
): Promise<string[]> {
  const paths = files.map(f => toSafeRelativePath(f.path));
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate !== undefined) {
    throw new WriteError(`Output path '${duplicate}' is given more than once`);
  }

  const journal: Journal = { dirs: [], files: [], replaced: [] };
  const target = path.resolve(targetDir);
  const targetStat = await fs.stat(target).catch(() => undefined);
  if (targetStat && !targetStat.isDirectory()) {
    throw new WriteError(`Target '${target}' exists and is not a directory`);
  }
  if (
    targetStat &&
    !options.overwrite &&
    (await fs.readdir(target)).length > 0
  ) {
    throw new WriteError(
      `Target directory '${target}' is not empty; pass the overwrite option to write into it`,
    );
  }

  try {
    if (!targetStat) {
      const first = await fs.mkdir(target, { recursive: true });
      for (let dir = target; first; dir = path.dirname(dir)) {
        journal.dirs.unshift(dir);
        if (dir === first) {
          break;
        }
      }
    }
    const root = await fs.realpath(target);
    for (const [i, rel] of paths.entries()) {
      await ensureDir(
        root,
        path.posix.dirname(rel).replace(/^\.$/, ''),
        journal,
      );
      const dest = path.join(root, ...rel.split('/'));
      const existing = await lstatOrUndefined(dest);
      if (existing && !existing.isFile()) {
        throw new WriteError(
          `Refusing to replace '${dest}': it is not a regular file`,
        );
      }
      if (existing) {
        journal.replaced.push({
          file: dest,
          content: await fs.readFile(dest),
          mode: existing.mode & 0o7777,
        });
      }
      await fs.writeFile(dest, files[i].content, {
        flag: existing ? 'w' : 'wx',
      });
      if (!existing) {
        journal.files.push(dest);
      }
      if (files[i].mode !== undefined) {
        await fs.chmod(dest, files[i].mode!);
      }
    }
  } catch (error) {
    await rollBack(journal);
    throw error;
  }
  return paths;
}
