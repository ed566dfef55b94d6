/*
 * Creating a service from the portal's Create page in Chromium, as the guest
 * user (Ada Lovelace of team Checkout) against the real backend (embedded
 * default: SQLite, local repositories): the owner is pre-filled with her team
 * and only her teams are offered; the name is checked while typing (a name the
 * catalog has is refused, a malformed one gets one message in words); the
 * Review step shows display names; the task page shows only the steps that
 * ran and how to clone the new local repository.
 *
 * Needs: a built frontend (yarn workspace app build) and Chromium.
 */
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
import { getEntity } from '../lib/catalog';

jest.setTimeout(300_000);

const FORM_PATH = '/create/templates/default/typescript-service';

describe('the Create page in Chromium', () => {
  const dataDir = makeTempDir('create-flow-browser');
  const serviceName = `cf-${Date.now().toString(36)}`;
  let backend: TestBackend | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const enabled = chromiumAvailable();

  beforeAll(async () => {
    if (!enabled) return;
    if (!appBuilt()) {
      throw new Error(
        'packages/app/dist is missing: run `yarn workspace app build` first (scripts/test.sh does)',
      );
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    backend = await startBackend({ dataDir });
    const b = backend;
    for (const ref of [
      'template:default/typescript-service',
      'group:default/team-checkout',
      'system:default/checkout',
      'component:default/checkout-service',
    ]) {
      await waitFor(ref, () => getEntity(b, ref), 240_000);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', m => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(b.url);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Conway').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
  });

  const shot = (name: string) => fullPageScreenshot(page, name);

  const nameInput = () => page.getByRole('textbox', { name: 'Name' });

  it('pre-fills the owner with her team and offers only her teams', async () => {
    if (!enabled) return;
    await page.goto(`${backend!.url}${FORM_PATH}`);
    const owner = page.getByRole('button', { name: /Owner/ });
    await owner
      .filter({ hasText: 'Checkout' })
      .waitFor({ timeout: 60_000 })
      .catch(async error => {
        await shot('create-form-failed');
        throw new Error(
          `${error}\nBrowser errors:\n${consoleErrors.join('\n')}`,
        );
      });
    await expect(owner.textContent()).resolves.toContain(
      'group:default/team-checkout',
    );
    await expect(
      page.getByText('Only teams you are a member of.'),
    ).toBeTruthy();

    await owner.click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    await expect(options.allTextContents()).resolves.toEqual([
      'Checkoutgroup:default/team-checkout',
    ]);
    await page.keyboard.press('Escape');
  });

  it('refuses a name the catalog has while typing, in words', async () => {
    if (!enabled) return;
    await nameInput().fill('checkout-service');
    await page
      .getByText(
        "'checkout-service' is taken: the catalog already has component:default/checkout-service",
      )
      .waitFor({ timeout: 30_000 });
  });

  it('shows one worded message for a malformed name, also after Next', async () => {
    if (!enabled) return;
    await nameInput().fill('orders_api');
    const message =
      "'orders_api' contains '_': use lower-case letters, digits and dashes only";
    await page.getByText(message).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForTimeout(1_500);
    // Still on the first page, the reason shown once, no regular expression.
    await expect(nameInput().isVisible()).resolves.toBe(true);
    await expect(page.getByText(message).count()).resolves.toBe(1);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain('must match pattern');
    expect(body).not.toContain('[a-z');
    await shot('create-form-bad-name');
  });

  it('accepts a free name and shows display names on the Review step', async () => {
    if (!enabled) return;
    await nameInput().fill(serviceName);
    await page
      .getByText(`'${serviceName}' is available`)
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Made by the Create page browser test');
    // The system picker lists systems by display name and shows the chosen one by name too.
    await page.getByRole('button', { name: /System/ }).click();
    await page
      .getByRole('option', { name: /Checkout\s*system:default\/checkout/ })
      .click();
    await expect(
      page.getByRole('button', { name: /System/ }).textContent(),
    ).resolves.toBe('Checkoutsystem:default/checkout');
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    await shot('create-form');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    const review = page.getByRole('table', { name: 'Review' });
    await review.waitFor({ timeout: 30_000 });
    const ownerRow = review.getByRole('row').filter({ hasText: 'Owner' });
    await ownerRow.getByText('Checkout', { exact: true }).waitFor();
    await expect(ownerRow.textContent()).resolves.toBe(
      'OwnerCheckoutgroup:default/team-checkout',
    );
    const systemRow = review.getByRole('row').filter({ hasText: 'System' });
    await systemRow.getByText('Checkout', { exact: true }).waitFor();
    await expect(systemRow.textContent()).resolves.toBe(
      'SystemCheckoutsystem:default/checkout',
    );
    await expect(
      review.getByRole('row').filter({ hasText: 'Database' }).textContent(),
    ).resolves.toBe('DatabaseNone');
    await shot('create-review');
  });

  it('after Create, shows only the steps that ran and how to clone the repository', async () => {
    if (!enabled) return;
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
    await page
      .getByRole('button', { name: 'Open in catalog' })
      .waitFor({ timeout: 180_000 });

    const steps = await page.getByTestId('step-label').allTextContents();
    const names = steps.map(s =>
      s.replace(/\s*\d+(\.\d+)? ?(ms|s|seconds?|minutes?)$/, ''),
    );
    expect(names.join('|')).not.toMatch(
      /GitHub|Deploy to the development cluster|Check the deployment/,
    );
    expect(names.filter(n => /in the catalog/.test(n))).toHaveLength(1);
    await page
      .getByText('4 steps did not apply to this service and are not shown.')
      .waitFor();

    // A clone command instead of a dead file: link, naming a real repository.
    await expect(page.locator('a[href^="file:"]').count()).resolves.toBe(0);
    const clone =
      (await page
        .locator('code', { hasText: 'git clone' })
        .first()
        .textContent()) ?? '';
    const repo = clone.replace(/^git clone\s+/, '').trim();
    expect(repo).toMatch(new RegExp(`/${serviceName}$`));
    expect(fs.existsSync(path.join(repo, '.git'))).toBe(true);
    await shot('create-task');

    // The catalog link goes to the new component's page.
    await page.getByRole('button', { name: 'Open in catalog' }).click();
    await page.waitForURL(
      new RegExp(`/catalog/default/component/${serviceName}`),
    );
  });
});
