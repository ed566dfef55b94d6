/**
 * Regenerates skeleton/package-lock.json.hbs after a dependency change in
 * skeleton/package.json.hbs. Run from the repository root:
 *
 *   source scripts/env.sh && node_modules/.bin/tsx templates/typescript-service/scripts/update-lockfile.ts
 *
 * For each database choice it renders the template, lets npm resolve the pinned
 * dependencies into a lockfile, and templates only the package name back in.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { loadTemplate, renderToDirectory } from '@conway/golden-path';

const TEMPLATE_DIR = path.resolve(__dirname, '..');
const PLACEHOLDER = 'golden-path-lockfile-placeholder';

async function lockfileFor(database: string): Promise<string> {
  const template = await loadTemplate(TEMPLATE_DIR);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `lockfile-${database}-`));
  try {
    await renderToDirectory(
      template,
      { name: PLACEHOLDER, owner: 'group:default/team-sre', database },
      dir,
    );
    await fs.rm(path.join(dir, 'package-lock.json'), { force: true });
    execFileSync(
      'npm',
      [
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: dir, stdio: 'inherit' },
    );
    const lock = JSON.parse(
      await fs.readFile(path.join(dir, 'package-lock.json'), 'utf8'),
    );
    if (lock.name !== PLACEHOLDER || lock.packages[''].name !== PLACEHOLDER) {
      throw new Error(
        'unexpected lockfile layout: name fields not where expected',
      );
    }
    const text = `${JSON.stringify(lock, null, 2)}\n`;
    if (text.includes('{{')) {
      throw new Error(
        'lockfile contains "{{", which Handlebars would interpret',
      );
    }
    const templated = text.replaceAll(
      `"name": "${PLACEHOLDER}"`,
      '"name": {{json values.name}}',
    );
    if (templated.split('{{json values.name}}').length !== 3) {
      throw new Error('expected exactly two name fields to template');
    }
    return templated;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const postgres = await lockfileFor('postgres');
  const none = await lockfileFor('none');
  const out = path.join(TEMPLATE_DIR, 'skeleton', 'package-lock.json.hbs');
  await fs.writeFile(
    out,
    `{{#if (eq values.database "postgres")}}\n${postgres}{{else}}\n${none}{{/if}}\n`,
  );
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}

main().catch(error => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
