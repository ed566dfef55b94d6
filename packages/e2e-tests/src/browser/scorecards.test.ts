/*
 * Scorecards in Chromium against the real backend: the Scorecards page (level
 * distribution, teams by name with departments, failing checks with how-to-fix
 * links that open the guide, filters in the URL, exports), a service's card,
 * a team's card, and the home page widget of the guest (Ada Lovelace of
 * Checkout). A service scaffolded for Checkout lives in a local repository,
 * so its repository checks are evaluated; the example org's services are on
 * GitHub and show those checks as unknown, with the reason.
 *
 * Full-page screenshots go to screenshots/ (scripts/refresh-screenshots.sh
 * copies them into docs/screenshots/).
 *
 * Needs: a built frontend (yarn workspace app build), Chromium and git.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  makeTempDir,
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
import { getEntity, guestToken, queryEntities } from '../lib/catalog';

jest.setTimeout(900_000);

const TEMPLATE_REF = 'template:default/typescript-service';
const CHECKOUT = 'group:default/team-checkout';

describe('scorecards in Chromium', () => {
  const dataDir = makeTempDir('scorecards-browser');
  const service = `cart-scores-${Date.now().toString(36)}`;
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** The scaffolded service's display name. */
  let serviceTitle = service;
  const enabled = chromiumAvailable();

  const shot = (name: string) => fullPageScreenshot(page, name);

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    backend = await startBackend({
      dataDir,
      config: [{ conway: { scorecards: { changeCheckIntervalSeconds: 5 } } }],
    });
    const b = backend;
    // Generous: on a loaded 2-core machine the first ingestion of the org takes minutes.
    await waitFor(
      'the example org',
      async () => {
        const c = await queryEntities(b, 'kind=component');
        return c.length >= 25 ? c : undefined;
      },
      300_000,
    );
    await waitFor('the typescript-service template', () => getEntity(b, TEMPLATE_REF), 120_000);

    // A Checkout service made the way the portal's form does, in a local repository.
    const token = await guestToken(b);
    const res = await b.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        templateRef: TEMPLATE_REF,
        values: {
          name: service,
          description: 'Made for the scorecards browser test',
          owner: CHECKOUT,
          system: 'system:default/checkout',
          lifecycle: 'experimental',
          port: 8080,
          database: 'none',
          ciProvider: 'github-actions',
        },
      }),
    });
    if (res.status !== 201) {
      throw new Error(`scaffolding ${service}: ${res.status} ${await res.text()}`);
    }
    const { id } = await res.json();
    const task = await waitFor(
      `task ${id} to finish`,
      async () => {
        const t = await b.fetchJson(`/api/scaffolder/v2/tasks/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(t.status) ? t : undefined;
      },
      180_000,
    );
    if (task.status !== 'completed') {
      throw new Error(`scaffolding ${service}: task ${id} ${task.status}`);
    }

    const entity = await waitFor(service, () => getEntity(b, `component:default/${service}`), 60_000);
    serviceTitle = (entity as { metadata: { title?: string } }).metadata.title ?? service;
    // Evaluated on change: the new service shows up without a fleet run.
    await waitFor(
      `${service} in the scorecards`,
      async () => {
        const r = await b.fetch(`/api/scorecards/entity/component/default/${service}`);
        return r.ok ? r.json() : undefined;
      },
      180_000,
    );

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await page.goto(b.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the fleet: levels, teams by name, failing checks with how to fix, and exports', async () => {
    if (!enabled) return;
    const overview = await backend!.fetchJson('/api/scorecards/overview');
    const services = await queryEntities(backend!, 'kind=component,spec.type=service');
    expect(overview.serviceCount).toBe(services.length);

    await page.goto(`${backend!.url}/scorecards`);
    await page.getByRole('heading', { name: 'Scorecards', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText(`${services.length} services evaluated`).waitFor({ timeout: 60_000 });
    for (const title of ['Production readiness', 'Golden path']) {
      await page.getByText(title, { exact: true }).first().waitFor();
    }
    // Teams by display name, linking to their pages, with their departments.
    const teams = page.getByRole('table', { name: 'Teams' });
    expect(
      await teams.getByRole('link', { name: 'Checkout', exact: true }).getAttribute('href'),
    ).toBe('/catalog/default/group/team-checkout');
    await teams.getByRole('link', { name: 'Commerce' }).first().waitFor();
    expect(await teams.textContent()).not.toMatch(/group:default\//);
    // Failing checks, most severe first, each with a how-to-fix link.
    const failing = page.getByRole('table', { name: 'Failing checks' });
    const rows = failing.getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    const fixLinks = failing.getByRole('link', { name: 'How to fix' });
    expect(await fixLinks.count()).toBe((await rows.count()) - 1);
    // The trend has today's point.
    await page.getByRole('img', { name: 'Pass rate per day' }).waitFor();
    await shot('scorecards');

    // The CSV export downloads one row per service and check, names beside refs.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^service,service_ref,team,department,scorecard,level,check/);
    expect(csv).toContain(',Checkout,Commerce,');

    // A how-to-fix link opens the guide at the check's section.
    const first = fixLinks.first();
    const href = (await first.getAttribute('href'))!;
    expect(href).toMatch(/^\/scorecards\/guide\/.+\.md(#[\w-]+)?$/);
    await first.click();
    await page.getByRole('heading', { name: 'How to fix' }).waitFor();
    const anchor = href.split('#')[1];
    if (anchor) await page.locator(`[id="${anchor}"]`).waitFor();
    await shot('scorecards-guide');
  });

  it('filters by team in the URL and lists only that team\'s services', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/scorecards?team=${encodeURIComponent(CHECKOUT)}`);
    const table = page.getByRole('table', { name: 'Services' });
    await table.waitFor({ timeout: 60_000 });
    await table.getByRole('link', { name: serviceTitle }).waitFor();
    const teamCells = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(teamCells.length).toBeGreaterThan(1);
    expect(new Set(teamCells)).toEqual(new Set(['Checkout']));
    await page.getByText('Trend: Checkout', { exact: true }).waitFor();
  });

  it('shows on a service what fails and how to fix it', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog/default/component/${service}`);
    const card = page.locator('article, div').filter({ has: page.getByText('What fails, and how to fix it') }).last();
    await page.getByText('What fails, and how to fix it').first().waitFor({ timeout: 60_000 });
    await page.getByText('Production readiness').first().waitFor();
    expect(await card.getByRole('link', { name: 'How to fix' }).count()).toBeGreaterThan(0);
    // The Golden path card reads the template's releases from git: the picture waits for it.
    await page.getByText(/TypeScript service \(Fastify\)/).first().waitFor({ timeout: 60_000 });
    await shot('scorecards-service-card');

    // An example-org service without a local checkout: its repository checks are unknown with the reason, never a pass.
    await page.goto(`${backend!.url}/catalog/default/component/checkout-service`);
    await page.getByText('Could not be checked').first().waitFor({ timeout: 60_000 });
    await page
      .getByText(/scorecards have no local checkout of it|is on GitHub/)
      .first()
      .waitFor();
  });

  it("shows on the team's page its services and levels", async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog/default/group/team-checkout`);
    const table = page.getByRole('table', { name: 'Services and levels' });
    await table.waitFor({ timeout: 60_000 });
    await table.getByRole('link', { name: serviceTitle }).waitFor();
    expect(
      await page.getByRole('link', { name: 'All results on the Scorecards page' }).getAttribute('href'),
    ).toBe(`/scorecards?team=${encodeURIComponent(CHECKOUT)}`);
    await shot('scorecards-team-card');
  });

  it("shows Ada her team's results and what to fix first on the home page", async () => {
    if (!enabled) return;
    await page.goto(backend!.url);
    await page.getByText('What to fix first').waitFor({ timeout: 60_000 });
    await page.getByText('Your scorecards').first().waitFor();
    const widget = page.locator('div').filter({ has: page.getByText('What to fix first') }).last();
    await widget.getByRole('link', { name: 'Checkout', exact: true }).first().waitFor();
    await widget.getByRole('link', { name: serviceTitle }).first().waitFor();
    expect(await widget.getByRole('link', { name: 'How to fix' }).count()).toBeGreaterThan(0);
    await shot('scorecards-home');
  });
});
