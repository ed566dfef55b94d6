import fs from 'node:fs';
import path from 'node:path';
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
import { queryEntities, waitForWholeOrgInReport } from '../lib/catalog';

jest.setTimeout(300_000);

/**
 * The Ownership page as a manager uses it: tabs and views in the URL, the
 * team dependencies as a graph (display names, edge counts, click-through)
 * and as a matrix, scores explained in place, the who-owns-what export, and
 * who actually changes what from the example repositories' git history (the
 * page's tab and the component and group cards).
 */
describe('the Ownership page in Chromium', () => {
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const enabled = chromiumAvailable();

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    const dataDir = makeTempDir('browser-ownership');
    backend = await startBackend({
      dataDir,
      config: [
        {
          ownership: {
            history: {
              // The history test triggers its own run once the example org
              // is loaded; the scheduled first one may find an empty catalog.
              initialDelaySeconds: 1,
              cacheDirectory: path.join(dataDir, 'ownership-history'),
            },
          },
        },
      ],
    });
    const b = backend;
    await waitFor('the example org', async () => {
      const c = await queryEntities(b, 'kind=component');
      return c.length >= 25 ? c : undefined;
    });
    // The report is re-analysed when the catalog changed (checked every 30 s): one built while
    // the catalog was still filling would show 'no data' to the first page that opens.
    await waitForWholeOrgInReport(b);
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    await page.goto(backend.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('link', { name: /Ownership/ })
      .first()
      .waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  const query = () => new URL(page.url()).searchParams;

  it('explains every score in place', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership`);
    const org = page.getByTestId('score-explanation-organisation');
    await org.waitFor({ timeout: 90_000 });
    expect(await org.textContent()).toMatch(
      /Score = 100 × \(0\.40 × \d+\.\d % \+ 0\.35 × \d+\.\d % \+ 0\.25 × \d+\.\d %\) = \d+\.\d/,
    );
    for (const term of [
      'Owned by a team with members',
      'System cohesion',
      'Dependencies through APIs',
    ]) {
      await org.getByText(term, { exact: false }).first().waitFor();
    }
    // Coverage and the ownership term differ: the page says why.
    expect(
      await page.getByTestId('coverage-explanation').textContent(),
    ).toContain(
      'is stricter: it also leaves out 1 entity owned by a group without members',
    );
    // The organisation tree names groups by display name, refs beneath.
    await page
      .getByRole('link', { name: 'Warehouse Systems' })
      .first()
      .waitFor();
    await page.getByText('group:default/team-warehouse').first().waitFor();
    await shot('ownership-tab-organisation');

    // SRE has no findings and scores 53.3 (no cross-team edges: that term is left out): its row says why, down to the parts.
    const sre = page.locator('tr', {
      has: page.getByText('group:default/team-sre', { exact: true }),
    });
    await sre.getByRole('button').first().click();
    const details = page.getByTestId('team-score-details');
    await details.waitFor();
    const text = await details.textContent();
    expect(text).toContain('Score 53.3');
    expect(text).toContain(
      '/ 0.75 = 53.3; left out: Dependencies through APIs: no data',
    );
    expect(text).toContain('No data: no dependencies of this group');
    expect(text).toContain('Parts that lower System cohesion');
    await shot('ownership-team-score-explained');
  });

  it('keeps the tab and filters in the URL: reload and back work', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership`);
    await page
      .getByRole('tab', { name: /Findings/ })
      .click({ timeout: 90_000 });
    expect(query().get('tab')).toBe('findings');
    await page.locator('#ownership-filter-severity').click();
    await page.getByRole('option', { name: 'error' }).click();
    expect(query().get('severity')).toBe('error');
    await page.getByText('Findings (1 of').waitFor();

    await page.reload();
    await page
      .getByRole('tab', { name: /Findings/, selected: true })
      .waitFor({ timeout: 90_000 });
    await page.getByText('Findings (1 of').waitFor();
    // Display names in the message; the owner that does not exist is plain text.
    const message = page.getByTestId('finding-message').first();
    expect(await message.textContent()).toBe(
      'label-printer is owned by team-printing, which does not exist',
    );
    expect(await message.getByRole('link').count()).toBe(1);
    expect(await message.getByRole('link').getAttribute('href')).toBe(
      '/catalog/default/component/label-printer',
    );

    await page.goBack();
    await page.getByText(/Findings \(\d+ of \d+\)/).waitFor();
    expect(query().get('severity')).toBeNull();
    expect(await page.getByText('Findings (1 of').count()).toBe(0);
    await shot('ownership-tab-findings');

    await page.goBack();
    await page.getByTestId('score-explanation-organisation').waitFor();
    expect(query().get('tab')).toBeNull();
  });

  it('draws the team dependencies with display names and edge counts; a team opens its page', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership?tab=dependencies`);
    const graph = page.getByRole('img', { name: 'Team dependency graph' });
    await graph.waitFor({ timeout: 90_000 });
    const labels = await graph
      .getByTestId('team-node')
      .evaluateAll(nodes => nodes.map(n => n.getAttribute('aria-label')));
    expect(labels).toEqual(
      expect.arrayContaining([
        'Checkout',
        'Warehouse Systems',
        'Shipment Tracking',
      ]),
    );
    const svgText = (await graph.locator('text').allTextContents()).join('|');
    expect(svgText).not.toMatch(/team-|group:/);
    const counts = await graph
      .getByTestId('edge-count')
      .locator('text')
      .allTextContents();
    expect(counts.length).toBeGreaterThan(10);
    expect(counts.every(c => /^\d+$/.test(c))).toBe(true);
    expect(counts).toContain('2');
    await shot('ownership-tab-dependencies-graph');

    await page.getByRole('button', { name: 'Full screen' }).click();
    await page
      .getByRole('dialog')
      .getByRole('img', { name: 'Team dependency graph' })
      .waitFor();
    await page.waitForTimeout(500); // the dialog fades in
    await shot('ownership-dependencies-full-screen');
    await page.getByRole('button', { name: 'Close full screen' }).click();

    await graph.locator('a[aria-label="Warehouse Systems"] text').click();
    await page.waitForURL(/\/catalog\/default\/group\/team-warehouse$/);
    await page
      .getByText('Warehouse Systems')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.goBack();
    await graph.waitFor({ timeout: 60_000 });
    expect(query().get('tab')).toBe('dependencies');
  });

  it('shows the team dependencies as a matrix', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership?tab=dependencies`);
    await page
      .getByRole('button', { name: 'Matrix' })
      .click({ timeout: 90_000 });
    expect(query().get('view')).toBe('matrix');
    const matrix = page.getByRole('table', { name: 'Team dependency matrix' });
    await matrix.waitFor();
    const cell = matrix.getByLabel(
      'Data Platform depends on Shipment Tracking: 1 through APIs, 2 direct',
    );
    expect((await cell.textContent())?.trim()).toBe('1 · 2');
    expect(
      await matrix
        .getByRole('link', { name: 'Checkout', exact: true })
        .first()
        .getAttribute('href'),
    ).toBe('/catalog/default/group/team-checkout');
    await shot('ownership-tab-dependencies-matrix');
    await page.reload();
    await page
      .getByRole('table', { name: 'Team dependency matrix' })
      .waitFor({ timeout: 90_000 });
  });

  it('downloads who owns what as CSV', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership`);
    const button = page.getByRole('button', { name: 'Who owns what (CSV)' });
    await button.waitFor({ timeout: 90_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      button.click(),
    ]);
    expect(download.suggestedFilename()).toBe('ownership-who-owns-what.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'entity,entityRef,kind,owner,ownerRef,teamPath,system,systemRef,domain,domainRef,lifecycle',
    );
    expect(lines).toContain(
      'checkout-service,component:default/checkout-service,Component,Checkout,group:default/team-checkout,Northwind Freight / Commerce / Checkout,Checkout,system:default/checkout,Commerce,domain:default/commerce,production',
    );
    expect(lines).toContain(
      'legacy-invoicing,component:default/legacy-invoicing,Component,Olga Petrova,user:default/olga.petrova,,Payments,system:default/payments,Commerce,domain:default/commerce,deprecated',
    );
  });

  it('shows the What if tab with display names', async () => {
    if (!enabled) return;
    const b = backend!;
    await waitForWholeOrgInReport(b);
    await page.goto(`${backend!.url}/ownership?tab=what-if`);
    const entity = page.getByRole('textbox', { name: 'Entity' });
    await entity.click({ timeout: 90_000 });
    await entity.fill('label');
    await page.getByRole('option', { name: /label-printer/ }).click();
    const owner = page.getByRole('textbox', { name: 'New owner' });
    await owner.click();
    await owner.fill('Warehouse');
    await page.getByRole('option', { name: /Warehouse Systems/ }).click();
    await page.getByRole('button', { name: 'Add change' }).click();
    await page
      .getByText('1. Transfer label-printer to Warehouse Systems')
      .waitFor();
    // A dependency change: the flow section says what happens to the cycle it is part of.
    await page.getByRole('button', { name: /^Change/ }).click();
    await page.getByRole('option', { name: 'Remove a dependency' }).click();
    const from = page.getByRole('textbox', { name: 'Depending entity' });
    await from.click();
    await from.fill('eta-pred');
    await page.getByRole('option', { name: /eta-predictor/ }).click();
    const to = page.getByRole('textbox', { name: 'No longer depends on' });
    await to.click();
    await page.getByText('Dependencies the report shows').waitFor();
    await to.fill('analytics-ware');
    await page.getByRole('option', { name: /analytics-warehouse/ }).click();
    await page.getByRole('button', { name: 'Add change' }).click();
    await page
      .getByText(
        '2. Remove the dependency of eta-predictor on analytics-warehouse',
      )
      .waitFor();
    await page.getByRole('button', { name: 'Show the effect' }).click();
    await page.getByTestId('what-if-result').waitFor({ timeout: 60_000 });
    const flow = page.getByTestId('what-if-dependency-flow');
    await flow.waitFor();
    const flowText = (await flow.textContent()) ?? '';
    expect(flowText).toContain(
      'Dependency cycles among systems: 1 now, 1 after',
    );
    expect(flowText).toContain(
      'Cycle no longer reported (was: Dependency cycle among 2 systems: Analytics → Shipment Tracking → Analytics.',
    );
    expect(flowText).not.toMatch(/\b(component|system|resource|api):default\//);
    await shot('ownership-tab-what-if');
  });

  it('shows who actually changes what from git history, on the page and the entity cards', async () => {
    if (!enabled) return;
    const b = backend!;
    // Users and groups too, so that the run maps every author it can.
    await waitFor('the example users', async () =>
      (await queryEntities(b, 'kind=user')).length >= 40 ? true : undefined,
    );
    // A run that starts now, after the catalog is complete (409: one is still running).
    const since = await waitFor(
      'a history run to start',
      async () => {
        const at = new Date().toISOString();
        const r = await b.fetch('/api/ownership/history/refresh', {
          method: 'POST',
        });
        if (r.status !== 202 && r.status !== 409) {
          throw new Error(`POST /history/refresh: ${r.status}`);
        }
        return r.status === 202 ? at : undefined;
      },
      120_000,
    );
    const history = await waitFor(
      'the history run',
      async () => {
        const h = await b.fetchJson('/api/ownership/history');
        return h.state === 'ready' && h.completedAt > since ? h : undefined;
      },
      240_000,
    );
    expect(history.report.components.length).toBeGreaterThanOrEqual(4);
    const windowMonths = Math.round(history.report.options.windowDays / 30.4);

    await page.goto(`${b.url}/ownership?tab=history`);
    const section = page.getByTestId('history-section');
    await section
      .getByText(
        `Who actually changes what (last ${windowMonths} months of git history)`,
      )
      .waitFor({ timeout: 90_000 });
    const matrix = section.getByRole('table', {
      name: 'Declared owner against the team that changes it most',
    });
    await matrix.waitFor();
    expect(
      await matrix
        .getByRole('link', { name: 'Checkout', exact: true })
        .first()
        .getAttribute('href'),
    ).toBe('/catalog/default/group/team-checkout');
    // Checkout declares the tracking page; Shipment Tracking changes it most.
    await matrix
      .getByRole('button', {
        name: /declared Checkout, changed most by Shipment Tracking: tracking-page/,
      })
      .click();
    await section
      .getByTestId('matrix-cell-components')
      .getByRole('link', { name: 'tracking-page' })
      .waitFor();

    const graph = section.getByRole('img', { name: 'Team coordination graph' });
    const teams = await graph
      .getByTestId('coordination-team')
      .evaluateAll(nodes => nodes.map(n => n.getAttribute('aria-label')));
    expect(teams).toEqual(expect.arrayContaining(['Checkout', 'Payments']));
    const svgText = (await graph.locator('text').allTextContents()).join('|');
    expect(svgText).not.toMatch(/team-|group:/);

    // The author who left is named, not shown as an email.
    const knowledge = section.getByRole('table', { name: 'Knowledge at risk' });
    await knowledge.getByText('former contributor: Marta Kowalczyk').waitFor();
    expect(await knowledge.textContent()).not.toContain('@');
    await section.getByText(/^History findings \(\d+\)$/).waitFor();
    const text = (await section.textContent()) ?? '';
    expect(text).not.toMatch(/group:default|user:default/);
    await shot('ownership-history');

    // The component card: declared owner against the teams doing the work.
    await page.goto(`${b.url}/catalog/default/component/checkout-service`);
    const card = page
      .locator('.MuiCard-root', { has: page.getByText('Who changes it') })
      .first();
    await card.getByText('Changed most by').waitFor({ timeout: 90_000 });
    const shares = await card.getByTestId('team-share').allTextContents();
    expect(shares.map(s => s.replace(/ \d+ %$/, ''))).toEqual(
      expect.arrayContaining(['Checkout', 'Payments', 'Warehouse Systems']),
    );
    expect(await card.textContent()).not.toMatch(/group:default|user:default/);
    await shot('ownership-history-component-card');

    await page.goto(`${b.url}/catalog/default/component/legacy-invoicing`);
    const legacy = page
      .locator('.MuiCard-root', { has: page.getByText('Who changes it') })
      .first();
    await legacy
      .getByTestId('knowledge-holders')
      .getByText('former contributor: Marta Kowalczyk')
      .waitFor({ timeout: 90_000 });
    await shot('ownership-history-component-former-contributor');

    // The group card: what Checkout declares and who changes it.
    await page.goto(`${b.url}/catalog/default/group/team-checkout`);
    const team = page
      .locator('.MuiCard-root', { has: page.getByText('Actual ownership') })
      .first();
    await team
      .getByTestId('team-declared-row')
      .first()
      .waitFor({ timeout: 90_000 });
    expect(await team.textContent()).not.toMatch(/group:default|user:default/);
    await shot('ownership-history-team-card');
  });
});
