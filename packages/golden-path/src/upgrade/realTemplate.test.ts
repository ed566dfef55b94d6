/*
 * Upgrades a service generated from the real templates/typescript-service to
 * a synthetic next version (the template copied into a git repository and
 * changed), and checks the result with the file-level part of the golden-path
 * contract: manifests pass schema and policy checks in every overlay, catalog
 * entities are valid, every YAML and JSON file parses.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { validateCatalogInfo } from '../catalog/validateCatalogInfo';
import { hasKubectl } from '../__fixtures__/kubectl';
import { checkManifestDirectory } from '../manifests/checkManifestDirectory';
import { renderSkeleton } from '../render/renderSkeleton';
import { renderToDirectory } from '../render/renderToDirectory';
import { loadTemplate } from '../template/loadTemplate';
import { GitTemplateVersionSource } from './GitTemplateVersionSource';
import { upgradeRepository } from './upgradeRepository';
import {
  commitTemplate,
  FileTree,
  git,
  IDENTITY,
  initRepo,
  listTree,
  removeTempDirs,
  tempDir,
  writeTree,
} from './__testUtils__/gitRepos';

const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax -- the test reads the repository's template from source
  __dirname,
  '../../../../templates/typescript-service',
);
const NAME = 'typescript-service';

const ANSWERS = {
  name: 'orders-api',
  description: 'Takes orders',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'production',
  port: 8081,
  database: 'postgres',
  ciProvider: 'github-actions',
};

jest.setTimeout(120_000);

/** The template directory as a file tree, executable bits included. */
function readTemplate(dir: string): FileTree {
  const tree: FileTree = {};
  for (const [file] of Object.entries(listTree(dir))) {
    const full = path.join(dir, file);
    const content = fs.readFileSync(full);
    tree[file] =
      fs.statSync(full).mode & 0o100 ? { content, executable: true } : content;
  }
  return tree;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) {
    throw new Error(
      `The template changed: '${from}' is gone; update this test`,
    );
  }
  return text.replace(from, to);
}

const bumpMinor = (version: string) => {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
};

function resolveTextPlaceholders(value: unknown, dir: string): unknown {
  if (Array.isArray(value)) {
    return value.map(v => resolveTextPlaceholders(v, dir));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === '$text') {
      return fs.readFileSync(path.join(dir, String(entries[0][1])), 'utf8');
    }
    return Object.fromEntries(
      entries.map(([k, v]) => [k, resolveTextPlaceholders(v, dir)]),
    );
  }
  return value;
}

afterAll(removeTempDirs);

it('upgrades a service generated from templates/typescript-service to a next version cleanly, and it still passes the contract checks', async () => {
  const current = await loadTemplate(TEMPLATE_DIR);
  const next = bumpMinor(current.version);

  // The templates repository: the template as it is, then a next version with two changes.
  const templatesRepo = initRepo(tempDir(), { 'README.md': '# Templates\n' });
  const v1 = readTemplate(TEMPLATE_DIR);
  commitTemplate(templatesRepo, NAME, v1, `${NAME} ${current.version}`);
  const text = (file: string) => (v1[file] as Buffer).toString('utf8');
  commitTemplate(
    templatesRepo,
    NAME,
    {
      ...v1,
      'template.yaml': replaceOnce(
        text('template.yaml'),
        `conway.dev/template-version: ${current.version}`,
        `conway.dev/template-version: ${next}`,
      ),
      'CHANGELOG.md': replaceOnce(
        text('CHANGELOG.md'),
        `## ${current.version}`,
        `## ${next}\n\n- Keep 10 old ReplicaSets for rollbacks.\n\n## ${current.version}`,
      ),
      'skeleton/k8s/base/deployment.yaml.hbs': replaceOnce(
        text('skeleton/k8s/base/deployment.yaml.hbs'),
        'revisionHistoryLimit: 5',
        'revisionHistoryLimit: 10',
      ),
    },
    `${NAME} ${next}`,
  );
  const source = new GitTemplateVersionSource({ repoDir: templatesRepo });

  try {
    // The service, generated at the current version and changed by its team.
    const service = path.join(tempDir(), ANSWERS.name);
    await renderToDirectory(
      await loadTemplate(await source.checkout(NAME, current.version)),
      ANSWERS,
      service,
    );
    initRepo(service, {}, 'Scaffold');
    const readme = fs.readFileSync(path.join(service, 'README.md'), 'utf8');
    const deployment = fs.readFileSync(
      path.join(service, 'k8s/base/deployment.yaml'),
      'utf8',
    );
    const teamFiles = {
      'README.md': `${readme}\n## Team notes\n\nOn call: #checkout-oncall.\n`,
      'k8s/base/deployment.yaml': replaceOnce(
        deployment,
        'terminationGracePeriodSeconds: 30',
        'terminationGracePeriodSeconds: 45',
      ),
      'src/routes/orders.ts': 'export const ORDERS_ROUTE = "/v1/orders";\n',
    };
    writeTree(service, teamFiles);
    git(service, 'add', '--all');
    git(service, 'commit', '--quiet', '-m', 'Team changes');

    const result = await upgradeRepository({
      repoDir: service,
      source,
      targetVersion: next,
      author: IDENTITY,
    });

    expect(result.conflicts).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(
      result.changes
        .filter(c => c.action !== 'unchanged')
        .map(c => `${c.action} ${c.path}`),
    ).toEqual([
      'updated .conway/golden-path.json',
      'merged README.md',
      'updated catalog-info.yaml',
      'merged k8s/base/deployment.yaml',
    ]);

    // Every file is what the next version renders, plus the team's changes.
    const rendered = await renderSkeleton(
      await loadTemplate(await source.checkout(NAME, next)),
      ANSWERS,
    );
    const expected: Record<string, string> = {};
    for (const file of rendered) {
      expected[file.path] = `${file.mode ? '[x] ' : ''}${file.content.toString(
        'utf8',
      )}`;
    }
    expected[
      'README.md'
    ] = `${expected['README.md']}\n## Team notes\n\nOn call: #checkout-oncall.\n`;
    expected['k8s/base/deployment.yaml'] = replaceOnce(
      expected['k8s/base/deployment.yaml'],
      'terminationGracePeriodSeconds: 30',
      'terminationGracePeriodSeconds: 45',
    );
    expected['src/routes/orders.ts'] = teamFiles['src/routes/orders.ts'];
    expect(listTree(service)).toEqual(expected);
    expect(expected['k8s/base/deployment.yaml']).toContain(
      'revisionHistoryLimit: 10',
    );

    // The contract's file checks.
    const unparseable: string[] = [];
    for (const [file, content] of Object.entries(listTree(service))) {
      try {
        if (/\.ya?ml$/.test(file)) {
          const errors = YAML.parseAllDocuments(content).flatMap(d => d.errors);
          if (errors.length > 0) throw errors[0];
        } else if (file.endsWith('.json')) {
          JSON.parse(content);
        }
      } catch (error) {
        unparseable.push(`${file}: ${error}`);
      }
    }
    expect(unparseable).toEqual([]);
    const catalog = YAML.parseAllDocuments(
      fs.readFileSync(path.join(service, 'catalog-info.yaml'), 'utf8'),
    ).map(doc => resolveTextPlaceholders(doc.toJS(), service));
    expect(catalog[0]).toMatchObject({
      metadata: {
        annotations: {
          'conway.dev/template': NAME,
          'conway.dev/template-version': next,
        },
      },
    });
    expect(
      await validateCatalogInfo(
        catalog.map(d => YAML.stringify(d)).join('---\n'),
        'catalog-info.yaml',
      ),
    ).toEqual([]);
    for (const overlay of ['dev', 'staging', 'prod']) {
      const report = await checkManifestDirectory(
        path.join(service, 'k8s/overlays', overlay),
        { catalogInfo: path.join(service, 'catalog-info.yaml') },
      );
      expect({
        overlay,
        findings: report.findings,
        skipped: report.skipped,
      }).toEqual({
        overlay,
        findings: [],
        // Without kubectl the overlays' patches are not applied; CI has kubectl.
        skipped: hasKubectl || process.env.CI ? [] : report.skipped,
      });
    }
  } finally {
    await source.dispose();
  }
});
