import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
/* eslint-disable @backstage/no-forbidden-package-imports -- the campaign fleet generator of the campaigns tests; not public API */
import {
  createTemplateHistory,
  generateService,
  teamEdit,
  type TemplateHistory,
} from '@conway/plugin-campaigns-node/src/__testUtils__/fleet';
/* eslint-enable @backstage/no-forbidden-package-imports */
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
import { queryEntities } from '../lib/catalog';

jest.setTimeout(600_000);

/**
 * The Campaigns page as the platform team and an owner use it: a campaign
 * started from a golden-path release over real local repositories, its
 * services per team with their states (branch open, conflicted, failed), the
 * burndown, and an owner exempting a service with a reason.
 */
describe('the Campaigns page in Chromium', () => {
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let history: TemplateHistory | undefined;
  const enabled = chromiumAvailable();

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    const dataDir = makeTempDir('browser-campaigns');
    const reposDir = path.join(dataDir, 'repositories');
    fs.mkdirSync(reposDir, { recursive: true });
    history = await createTemplateHistory(dataDir);
    const make = (name: string, owner: string) =>
      generateService(history!, path.join(reposDir, name), name, owner);
    await make('basket-service', 'team-checkout');
    const receipts = await make('receipts-service', 'team-checkout');
    teamEdit(
      receipts,
      'README.md',
      t => `${t}\n## Runbook\n\nPage checkout.\n`,
      'Runbook',
    );
    const refunds = await make('refunds-service', 'team-payments');
    teamEdit(
      refunds,
      'k8s/base/deployment.yaml',
      t => t.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 3'),
      'Fewer ReplicaSets',
    );
    const ledger = await make('ledger-service', 'team-payments');
    teamEdit(
      ledger,
      '.conway/golden-path.json',
      t => t.replace(`"version": "${history!.current}"`, '"version": "0.0.1"'),
      'Hand-edited record',
    );

    backend = await startBackend({
      dataDir,
      config: [
        {
          conway: {
            goldenPaths: {
              versions: {
                repository: history.repoDir,
                templatesPath: 'templates',
              },
            },
            // The guest (Ada Lovelace, team-checkout) also runs campaigns here.
            permissions: { admins: ['user:default/ada.lovelace'] },
            campaigns: { runIntervalSeconds: 3600 },
          },
        },
      ],
    });
    const b = backend;
    for (const name of [
      'basket-service',
      'receipts-service',
      'refunds-service',
      'ledger-service',
    ]) {
      const res = await b.fetch('/api/catalog/locations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'file',
          target: path.join(reposDir, name, 'catalog-info.yaml'),
        }),
      });
      if (!res.ok)
        throw new Error(`register ${name}: ${res.status} ${await res.text()}`);
    }
    await waitFor('the generated services in the catalog', async () => {
      const c = await queryEntities(
        b,
        'kind=component,metadata.annotations.conway.dev/template=typescript-service',
      );
      return c.length >= 4 ? c : undefined;
    });
    // The start forms list the golden paths once, when they open.
    await waitFor(
      'the golden path with its releases',
      async () => {
        const { items } = await b.fetchJson('/api/golden-paths/templates');
        return items.some(
          (p: any) =>
            p.name === 'typescript-service' &&
            p.versions.some((v: any) => v.version === history!.next),
        )
          ? true
          : undefined;
      },
      180_000,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The 2-core machine runs other work too: actions may wait longer than 30 s.
    page.setDefaultTimeout(90_000);
    await page.goto(backend.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('link', { name: /Campaigns/ })
      .first()
      .waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await history?.source.dispose();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  it('starts a campaign from a golden-path release and tracks every service per team', async () => {
    if (!enabled) return;
    await page
      .getByRole('link', { name: /Campaigns/ })
      .first()
      .click();
    await page
      .getByText('No campaign yet.', { exact: false })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Start campaign' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('button', { name: /Release every service must reach/ })
      .click();
    await page
      .getByRole('option', {
        name: new RegExp(`^${history!.next.replace(/\./g, '\\.')}`),
      })
      .click();
    await dialog.getByLabel('Title').fill('Longer rollback history');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    await shot('campaigns-start');
    await dialog.getByRole('button', { name: 'Start campaign' }).click();
    await page
      .getByRole('heading', { name: 'Longer rollback history' })
      .waitFor({ timeout: 60_000 });

    // The scheduler's run prepares the changes; wait for it through the API.
    const b = backend!;
    await waitFor(
      'every service prepared',
      async () => {
        const detail = await b.fetchJson(
          '/api/campaigns/campaigns/longer-rollback-history',
        );
        const states = detail.teams.flatMap((t: any) =>
          t.services.map((s: any) => s.state),
        );
        return states.length === 4 && !states.includes('not-started')
          ? states
          : undefined;
      },
      300_000,
    );
    await page.reload();
    // Teams and services by display name, linking to their catalog pages.
    const checkout = page.getByRole('link', { name: 'Checkout' }).first();
    await checkout.waitFor({ timeout: 60_000 });
    expect(await checkout.getAttribute('href')).toBe(
      '/catalog/default/group/team-checkout',
    );
    expect(
      await page
        .getByRole('link', { name: 'basket-service' })
        .first()
        .getAttribute('href'),
    ).toBe('/catalog/default/component/basket-service');
    await page.getByText('Branch open').first().waitFor();
    await page.getByText(/Conflicts in k8s\/base\/deployment\.yaml/).waitFor();
    await page
      .getByText(/0\.0\.1/)
      .first()
      .waitFor();
    await page
      .getByRole('img', { name: /Burndown: 4 services left/ })
      .waitFor();
    await shot('campaigns-detail');

    // Ada's team owns basket and receipts: she may exempt them, not Payments' services.
    const exemptButtons = page.getByRole('button', { name: 'Exempt' });
    expect(await exemptButtons.count()).toBe(2);
    await exemptButtons.first().click();
    await page
      .getByRole('dialog')
      .getByLabel('Reason')
      .fill('Replaced by the new cart in January');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Exempt' })
      .click();
    await page
      .getByText('“Replaced by the new cart in January”', { exact: false })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Ada Lovelace' }).first().waitFor();
    await shot('campaigns-exempted');

    await page
      .getByRole('link', { name: 'Campaign', exact: true })
      .first()
      .click()
      .catch(() => page.goto(`${b.url}/campaigns`));
    await page
      .getByRole('link', { name: 'Longer rollback history' })
      .waitFor({ timeout: 30_000 });
    await page.getByText('1 of 4 done').waitFor();
    await shot('campaigns-list');
  });

  it('starts a campaign from a failing check on the Scorecards page, saying what kind it is', async () => {
    if (!enabled) return;
    const b = backend!;
    // The scorecards evaluate the generated services on their change check.
    await waitFor(
      'the generated services failing golden-path-current',
      async () => {
        const res = await b.fetchJson(
          '/api/scorecards/services?scorecard=golden-path&check=golden-path-current',
        );
        return res.items.length >= 4 ? res.items : undefined;
      },
      300_000,
    );
    await page.goto(`${b.url}/scorecards`);
    const start = page.getByRole('link', {
      name: 'Start campaign: On the latest template version',
    });
    await start.waitFor({ timeout: 60_000 });
    expect(await start.getAttribute('href')).toBe(
      '/campaigns?scorecard=golden-path&check=golden-path-current',
    );
    await start.click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(/^Golden-path upgrade: Conway prepares the upgrade/)
      .waitFor({ timeout: 60_000 });
    // The failing services' teams by display name; an owner the catalog lacks is said so.
    await dialog
      .getByText(/services fail it: Checkout \(\d+\), Payments \(\d+\)/)
      .waitFor();
    await dialog.getByRole('button', { name: /^Golden path/ }).click();
    await page.getByRole('option', { name: /^TypeScript service/ }).click();
    await dialog
      .getByRole('button', { name: /^Release to upgrade to/ })
      .click();
    await page
      .getByRole('option', {
        name: new RegExp(`^${history!.next.replace(/\./g, '\\.')}`),
      })
      .click();
    await dialog
      .getByRole('button', {
        name: new RegExp(
          `Release to upgrade to.*${history!.next.replace(/\./g, '\\.')}`,
        ),
      })
      .waitFor({ timeout: 30_000 });
    // The select's menu gone before the picture (its closing fade overlaps the fields).
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    await shot('campaigns-start-from-check');
    await dialog.getByRole('button', { name: 'Start campaign' }).click();
    await page
      .getByRole('heading', { name: 'Fix: On the latest template version' })
      .waitFor({ timeout: 60_000 });
    await page
      .getByText(
        /Every service failing the check “On the latest template version”, upgraded to typescript-service/,
      )
      .first()
      .waitFor();

    // Any other check: a tracked-only campaign, and the page says so.
    await page.goto(`${b.url}/scorecards`);
    await page
      .getByRole('link', { name: 'Start campaign: On-call named' })
      .click();
    const tracked = page.getByRole('dialog');
    await tracked
      .getByText(/^Tracked only: no upgrade fixes this check/)
      .waitFor({ timeout: 60_000 });
    expect(
      await tracked.getByRole('button', { name: /^Golden path/ }).count(),
    ).toBe(0);
    await tracked.getByRole('button', { name: 'Start campaign' }).click();
    await page
      .getByRole('heading', { name: 'Fix: On-call named' })
      .waitFor({ timeout: 60_000 });
    await page
      .getByText(/^Tracked: the owners make the change/)
      .first()
      .waitFor();
    // People and teams by display name before the picture.
    await page.getByRole('link', { name: 'Ada Lovelace' }).first().waitFor();
    await page.getByRole('link', { name: 'Checkout' }).first().waitFor();
    await page.getByRole('link', { name: 'Olga Petrova' }).first().waitFor();
    await shot('campaigns-tracked');
  });
});
