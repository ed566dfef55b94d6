/*
 * The home page in Chromium against the real backend, as three users see it:
 *
 * - Ada Lovelace of Checkout (the embedded default's guest): her team with its
 *   department, her team's services with their golden-path status (one made
 *   through the scaffolder API, up to date; one registered on an older
 *   version, behind) and findings, her recent task, and the golden-path
 *   releases from the changelog;
 * - Anouk Bakker of SRE, the platform team: the fleet's drift as well;
 * - a user in no team: a page that says so instead of empty team cards.
 *
 * The guest's user is fixed at start-up, so the backend is restarted on the
 * same data directory (the catalog is kept) for each user. Full-page
 * screenshots go to screenshots/ (scripts/refresh-screenshots.sh copies them
 * into docs/screenshots/).
 *
 * Needs: a built frontend (yarn workspace app build), Chromium and git.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import YAML from 'yaml';
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

jest.setTimeout(600_000);

const TEMPLATE_REF = 'template:default/typescript-service';
const CHECKOUT = 'group:default/team-checkout';

/** The version the portal scaffolds now. */
function currentVersion(): string {
  const template = YAML.parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates/typescript-service/template.yaml'),
      'utf8',
    ),
  );
  return template.metadata.annotations['conway.dev/template-version'];
}

/** A version older than `version` (its minor or major lowered). */
function olderVersion(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return minor > 0 ? `${major}.${minor - 1}.0` : `${major - 1}.0.0`;
}

describe('the home page in Chromium', () => {
  const dataDir = makeTempDir('home-browser');
  const fixtures = makeTempDir('home-fixtures');
  const stamp = Date.now().toString(36);
  const newService = `home-cart-${stamp}`;
  const oldService = `home-returns-${stamp}`;
  const version = currentVersion();
  const older = olderVersion(version);
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const enabled = chromiumAvailable();

  /** (Re)starts the backend with the guest signed in as `user`, and opens the home page signed in. */
  async function startAs(user: string) {
    await page?.context().close();
    await backend?.stop();
    backend = await startBackend({
      dataDir,
      config: [{ auth: { providers: { guest: { userEntityRef: user } } } }],
    });
    const b = backend;
    await waitFor(user, () => getEntity(b, user));
    await waitFor('team-checkout', () => getEntity(b, CHECKOUT));
    const context = await browser!.newContext({
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    await page.goto(b.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
  }

  const shot = (name: string) => fullPageScreenshot(page, name);

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    // A service made before the current release (still on the older version)
    // and a user in no team, registered from files like any catalog entry.
    fs.writeFileSync(
      path.join(fixtures, 'catalog-info.yaml'),
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: oldService,
            title: 'Returns API',
            annotations: {
              'conway.dev/template': 'typescript-service',
              'conway.dev/template-version': older,
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: CHECKOUT,
            system: 'checkout',
          },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: `noor.visser-${stamp}` },
          spec: { profile: { displayName: 'Noor Visser' }, memberOf: [] },
        },
      ]
        .map(doc => YAML.stringify(doc))
        .join('---\n'),
    );
    browser = await launchChromium();
    await startAs('user:default/ada.lovelace');
    await backend!.fetchJson('/api/catalog/locations', {
      method: 'POST',
      body: JSON.stringify({
        type: 'file',
        target: path.join(fixtures, 'catalog-info.yaml'),
      }),
    });
    await waitFor('the typescript-service template', () =>
      getEntity(backend!, TEMPLATE_REF),
    );
    await scaffold(newService);
    const b = backend!;
    await Promise.all(
      [
        `component:default/${newService}`,
        `component:default/${oldService}`,
      ].map(ref => waitFor(ref, () => getEntity(b, ref), 60_000)),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  /** Creates a service the way the portal's form does, as the guest (Ada, Checkout). */
  async function scaffold(name: string) {
    const token = await guestToken(backend!);
    const res = await backend!.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        templateRef: TEMPLATE_REF,
        values: {
          name,
          description: 'Made for the home page browser test',
          owner: CHECKOUT,
          system: 'system:default/checkout',
          lifecycle: 'experimental',
          port: 8080,
          database: 'none',
          ciProvider: 'github-actions',
        },
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
    expect(task.status).toBe('completed');
  }

  it('shows Ada her team, its services with golden-path status, her task and the releases', async () => {
    if (!enabled) return;
    // The ownership analysis runs again once the catalog has settled; until
    // then it may have seen only part of the org. Its findings for Checkout
    // (the example org's deliberate cross-team dependencies) say it has.
    await waitFor(
      'the ownership analysis of the whole org',
      async () => {
        const team = await backend!.fetchJson(
          '/api/ownership/teams/default/team-checkout',
        );
        return team.findings.length > 0 ? team : undefined;
      },
      180_000,
    );
    // Likewise the scorecards: their first run may have come before Checkout's services.
    await waitFor(
      "a scorecard run with Checkout's services",
      async () => {
        const services = await backend!.fetchJson(
          `/api/scorecards/services?team=${encodeURIComponent(CHECKOUT)}`,
        );
        return services.items.length > 0 ? services : undefined;
      },
      180_000,
    );
    await page.reload();
    await page
      .getByRole('heading', { name: 'Welcome to Conway, Ada Lovelace' })
      .waitFor({ timeout: 60_000 });

    // Her team by display name, linking to its page, with its department.
    const teams = page.getByRole('list', { name: 'Your teams' });
    const team = teams.getByRole('link', { name: 'Checkout' });
    expect(await team.getAttribute('href')).toBe(
      '/catalog/default/group/team-checkout',
    );
    expect(await teams.textContent()).toMatch(
      /Team in Commerce · \d+ members · owns \d+ catalog entities/,
    );

    // Her team's services: the scaffolded one is up to date, the older one behind.
    const services = page.getByRole('table', { name: "Your team's services" });
    const fresh = services.getByTestId(
      `home-service-component:default/${newService}`,
    );
    await fresh.waitFor({ timeout: 60_000 });
    await fresh.getByText(`${version} up to date`).waitFor({ timeout: 30_000 });
    expect(
      await fresh
        .getByRole('link', { name: 'TypeScript service (Fastify)' })
        .getAttribute('href'),
    ).toBe('/golden-paths/typescript-service');
    const behind = services.getByTestId(
      `home-service-component:default/${oldService}`,
    );
    expect(await behind.textContent()).toContain(
      `${older} behind: ${version} available`,
    );
    // A title is shown rather than the name.
    expect(
      await behind
        .getByRole('link', { name: 'Returns API' })
        .getAttribute('href'),
    ).toBe(`/catalog/default/component/${oldService}`);
    const checkout = services.getByTestId(
      'home-service-component:default/checkout-service',
    );
    expect(await checkout.textContent()).toContain(
      'Not made from a golden path',
    );

    // Findings from the ownership analysis (it may need a cycle after start-up).
    await page
      .getByTestId(`home-findings-${CHECKOUT}`)
      .getByText(/team page/)
      .first()
      .waitFor({ timeout: 90_000 });
    const findingsText = await page
      .getByTestId(`home-findings-${CHECKOUT}`)
      .textContent();
    // Refs are written as display names.
    expect(findingsText).not.toMatch(/(component|group):default\//);

    // Her task, linking to its task page.
    const task = page
      .getByRole('list', { name: 'Your recent tasks' })
      .getByRole('link', {
        name: `TypeScript service (Fastify): ${newService}`,
      });
    expect(await task.getAttribute('href')).toMatch(/^\/create\/tasks\/.+/);

    // The newest golden-path release, from the changelog.
    const release = page.getByRole('article', {
      name: `TypeScript service (Fastify) ${version}`,
    });
    expect(await release.textContent()).toMatch(/Released \d{1,2} [A-Z][a-z]{2} \d{4}/);

    // Ada is not in the platform team.
    expect(await page.getByText('Fleet drift').count()).toBe(0);
    // The sidebar carries the platform's own name.
    await page.getByRole('link', { name: 'Home' }).first().waitFor();
    expect(await page.locator('nav').first().textContent()).toContain('Conway');
    expect(await page.locator('nav').first().textContent()).not.toContain(
      'Backstage',
    );

    // Her teams' scorecards: Checkout's services, and what to fix first.
    await page.getByText('What to fix first').waitFor({ timeout: 60_000 });
    expect(await page.getByText(/None of your teams' services|not been evaluated yet|in no team/).count()).toBe(0);

    await shot('home');

    // Every link on the page goes somewhere the app knows.
    const hrefs = await page
      .locator('main a[href]')
      .evaluateAll(links => links.map(a => a.getAttribute('href') ?? ''));
    expect(hrefs.filter(h => h === '' || h === '#')).toEqual([]);
    // The team link leads to the team's page, which lists Ada among its members.
    await team.click();
    await page.waitForURL('**/catalog/default/group/team-checkout');
    await page
      .locator('a[href="/catalog/default/user/ada.lovelace"]')
      .first()
      .waitFor({ timeout: 60_000 });
  });

  it('shows the platform team the fleet’s drift', async () => {
    if (!enabled) return;
    await startAs('user:default/anouk.bakker');
    await page
      .getByRole('heading', { name: 'Welcome to Conway, Anouk Bakker' })
      .waitFor({ timeout: 60_000 });
    const drift = page.getByTestId('fleet-drift-typescript-service');
    await drift.waitFor({ timeout: 60_000 });
    const text = await drift.textContent();
    expect(text).toMatch(/\d+ of \d+ services? behind\./);
    const behind = drift.getByRole('list', {
      name: 'Behind TypeScript service (Fastify)',
    });
    const returns = behind
      .getByRole('listitem')
      .filter({ hasText: 'Returns API' });
    expect(await returns.textContent()).toContain(`on ${older}`);
    expect(await returns.textContent()).toContain('Checkout');
    expect(
      await drift
        .getByRole('link', { name: /upgrade them on the golden path page/i })
        .getAttribute('href'),
    ).toBe('/golden-paths/typescript-service');
    await page
      .getByRole('list', { name: 'Your teams' })
      .getByRole('link', { name: 'SRE' })
      .waitFor();
    await shot('home-platform-team');
  });

  it('tells a user in no team so, instead of showing empty team cards', async () => {
    if (!enabled) return;
    await startAs(`user:default/noor.visser-${stamp}`);
    await page
      .getByText(/Noor Visser is not a member of any team in the catalog/)
      .waitFor({ timeout: 60_000 });
    expect(await page.getByText('Ownership findings').count()).toBe(0);
    expect(
      await page.getByRole('table', { name: "Your team's services" }).count(),
    ).toBe(0);
    // The platform's announcements are there for everyone.
    await page
      .getByRole('article', { name: `TypeScript service (Fastify) ${version}` })
      .waitFor();
    await shot('home-no-team');
  });
});
