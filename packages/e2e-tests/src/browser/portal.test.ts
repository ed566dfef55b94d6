import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, startBackend, TestBackend, waitFor } from '../lib/backend';
import { appBuilt, chromiumAvailable, launchChromium, screenshotDir, fullPageScreenshot } from '../lib/browser';
import { queryEntities, waitForWholeOrgInReport } from '../lib/catalog';

jest.setTimeout(300_000);

describe('the portal in Chromium', () => {
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const enabled = chromiumAvailable();

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error('packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)');
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    backend = await startBackend({ dataDir: makeTempDir('browser') });
    const b = backend;
    await waitFor('the example org', async () => {
      const c = await queryEntities(b, 'kind=component');
      return c.length >= 25 ? c : undefined;
    });
    // A report analysed while the catalog was still filling shows 'no data' for the score.
    await waitForWholeOrgInReport(b);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  it('signs in as guest and lands on the home page', async () => {
    if (!enabled) return;
    await page.goto(backend!.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
    // The home page's screenshot is home.test.ts's, taken once its cards have loaded.
  });

  it('lists the example teams and services in the catalog', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog?filters[kind]=component&filters[user]=all`);
    await page.getByRole('link', { name: 'checkout-service' }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'payments-service' }).waitFor();
    await shot('catalog-components');
    await page.goto(`${backend!.url}/catalog?filters[kind]=group&filters[user]=all`);
    await page.getByRole('link', { name: /Checkout/ }).first().waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: /Warehouse Systems/ }).first().waitFor();
  });

  it('shows what a team owns and its members on its Group page', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog/default/group/team-checkout`);
    // Members card
    await page.getByText('Ada Lovelace').first().waitFor({ timeout: 60_000 });
    await page.getByText('Bram de Vries').first().waitFor();
    // Ownership card lists what the team owns
    await page.getByText(/Ownership/i).first().waitFor();
    await shot('group-team-checkout');
    const body = await page.textContent('body');
    expect(body).toContain('Checkout');
    expect(body).toContain('Ada Lovelace');
  });

  it('shows the Ownership page with scores and every deliberate mistake', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership`);
    await page.getByText('Alignment score').waitFor({ timeout: 90_000 });
    await page.getByRole('tab', { name: /Findings/ }).waitFor();
    const gauge = await page.locator('text=/^\\d{1,3}\\.\\d$/').first().textContent();
    expect(Number(gauge)).toBeGreaterThan(0);
    expect(Number(gauge)).toBeLessThanOrEqual(100);
    await shot('ownership-organisation');
    await page.getByRole('tab', { name: /Findings/ }).click();
    for (const name of ['legacy-invoicing', 'label-printer', 'team-mobile', 'shipment-tracking', 'checkout-service']) {
      await page.getByText(name).first().waitFor({ timeout: 30_000 });
    }
    await shot('ownership-findings');
    await page.getByRole('tab', { name: /Team dependencies/ }).click();
    await page.getByRole('img', { name: 'Team dependency graph' }).waitFor();
    await shot('ownership-team-graph');
  });

  it('shows ownership cards on Group and Component pages', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog/default/component/legacy-invoicing`);
    // The owner team by the name people read, linking to its page, the ref in the tooltip.
    await page
      .locator('a[title="group:default/team-payments"]')
      .filter({ hasText: 'Payments' })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot('component-alignment-card');
    await page.goto(`${backend!.url}/catalog/default/group/team-mobile`);
    await page.getByText(/no members/i).first().waitFor({ timeout: 60_000 });
  });

  it('shows Cluster vs catalog on the Ownership page and on component pages, saying no cluster is configured', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/ownership`);
    await page.getByRole('tab', { name: 'Cluster vs catalog' }).click({ timeout: 90_000 });
    await page.getByText(/No Kubernetes cluster is configured in the portal/).waitFor({ timeout: 60_000 });
    await shot('ownership-cluster-vs-catalog');
    expect(await page.getByText('Compare again').count()).toBe(1);
    await page.goto(`${backend!.url}/catalog/default/component/checkout-service`);
    await page.getByText('Cluster vs catalog').first().waitFor({ timeout: 60_000 });
    await page.getByText(/No Kubernetes cluster is configured in the portal/).first().waitFor({ timeout: 60_000 });
    await shot('component-cluster-vs-catalog-card');
  });

  it('creates a service from the portal form and finds it in the catalog under its team', async () => {
    if (!enabled) return;
    const name = `form-svc-${Date.now().toString(36)}`;
    await page.goto(`${backend!.url}/create/templates/default/typescript-service`);
    // Signs in when this test runs on its own.
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter
      .waitFor({ timeout: 10_000 })
      .then(() => enter.click())
      .catch(() => undefined);
    await page.getByLabel('Name').first().fill(name);
    await page.getByLabel('Description').first().fill('Made in Chromium: "quotes", colons: and {{braces}}');
    // The owner is pre-filled with Ada's team; the system is picked by its display name.
    await page.getByRole('button', { name: /Owner/ }).filter({ hasText: 'Checkout' }).waitFor();
    await page.getByRole('button', { name: /System/ }).click();
    await page.getByRole('option', { name: /Checkout\s*system:default\/checkout/ }).click();
    // The form's screenshot is createFlow.test.ts's.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: 'Open in catalog' }).waitFor({ timeout: 120_000 });
    await shot('create-task-done');
    await page.getByRole('link', { name: 'Open in catalog' }).click();
    await page.getByText(name).first().waitFor({ timeout: 60_000 });
    // Let the About card render for the screenshot; the owner is asserted through the API below.
    await page.getByText('About').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    // For the screenshot, not an assertion: the Golden path card names the version once loaded.
    await page.getByText('up to date').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await shot('created-service');
    const entity = await backend!.fetchJson(`/api/catalog/entities/by-name/component/default/${name}`);
    expect(entity.spec.owner).toBe('group:default/team-checkout');
    expect(entity.metadata.description).toContain('{{braces}}');
  });
});
