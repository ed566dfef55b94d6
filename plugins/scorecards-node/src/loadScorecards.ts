import fs from 'node:fs/promises';
import path from 'node:path';
import {
  RegistryUpdate,
  ScorecardRegistry,
} from '@conway/plugin-scorecards-common';

/**
 * Reads every `*.yaml`/`*.yml` file of `dir` into the registry: invalid files
 * are reported and keep their previous definition (see
 * {@link @conway/plugin-scorecards-common#ScorecardRegistry}).
 *
 * @throws when the directory itself cannot be read
 * @public
 */
export async function loadScorecardDirectory(
  dir: string,
  registry: ScorecardRegistry = new ScorecardRegistry(),
): Promise<RegistryUpdate> {
  const names = (await fs.readdir(dir)).filter(n => /\.ya?ml$/.test(n)).sort();
  return loadScorecardFiles(
    names.map(n => path.join(dir, n)),
    registry,
  );
}

/** Reads the given definition files into the registry. @public */
export async function loadScorecardFiles(
  files: string[],
  registry: ScorecardRegistry = new ScorecardRegistry(),
): Promise<RegistryUpdate> {
  const read = await Promise.all(
    files.map(async file => ({ file, text: await fs.readFile(file, 'utf8') })),
  );
  return registry.update(read);
}
