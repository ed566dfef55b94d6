import fs from 'node:fs/promises';
import path from 'node:path';
import { isChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

/**
 * The directories `file` locations registered through the catalog API may
 * point into: `conway.localRepositories.directory` and
 * `conway.catalog.fileLocationRoots` (the repository's `org/` and
 * `templates/`), resolved from the backend's working directory like every
 * other path in the app config.
 *
 * @public
 */
export function readFileLocationRoots(config: Config): string[] {
  const localRepositories = config.getOptionalString(
    'conway.localRepositories.directory',
  );
  return [
    ...(localRepositories ? [localRepositories] : []),
    ...(config.getOptionalStringArray('conway.catalog.fileLocationRoots') ??
      []),
  ].map(dir => path.resolve(dir));
}

/**
 * The real path of `target`: symlinks resolved for the part that exists,
 * the rest (a file not written yet) appended, `..` already gone.
 */
export async function realPath(target: string): Promise<string> {
  const absolute = path.resolve(target);
  try {
    return await fs.realpath(absolute);
  } catch {
    const parent = path.dirname(absolute);
    if (parent === absolute) return absolute;
    return path.join(await realPath(parent), path.basename(absolute));
  }
}

/**
 * Says whether a `file` location target lies inside one of the roots.
 *
 * @public
 */
export class FileLocationGuard {
  readonly #roots: string[];

  static create(options: { roots: string[] }): FileLocationGuard {
    return new FileLocationGuard(options.roots);
  }

  private constructor(roots: string[]) {
    this.#roots = roots;
  }

  get roots(): string[] {
    return [...this.#roots];
  }

  /**
   * @throws NotAllowedError when the target, with symlinks and `..`
   * resolved, is outside every root.
   */
  async check(target: string): Promise<void> {
    const real = await realPath(target);
    for (const root of this.#roots) {
      if (isChildPath(await realPath(root), real)) return;
    }
    throw new NotAllowedError(
      `File location '${target}' is refused: it resolves to '${real}', outside the directories file locations may be registered from (${
        this.#roots.map(r => `'${r}'`).join(', ') || 'none configured'
      }). Register a url location, or ask the platform team to add it to catalog.locations.`,
    );
  }
}
