import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { repoRoot } from './backend';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where browser tests save screenshots: screenshots/ at the repository root, ignored by
 * git, so a test run never changes tracked files. scripts/refresh-screenshots.sh copies
 * a run's screenshots into docs/screenshots/ (the copies reviewers look at).
 */
export const screenshotDir = path.join(repoRoot, 'screenshots');

/** True when Chromium is installed; in CI a missing browser is an error, not a skip. */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CONWAY_STRICT) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium package`,
    );
  }
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPED browser test: no Chromium at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  return false;
}

/** Headless Chromium with the flags that work on a closed network (Playwright gives it a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** True when the frontend has been built (the backend serves packages/app/dist). */
export function appBuilt(): boolean {
  return fs.existsSync(path.join(repoRoot, 'packages/app/dist/index.html'));
}

/**
 * Saves a full-page screenshot of `page` as screenshots/<name>.png. Backstage
 * scrolls inside its content element, so `fullPage` alone shows one screen:
 * the viewport first grows by what the document or its scrolling elements
 * hide (up to 8,000 pixels), then returns to its size.
 */
export async function fullPageScreenshot(
  page: Page,
  name: string,
): Promise<void> {
  // From the top: a test that filled a field low on the page leaves the window
  // scrolled, and the fixed sidebar then shows that far down the picture.
  await page.evaluate(() => window.scrollTo(0, 0));
  // What scrolls, in an inner scroller or in the document itself: the window
  // is made that much taller, so that the fixed sidebar (100vh) spans the
  // whole picture instead of stopping at the first screen. Again until nothing
  // scrolls: cards sized by the window (the relations graph) grow with it.
  const hiddenHeight = () =>
    page.evaluate(() =>
      Math.max(
        0,
        document.documentElement.scrollHeight - window.innerHeight,
        ...Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter(e =>
            ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
          )
          .map(e => e.scrollHeight - e.clientHeight),
      ),
    );
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  let height = viewport.height;
  try {
    for (let round = 0; round < 4; round++) {
      const hidden = await hiddenHeight();
      if (hidden <= 0 || height >= 8000) break;
      height = Math.min(height + hidden, 8000);
      await page.setViewportSize({ width: viewport.width, height });
      await page.waitForTimeout(200);
    }
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({
      path: path.join(screenshotDir, `${name}.png`),
      fullPage: true,
    });
  } finally {
    await page.setViewportSize(viewport);
  }
}
