import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startSite, type Site } from './site.js';

/**
 * Debian's Chromium, driven over CDP by playwright-core; no browser is ever downloaded.
 * BROWSER_TEST_CHROMIUM names another binary (e.g. a missing one, to see what `npm test` says without it).
 */
export const CHROMIUM_PATH = process.env.BROWSER_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** `SKIP_BROWSER_TESTS=1` skips the browser tests on a machine without Chromium; CI never sets it. */
export const browserTestsSkipped = process.env.SKIP_BROWSER_TESTS === '1';

/** The one line `npm test` prints when Chromium is missing (from test/browser/chromium.test.ts). */
export const MISSING_CHROMIUM_MESSAGE =
  `Chromium is not installed at ${CHROMIUM_PATH}; install it with \`apt-get install -y chromium\` ` +
  '(or set SKIP_BROWSER_TESTS=1 to skip the browser tests).';

export const chromiumInstalled = existsSync(CHROMIUM_PATH);

/**
 * Whether this file's browser tests run. Without Chromium they do not start at all: the single
 * failing test in chromium.test.ts says how to install it, instead of every file failing the same way.
 */
export const runBrowserTests = !browserTestsSkipped && chromiumInstalled;

/** How long any single wait in a browser test may take before it fails. */
export const WAIT_MS = 10_000;

/** Budget for one browser test (several page loads, axe runs and screenshots on a 2-core machine). */
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/**
 * A fresh, isolated browser profile (own cookies) whose waits are all bounded. It asks for reduced
 * motion unless `options` say otherwise: with smooth scrolling every click on a long page waits for an
 * animation, which doubles the suite's time; tests of scrolling itself pass `reducedMotion: 'no-preference'`.
 */
export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  return context;
}

/**
 * Waits for every start-up step (each hands what it started to its owner, e.g. `.then((s) => { site = s; })`),
 * then fails with the first error, if any. Unlike Promise.all, nothing is still starting once this fails,
 * so afterAll stops every server and browser that did start.
 */
export async function startAll(steps: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * For the describe block it is called in: one site (started with `env`) and one browser for the whole
 * block, and a fresh context and page for each test, handed to `use` before the test runs.
 */
export function useSiteAndPage(env: Record<string, string>, use: (current: { site: Site; browser: Browser; page: Page }) => void): void {
  let site: Site | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    await startAll([startSite(env).then((s) => { site = s; }), launchBrowser().then((b) => { browser = b; })]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });
  beforeEach(async () => {
    context = await newContext(browser!, site!.url);
    use({ site: site!, browser: browser!, page: await context.newPage() });
  });
  afterEach(async () => {
    await context?.close();
  });
}
