import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Reads `conway.goldenPaths.directories`, resolved from the working directory. @public */
export function readGoldenPathDirectories(config: Config): string[] {
  return (
    config.getOptionalStringArray('conway.goldenPaths.directories') ?? []
  ).map(dir => path.resolve(dir));
}

const realpathOrSelf = (p: string) => fs.realpath(p).catch(() => p);

/**
 * Finds the directory of the template a task runs.
 *
 * @remarks
 * An explicit `templateDir` must lie inside one of `allowedDirectories` (after
 * resolving symlinks), so a template cannot make the backend read arbitrary
 * directories. Otherwise the template must have been registered from a `file`
 * location (or be a dry run), whose base URL is the `file:` URL of its
 * template.yaml.
 *
 * @throws InputError when the directory is not allowed or the template has no `file` location
 * @public
 */
export async function resolveTemplateDirectory(options: {
  baseUrl?: string;
  templateRef?: string;
  templateDir?: string;
  allowedDirectories: string[];
}): Promise<string> {
  const { baseUrl, templateRef, templateDir, allowedDirectories } = options;
  if (templateDir !== undefined) {
    const dir = await realpathOrSelf(path.resolve(templateDir));
    for (const allowed of allowedDirectories) {
      if (isChildPath(await realpathOrSelf(allowed), dir)) {
        return dir;
      }
    }
    throw new InputError(
      allowedDirectories.length
        ? `templateDir '${templateDir}' is not inside a directory listed in conway.goldenPaths.directories (${allowedDirectories.join(
            ', ',
          )})`
        : `templateDir '${templateDir}' is not allowed: conway.goldenPaths.directories is not configured`,
    );
  }
  const template = templateRef ? `Template '${templateRef}'` : 'The template';
  if (!baseUrl) {
    throw new InputError(
      `${template} has no base URL; register it from a file location or pass templateDir`,
    );
  }
  if (!baseUrl.startsWith('file:')) {
    throw new InputError(
      `${template} was registered from '${baseUrl}', not from a file location; golden-path:render reads templates from disk, so register it with a file location or pass templateDir`,
    );
  }
  return path.dirname(fileURLToPath(baseUrl));
}
