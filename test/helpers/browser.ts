import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Debian's Chromium (installed by `scripts/services.sh up --with-browser`), or null when none can be had. */
export const chromiumPath: string | null =
  CANDIDATES.find((path): path is string => Boolean(path && existsSync(path))) ?? null;

if (!chromiumPath) {
  // Loud on purpose: these tests then count as skipped, never as passed.
  process.stderr.write('\n*** BROWSER TESTS SKIPPED: no Chromium found (apt-get install -y chromium) ***\n\n');
}

export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface TestBrowser {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Chromium with the flags the project uses and a fresh, empty user-data dir. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!chromiumPath) throw new Error('no Chromium');
  const profile = mkdtempSync(join(tmpdir(), 'loyalbot-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects a page's console errors (CSP refusals, failed loads) and script errors from now on. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/** Waits until the page's script drew every chart, then writes a full-page screenshot. */
export async function chartsDrawn(page: Page): Promise<number> {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'));
  return Number(await page.getAttribute('html', 'data-charts-drawn'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks something that submits a form or follows a link, and waits for the page it leads to. */
export async function follow(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForNavigation(), target.click()]);
}
