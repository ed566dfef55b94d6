import fs from 'node:fs/promises';
import path from 'node:path';

/** Directories never looked into: dependencies, build output, VCS data. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  'vendor',
  'target',
]);

/**
 * Repository-relative paths (with `/`) of the files under `dir`, up to
 * `maxFiles`, skipping dependency and build directories and symbolic links
 * (which could point outside the repository).
 *
 * @throws the file system's error when `dir` itself cannot be read
 */
export async function listFiles(
  dir: string,
  maxFiles = 20_000,
): Promise<string[]> {
  const files: string[] = [];
  const queue = [''];
  while (queue.length > 0 && files.length < maxFiles) {
    const relative = queue.shift()!;
    const entries = await fs
      .readdir(path.join(dir, relative), { withFileTypes: true })
      .catch(error => {
        // The root must be readable; an unreadable subdirectory only hides its files.
        if (relative === '') throw error;
        return [];
      });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(child);
      } else if (entry.isFile()) {
        files.push(child);
      }
    }
  }
  return files.sort();
}
