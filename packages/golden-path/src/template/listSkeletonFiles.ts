import fs from 'node:fs/promises';
import path from 'node:path';
import { TemplateLoadError } from '../errors';

/**
 * Lists the regular files under a skeleton directory as sorted POSIX paths.
 *
 * @remarks
 * Symlinks are refused: one could make rendering read a file outside the
 * template, or write through a link in the target.
 */
export async function listSkeletonFiles(
  skeletonDir: string,
): Promise<string[]> {
  const files: string[] = [];
  const walk = async (relDir: string): Promise<void> => {
    const entries = await fs.readdir(path.join(skeletonDir, relDir), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(rel);
      } else if (entry.isFile()) {
        files.push(rel);
      } else {
        const what = entry.isSymbolicLink() ? 'a symlink' : 'a special file';
        throw new TemplateLoadError(
          `Skeleton file '${rel}' in '${skeletonDir}' is ${what}; only regular files and directories are allowed`,
        );
      }
    }
  };
  await walk('');
  return files.sort();
}
