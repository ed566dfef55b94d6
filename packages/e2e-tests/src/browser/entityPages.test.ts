import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { makeTempDir, repoRoot, startBackend, TestBackend, waitFor } from '../lib/backend';
import { appBuilt, chromiumAvailable, launchChromium, screenshotDir, fullPageScreenshot } from '../lib/browser';
import { getEntity, queryEntities } from '../lib/catalog';

jest.setTimeout(300_000);

/**
 * The awkward cases next to the example org: a group with no sub-groups, no
 * members and no display name; a user in no team; a component with no title,
 * made from a golden path.
 */
const FIXTURES = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: e2e-no-teams
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: e2e-loner
spec:
  memberOf: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: e2e-untitled-service
  annotations:
    conway.dev/template: typescript-service
    conway.dev/template-version: 1.0.0
spec:
  type: service
  lifecycle: experimental
  owner: group:default/e2e-no-teams
`;

/** The viewport height the "without scrolling" assertions hold to (a laptop at 1440×900 plus slack). */
const FOLD = 1200;

/** A card by its title: Conway's InfoCards (Material UI) and Backstage's own cards (@backstage/ui). */
function card(page: Page, title: string): Locator {
  return page
    .locator('.MuiCard-root, .bui-Card')
    .filter({ has: page.locator('.MuiCardHeader-root, .bui-CardHeader', { hasText: new RegExp(`^${title}`) }) })
    .first();
}

async function top(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box (not visible)');
  return box.y;
}

/** Full refs (`group:default/x`) a person would read instead of a name. */
const VISIBLE_REF = /\b(component|group|user|system|domain|api|resource):default\//;

describe('entity pages in Chromium', () => {
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
    const dataDir = makeTempDir('entity-pages');
    const fixtures = path.join(dataDir, 'fixtures.yaml');
    fs.writeFileSync(fixtures, FIXTURES);
    backend = await startBackend({
      dataDir,
      config: [
        {
          catalog: {
            locations: [
              { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
              { type: 'file', target: fixtures },
            ],
          },
        },
      ],
    });
    const b = backend;
    await waitFor('the example org and the fixtures', async () => {
      const c = await queryEntities(b, 'kind=component');
      const fixture = await getEntity(b, 'component:default/e2e-untitled-service');
      return c.length >= 25 && fixture ? c : undefined;
    }, 120_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(backend.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  /** Opens an entity page, reloading until the ownership analysis has seen it (it re-reads the catalog periodically). */
  async function openAnalysed(pathname: string, cardTitle: string, expected?: RegExp) {
    await waitFor(
      `the ownership analysis to know ${pathname}`,
      async () => {
        await page.goto(`${backend!.url}${pathname}`);
        const c = card(page, cardTitle);
        await c.waitFor({ timeout: 60_000 });
        await c.locator('.MuiCardContent-root').filter({ hasNotText: /^$/ }).waitFor({ timeout: 30_000 });
        await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, {
          timeout: 30_000,
        });
        const text = (await c.textContent()) ?? '';
        if (/has not seen this/.test(text)) return undefined;
        return !expected || expected.test(text) ? c : undefined;
      },
      150_000,
    );
  }

  /** `scope` shows the entity `ref` as a link reading `name`, the ref in its title attribute. */
  async function expectName(scope: Locator, name: string, ref: string) {
    const link = scope.locator(`a[title="${ref}"]`).first();
    await link.waitFor({ timeout: 30_000 });
    expect(((await link.textContent()) ?? '').trim()).toBe(name);
  }

  it('Component page: Conway cards above the relations, no empty relation table, names with refs', async () => {
    if (!enabled) return;
    await openAnalysed('/catalog/default/component/checkout-service', 'Ownership alignment', /Checkout/);
    const alignment = card(page, 'Ownership alignment');
    const cluster = card(page, 'Cluster vs catalog');
    await cluster.getByText(/No Kubernetes cluster is configured/).waitFor({ timeout: 60_000 });
    const relations = card(page, 'Relations');
    await relations.waitFor({ timeout: 60_000 });
    // Relation tables of checkout-service: it provides, consumes and depends on things, has no subcomponents.
    const tables = ['Provided APIs', 'Consumed APIs', 'Depends on components', 'Depends on resources'];
    for (const title of tables) await card(page, title).waitFor({ timeout: 60_000 });
    await card(page, 'Provided APIs').getByRole('link', { name: /checkout-api/ }).first().waitFor();
    await shot('entity-component-checkout-service');

    const conwayBottom = Math.max(await top(alignment), await top(cluster));
    expect(await top(alignment)).toBeLessThan(900);
    for (const other of [relations, ...tables.map(t => card(page, t))]) {
      expect(conwayBottom).toBeLessThan(await top(other));
    }
    // Empty relation tables are not shown at all.
    expect(await card(page, 'Has subcomponents').count()).toBe(0);
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toMatch(/No subcomponent is part of this component|does not (provide|consume) any APIs|No (component|resource) is a dependency of this component/);

    // Names: the owner and the system by their display names, the ref on the link.
    await expectName(alignment, 'Checkout', 'group:default/team-checkout');
    await expectName(alignment, 'Checkout', 'system:default/checkout');
    expect((await alignment.innerText()) ?? '').not.toMatch(VISIBLE_REF);
    expect((await cluster.innerText()) ?? '').not.toMatch(VISIBLE_REF);
  });

  it('Component made from a golden path: its card first, and a name where no title exists', async () => {
    if (!enabled) return;
    await openAnalysed('/catalog/default/component/e2e-untitled-service', 'Ownership alignment', /e2e-no-teams/);
    const golden = card(page, 'Golden path');
    await golden.getByText(/TypeScript service/).first().waitFor({ timeout: 60_000 });
    const alignment = card(page, 'Ownership alignment');
    // A group without a display name reads as its name, never blank.
    await expectName(alignment, 'e2e-no-teams', 'group:default/e2e-no-teams');
    expect(await top(golden)).toBeLessThan(await top(alignment));
    expect(await top(golden)).toBeLessThan(await top(card(page, 'Relations')));
    // It has no relation of any kind the tables show.
    for (const title of ['Provided APIs', 'Consumed APIs', 'Depends on components', 'Depends on resources', 'Has subcomponents']) {
      expect(await card(page, title).count()).toBe(0);
    }
    await shot('entity-component-golden-path');
  });

  it('team page: what the team owns and its findings within the first screen, above the relations graph', async () => {
    if (!enabled) return;
    await openAnalysed('/catalog/default/group/team-checkout', 'Team ownership', /checkout-service/);
    const team = card(page, 'Team ownership');
    await expectName(team, 'checkout-service', 'component:default/checkout-service');
    const findings = team.getByText(/^Findings \(\d+\)$/);
    await findings.waitFor();
    await card(page, 'Relations').waitFor({ timeout: 60_000 });
    await page.getByText('Ada Lovelace').first().waitFor({ timeout: 60_000 });
    await shot('entity-group-team-checkout');
    expect(await top(team)).toBeLessThan(FOLD);
    expect(await top(team.getByRole('link', { name: 'checkout-service', exact: true }).first())).toBeLessThan(FOLD);
    expect(await top(findings)).toBeLessThan(FOLD);
    expect(await top(team)).toBeLessThan(await top(card(page, 'Relations')));
    expect(await team.innerText()).not.toMatch(VISIBLE_REF);
    // A team without sub-groups shows no "with sub-groups" figures.
    expect(await team.getByText('With sub-groups', { exact: true }).count()).toBe(0);
  });

  it("department page: its teams by display name and their findings within the first screen", async () => {
    if (!enabled) return;
    await openAnalysed('/catalog/default/group/commerce', 'Team ownership', /Teams \(4\)/);
    const team = card(page, 'Team ownership');
    const teams = team.getByText(/^Teams \(\d+\)$/);
    await teams.waitFor({ timeout: 60_000 });
    for (const [name, ref] of [
      ['Checkout', 'group:default/team-checkout'],
      ['Mobile Apps', 'group:default/team-mobile'],
      ['Payments', 'group:default/team-payments'],
      ['Product Catalog', 'group:default/team-product-catalog'],
    ]) {
      await expectName(team, name, ref);
    }
    const findings = team.getByText(/^Findings with its teams \(\d+\)$/);
    await findings.waitFor();
    await card(page, 'Relations').waitFor({ timeout: 60_000 });
    await shot('entity-group-department-commerce');
    expect(await top(teams)).toBeLessThan(FOLD);
    expect(await top(findings)).toBeLessThan(FOLD);
    expect(await top(team)).toBeLessThan(await top(card(page, 'Relations')));
    expect(await team.innerText()).not.toMatch(VISIBLE_REF);
    // Its teams have findings: it never says there is nothing to fix.
    expect(await team.getByText(/Nothing to fix/).count()).toBe(0);
    expect(await team.getByText('With sub-groups', { exact: true }).count()).toBe(1);
  });

  it('a group with no teams, no members and no display name: a sensible card, never blank', async () => {
    if (!enabled) return;
    await openAnalysed('/catalog/default/group/e2e-no-teams', 'Team ownership', /e2e-untitled-service/);
    const team = card(page, 'Team ownership');
    await expectName(team, 'e2e-untitled-service', 'component:default/e2e-untitled-service');
    const text = await team.innerText();
    expect(text).not.toMatch(/Teams \(/);
    expect(text).not.toMatch(/with sub-groups/i);
    expect(text).toMatch(/members\s*0/i);
    expect(text).toMatch(/Findings \(\d+\)/);
    expect(text).not.toMatch(VISIBLE_REF);
    await shot('entity-group-no-teams');
  });

  it('a user in no team: the page renders their name and no Conway card claims a team', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}/catalog/default/user/e2e-loner`);
    await page.getByText('e2e-loner').first().waitFor({ timeout: 60_000 });
    // Never a blank page: Backstage's profile and ownership cards render for them.
    await card(page, 'Ownership').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 30_000 });
    expect(await card(page, 'Team ownership').count()).toBe(0);
    expect(await card(page, 'Ownership alignment').count()).toBe(0);
    await shot('entity-user-no-team');
  });
});
