import fs from 'node:fs';
import path from 'node:path';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';

// A benchmark and test helper, run from the sources: the template is in this repository.
const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../templates/typescript-service',
);

/** Renders a typescript-service golden-path service into `dir`. */
export async function renderService(
  dir: string,
  name = 'orders-api',
): Promise<string> {
  const template = await loadTemplate(TEMPLATE_DIR);
  await renderToDirectory(
    template,
    {
      name,
      description: 'Takes and tracks orders.',
      owner: 'group:default/team-checkout',
      system: 'system:default/checkout',
      port: 8080,
      database: 'postgres',
      ciProvider: 'github-actions',
    },
    dir,
  );
  return dir;
}

/** Replaces `from` by `to` in a file, failing when nothing changes. */
export function edit(file: string, from: string | RegExp, to: string) {
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  if (after === before)
    throw new Error(`'${String(from)}' not found in ${file}`);
  fs.writeFileSync(file, after);
}
