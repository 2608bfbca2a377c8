import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, WAIT_MS, launchBrowser, newContext, runBrowserTests, startAll } from './helpers/browser.js';
import { articleFile, startSite, writeArticle, type Site } from './helpers/site.js';

const newArticleLink = (page: Page, title: string) => page.getByRole('link', { name: title, exact: true });

describe.runIf(runBrowserTests)('an editor saving a new Markdown file while the server runs', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let started: Site;
  let dev: Site;
  let browser: Browser;

  beforeAll(async () => {
    await startAll([
      startSite().then((s) => { started = s; }), // as `npm start` runs it
      startSite({ NODE_ENV: 'development', LIVE_RELOAD: '1' }).then((s) => { dev = s; }), // as `npm run dev` runs it
      launchBrowser().then((b) => { browser = b; }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([started?.stop(), dev?.stop()]);
  });

  it('sees the new article on the open home page after reloading it, and can read it', async () => {
    const context = await newContext(browser, started.url);
    try {
      const page = await context.newPage();
      const title = 'A Walk Through the New Branch';
      await page.goto('/');
      expect(await newArticleLink(page, title).count()).toBe(0);

      await writeArticle(started, 'a-walk-through-the-new-branch.md', articleFile(title, '2025-12-01', 'The new branch opened on a rainy Monday.\n\n## The reading garden\n\nBenches under two trees.', ['branches']));
      // The file is picked up within about a second; the test reloads as the editor would.
      await expect.poll(async () => {
        await page.reload();
        return newArticleLink(page, title).count();
      }, { timeout: WAIT_MS, interval: 250 }).toBe(1);

      await newArticleLink(page, title).click();
      await page.waitForURL('**/articles/a-walk-through-the-new-branch');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(title);
      expect(await page.locator('.post-body').innerText()).toContain('The new branch opened on a rainy Monday.');
      expect(await page.locator('.post-body h2#the-reading-garden').innerText()).toBe('The reading garden');
    } finally {
      await context.close();
    }
  });

  it('under `npm run dev` the open page reloads by itself and shows the new article', async () => {
    const context = await newContext(browser, dev.url);
    try {
      const page = await context.newPage();
      const title = 'Story Time on the Terrace';
      // Wait until the page listens for reloads before saving, as an editor with the page open would be.
      const listening = page.waitForResponse((r) => new URL(r.url()).pathname === '/__live-reload' && r.status() === 200, { timeout: WAIT_MS });
      await page.goto('/');
      await listening;
      expect(await newArticleLink(page, title).count()).toBe(0);
      await page.evaluate(() => { (window as unknown as { beforeSave?: boolean }).beforeSave = true; });

      await writeArticle(dev, 'story-time-on-the-terrace.md', articleFile(title, '2025-05-05', 'Stories outside, every Saturday in summer.', ['events']));
      // No reload by the test: the link appears because the page reloaded itself.
      await newArticleLink(page, title).waitFor({ timeout: WAIT_MS });
      expect(await page.evaluate(() => (window as unknown as { beforeSave?: boolean }).beforeSave)).toBeUndefined();
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      await context.close();
    }
  });
});
