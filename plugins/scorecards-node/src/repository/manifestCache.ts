import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ProblemsFact } from '@conway/plugin-scorecards-common';

/** Policy-check results by content hash. @public */
export interface ManifestCheckCache {
  get(key: string): ProblemsFact | undefined;
  set(key: string, value: ProblemsFact): void;
}

/**
 * An in-memory {@link ManifestCheckCache} holding at most `maxEntries`
 * results, dropping the least recently used.
 *
 * @public
 */
export function createManifestCheckCache(
  maxEntries = 50_000,
): ManifestCheckCache {
  const entries = new Map<string, ProblemsFact>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries)
        entries.delete(entries.keys().next().value!);
    },
  };
}

/** SHA-256 over the files' paths and contents (sorted) and the extra strings. */
export async function contentKey(
  dir: string,
  files: string[],
  extra: string[],
): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash
      .update(file)
      .update('\0')
      .update(await fs.readFile(path.join(dir, file)))
      .update('\0');
  }
  return hash.update(extra.join('\0')).digest('hex');
}
