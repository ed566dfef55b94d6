/*
 * The Golden paths page in Chromium against the real backend (embedded
 * default: SQLite, local repositories): the page lists typescript-service with
 * its versions; a service scaffolded through the scaffolder API then shows up
 * on it with its version, its drift once the team edits a generated file, and
 * the golden-path card on its catalog page; a service on an older version is
 * upgraded from the page (dry run, then a commit on a new branch that keeps
 * the team's edit).
 *
 * The backend reads template versions from a throwaway git history holding
 * the repository's template twice: as an older release (without one skeleton
 * file) and as it is in the working tree. The working tree is what the catalog
 * and the scaffolder use, so drift is computed against the very files the
 * service was made from, whether or not the template's changes are committed.
 *
 * Needs: a built frontend (yarn workspace app build), Chromium, git and kubectl.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import YAML from 'yaml';
import {
  compareVersions,
  loadTemplate,
  renderToDirectory,
} from '@conway/golden-path';
import {
  makeTempDir,
  repoRoot,
  startBackend,
  TestBackend,
  waitFor,
} from '../lib/backend';
import {
  appBuilt,
  chromiumAvailable,
  launchChromium,
  screenshotDir,
  fullPageScreenshot,
} from '../lib/browser';
import { getEntity, guestToken } from '../lib/catalog';

jest.setTimeout(300_000);

const TEMPLATE_NAME = 'typescript-service';
const TEMPLATE_REF = `template:default/${TEMPLATE_NAME}`;
/** The older release in the throwaway history; its skeleton lacks {@link ADDED_FILE}. */
const OLD_VERSION = '0.9.0';
const ADDED_FILE = '.dockerignore';
const AUTHOR = [
  '-c',
  'user.name=Ada Lovelace',
  '-c',
  'user.email=ada@northwind.example',
];

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', [...AUTHOR, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  }).trim();

/** The answers the portal's form sends (the scaffolder API fills in no defaults). */
const answers = (name: string) => ({
  name,
  description: 'Made for the Golden paths browser test',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'experimental',
  port: 8080,
  database: 'none',
  ciProvider: 'github-actions',
});

/**
 * A git repository whose history releases the working tree's template twice:
 * {@link OLD_VERSION} without {@link ADDED_FILE}, then the current version.
 */
function templateHistory(dir: string, currentVersion: string): string {
  const source = path.join(repoRoot, 'templates', TEMPLATE_NAME);
  const target = path.join(dir, 'templates', TEMPLATE_NAME);
  git(dir, 'init', '--quiet', '--initial-branch', 'main');

  fs.cpSync(source, target, { recursive: true });
  fs.rmSync(path.join(target, 'skeleton', ADDED_FILE));
  const templateFile = path.join(target, 'template.yaml');
  const templateText = fs.readFileSync(templateFile, 'utf8');
  const versionLine = `conway.dev/template-version: ${currentVersion}`;
  if (!templateText.includes(versionLine)) {
    throw new Error(
      `templates/${TEMPLATE_NAME}/template.yaml has no line '${versionLine}'`,
    );
  }
  fs.writeFileSync(
    templateFile,
    templateText.replace(
      versionLine,
      `conway.dev/template-version: ${OLD_VERSION}`,
    ),
  );
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', `${TEMPLATE_NAME} ${OLD_VERSION}`);

  fs.rmSync(target, { recursive: true });
  fs.cpSync(source, target, { recursive: true });
  fs.appendFileSync(
    path.join(target, 'CHANGELOG.md'),
    `\n## ${OLD_VERSION}\n\n- Test release without ${ADDED_FILE} (browser test history).\n`,
  );
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', `${TEMPLATE_NAME} ${currentVersion}`);
  return path.join(dir, 'templates', TEMPLATE_NAME);
}

/** The version the portal scaffolds now: the annotation of the template the catalog reads. */
function currentTemplateVersion(): string {
  const template = YAML.parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', TEMPLATE_NAME, 'template.yaml'),
      'utf8',
    ),
  );
  const version =
    template?.metadata?.annotations?.['conway.dev/template-version'];
  if (typeof version !== 'string') {
    throw new Error(
      `templates/${TEMPLATE_NAME}/template.yaml has no conway.dev/template-version annotation`,
    );
  }
  return version;
}

describe('the Golden paths page in Chromium', () => {
  const dataDir = makeTempDir('golden-paths-browser');
  const stamp = Date.now().toString(36);
  const serviceName = `gp-page-${stamp}`;
  const serviceRef = `component:default/${serviceName}`;
  /** Made with the library from the older release, then registered: a service behind. */
  const oldServiceName = `gp-old-${stamp}`;
  const oldServiceRef = `component:default/${oldServiceName}`;
  const version = currentTemplateVersion();
  let oldTemplateDir: string;
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let token: string;
  const enabled = chromiumAvailable();

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    if (compareVersions(OLD_VERSION, version) >= 0) {
      throw new Error(
        `OLD_VERSION (${OLD_VERSION}) must be older than the current ${version}`,
      );
    }
    const history = makeTempDir('golden-path-history');
    templateHistory(history, version);
    oldTemplateDir = makeTempDir('golden-path-old');
    git(
      history,
      'worktree',
      'add',
      '--quiet',
      '--detach',
      oldTemplateDir,
      'HEAD~1',
    );
    backend = await startBackend({
      dataDir,
      config: [
        {
          conway: {
            goldenPaths: {
              versions: { repository: history, templatesPath: 'templates' },
              // Read drift afresh on every request: the test edits repositories between page loads.
              inspectCacheSeconds: 0,
            },
            // The guest (Ada, team-checkout) may upgrade a whole fleet, as the platform team can.
            permissions: { admins: ['user:default/ada.lovelace'] },
          },
        },
      ],
    });
    const b = backend;
    await waitFor('the typescript-service template', () =>
      getEntity(b, TEMPLATE_REF),
    );
    await waitFor('team-checkout', () =>
      getEntity(b, 'group:default/team-checkout'),
    );
    await waitFor('system checkout', () =>
      getEntity(b, 'system:default/checkout'),
    );
    token = await guestToken(b);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(b.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  /** Creates a service the way the portal's form does, as the guest user (Ada, team-checkout). */
  async function scaffold(name: string) {
    const res = await backend!.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        templateRef: TEMPLATE_REF,
        values: answers(name),
      }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const task = await waitFor(
      `task ${id} to finish`,
      async () => {
        const t = await backend!.fetchJson(`/api/scaffolder/v2/tasks/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(t.status)
          ? t
          : undefined;
      },
      180_000,
    );
    if (task.status !== 'completed') {
      const events: { body: { message: string; stepId?: string } }[] =
        await backend!.fetchJson(`/api/scaffolder/v2/tasks/${id}/events`);
      throw new Error(
        `task ${task.status}:\n${events
          .map(e => `[${e.body.stepId ?? '-'}] ${e.body.message}`)
          .join('\n')}`,
      );
    }
  }

  /**
   * A service made with the library from the older release, committed into a
   * local repository and registered, as the portal did when that release was current.
   */
  async function createOldService(name: string) {
    const repo = path.join(dataDir, 'repositories', name);
    const template = await loadTemplate(
      path.join(oldTemplateDir, 'templates', TEMPLATE_NAME),
    );
    expect(template.version).toBe(OLD_VERSION);
    await renderToDirectory(template, answers(name), repo);
    git(repo, 'init', '--quiet', '--initial-branch', 'main');
    git(repo, 'add', '--all');
    git(
      repo,
      'commit',
      '--quiet',
      '-m',
      `Initial commit from the Conway golden path ${OLD_VERSION}`,
    );
    await backend!.fetchJson('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({
        type: 'file',
        target: path.join(repo, 'catalog-info.yaml'),
      }),
    });
    return repo;
  }

  it('lists typescript-service with its current version and its versions', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/golden-paths`);
    const card = page.getByTestId(`golden-path-${TEMPLATE_NAME}`);
    await card
      .getByRole('link', { name: 'TypeScript service (Fastify)' })
      .waitFor({ timeout: 60_000 });
    const text = await card.textContent();
    expect(text).toContain(`Current version${version}`);
    const versionRows = card
      .getByRole('table', { name: `Versions of ${TEMPLATE_NAME}` })
      .getByRole('row');
    const rows = (await versionRows.allTextContents()).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map(row => row.split(' ')[0])).toEqual([version, OLD_VERSION]);
    expect(rows[0]).toMatch(new RegExp(`^${version} current`));
    // The sidebar has its entry.
    await page.getByRole('link', { name: 'Golden paths' }).first().waitFor();
  });

  it('shows a scaffolded service with its version, the team’s edits and the golden-path card', async () => {
    if (!enabled) return;
    await scaffold(serviceName);
    await createOldService(oldServiceName);
    await waitFor(
      `${serviceRef} in the catalog`,
      () => getEntity(backend!, serviceRef),
      30_000,
    );
    await waitFor(
      `${oldServiceRef} in the catalog`,
      () => getEntity(backend!, oldServiceRef),
      60_000,
    );

    // The team edits a generated file: the page shows it as drift.
    const repo = path.join(dataDir, 'repositories', serviceName);
    fs.appendFileSync(
      path.join(repo, 'README.md'),
      '\n## Team notes\n\nOn call: #checkout-oncall\n',
    );
    git(repo, 'commit', '--quiet', '--all', '-m', 'README: team notes');

    await page.goto(`${backend!.url}/golden-paths/${TEMPLATE_NAME}`);
    const row = page.getByTestId(`service-${serviceRef}`);
    await row.waitFor({ timeout: 60_000 });
    const rowText = await row.textContent();
    expect(rowText).toContain(serviceName);
    expect(rowText).toContain(version);
    expect(rowText).toContain('up to date');
    // The team's edit is README.md. The count is not pinned to 1: the template's
    // files may change while a test runs from a working tree others edit.
    const drift = /(\d+) modified, 0 deleted/.exec(rowText ?? '');
    expect(Number(drift?.[1])).toBeGreaterThanOrEqual(1);
    expect(rowText).toContain(path.join(dataDir, 'repositories', serviceName));
    await row.getByRole('button', { name: 'Show files' }).click();
    const modified = page.getByRole('list', {
      name: `modified files of ${serviceRef}`,
    });
    await modified.getByText('README.md').waitFor();
    expect(await modified.getByRole('listitem').count()).toBe(
      Number(drift?.[1]),
    );
    await page.getByRole('heading', { name: version, level: 3 }).waitFor();
    await page.getByText(`Test release without ${ADDED_FILE}`).waitFor();
    const oldRow = page.getByTestId(`service-${oldServiceRef}`);
    const oldRowText = await oldRow.textContent();
    expect(oldRowText).toContain(OLD_VERSION);
    expect(oldRowText).toContain('behind: 1 newer');
    expect(oldRowText).toContain('no edits');
    await shot('golden-path-details');

    await page.goto(`${backend!.url}/golden-paths`);
    const card = page.getByTestId(`golden-path-${TEMPLATE_NAME}`);
    await card
      .getByRole('link', { name: 'TypeScript service (Fastify)' })
      .waitFor({ timeout: 60_000 });
    const counts = /Services(\d+)Behind(\d+)/.exec(
      (await card.textContent()) ?? '',
    );
    expect(counts?.slice(1, 3)).toEqual(['2', '1']);
    await shot('golden-paths');

    await page.goto(`${backend!.url}/catalog/default/component/${serviceName}`);
    await page
      .getByText('Golden path', { exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole('link', { name: 'Open the golden path page' })
      .waitFor({ timeout: 30_000 });
  });

  it('upgrades the service behind from the page: dry run, then a new branch keeping the team’s edit', async () => {
    if (!enabled) return;
    const repo = path.join(dataDir, 'repositories', oldServiceName);
    fs.appendFileSync(
      path.join(repo, 'README.md'),
      '\n## Team notes\n\nKept by the upgrade.\n',
    );
    git(repo, 'commit', '--quiet', '--all', '-m', 'README: team notes');

    await page.goto(`${backend!.url}/golden-paths/${TEMPLATE_NAME}`);
    const upgrade = page.getByRole('button', {
      name: `Upgrade ${oldServiceRef}`,
    });
    await upgrade.waitFor({ timeout: 60_000 });
    await upgrade.click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(`Dry run: ${OLD_VERSION} → ${version}`)
      .waitFor({ timeout: 120_000 });
    const changes = dialog.getByRole('table', { name: 'File changes' });
    expect(await changes.textContent()).toContain(`${ADDED_FILE}added`);
    // Nothing is committed by the dry run.
    expect(git(repo, 'branch', '--list', '--format=%(refname:short)')).toBe(
      'main',
    );
    await shot('golden-path-upgrade-dry-run');

    await dialog.getByRole('button', { name: /^Commit upgrade/ }).click();
    await dialog.getByText('Branch:').waitFor({ timeout: 120_000 });
    const branch = (await dialog
      .getByText('Branch:')
      .locator('code')
      .textContent())!.trim();
    const commit = (await dialog
      .getByText('Commit:')
      .locator('code')
      .textContent())!.trim();
    await shot('golden-path-upgrade-committed');

    expect(git(repo, 'rev-parse', branch)).toBe(commit);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    const record = JSON.parse(
      git(repo, 'show', `${branch}:.conway/golden-path.json`),
    );
    expect(record.version).toBe(version);
    expect(git(repo, 'show', `${branch}:README.md`)).toContain(
      'Kept by the upgrade.',
    );
    expect(git(repo, 'cat-file', '-t', `${branch}:${ADDED_FILE}`)).toBe('blob');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('upgrades every service behind at once: a dry run of the fleet, then each outcome', async () => {
    if (!enabled) return;
    const fleetServiceName = `gp-fleet-${stamp}`;
    const fleetServiceRef = `component:default/${fleetServiceName}`;
    const repo = await createOldService(fleetServiceName);
    await waitFor(
      `${fleetServiceRef} in the catalog`,
      () => getEntity(backend!, fleetServiceRef),
      60_000,
    );

    await page.goto(`${backend!.url}/golden-paths/${TEMPLATE_NAME}`);
    await page
      .getByTestId(`service-${fleetServiceRef}`)
      .waitFor({ timeout: 60_000 });
    // Both older services are behind: the one upgraded on a branch has not merged it.
    await page.getByRole('button', { name: 'Upgrade all behind (2)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(`Dry run to ${version}: 2 services`, { exact: false })
      .waitFor({ timeout: 120_000 });
    const outcomes = dialog.getByRole('table', { name: 'Upgrade outcomes' });
    expect(await outcomes.textContent()).toContain(fleetServiceName);
    expect(git(repo, 'branch', '--list', '--format=%(refname:short)')).toBe(
      'main',
    );

    await dialog
      .getByRole('button', { name: 'Upgrade all 2 services' })
      .click();
    await dialog
      .getByText(`Upgraded to ${version}:`, { exact: false })
      .waitFor({ timeout: 180_000 });
    await shot('golden-path-fleet-upgrade');
    const fleetRow = outcomes
      .getByRole('row')
      .filter({ hasText: fleetServiceName });
    expect(await fleetRow.textContent()).toContain('upgraded');
    const branch = `golden-path/upgrade-${TEMPLATE_NAME}-${version}`;
    expect(await fleetRow.textContent()).toContain(branch);
    const record = JSON.parse(
      git(repo, 'show', `${branch}:.conway/golden-path.json`),
    );
    expect(record.version).toBe(version);
    // The service upgraded in the previous test already has that branch: its
    // outcome says so instead of overwriting it.
    const oldRow = outcomes
      .getByRole('row')
      .filter({ hasText: oldServiceName });
    expect(await oldRow.textContent()).toContain('already exists');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
