import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, launchBrowser, newContext, runBrowserTests, startAll } from './helpers/browser.js';
import { focusIndicator } from './helpers/checks.js';
import { ADMIN_PASSWORD, COMMUNICATION, PARTNERSHIPS, SESSION_SECRET, STRATEGY, logInAsModerator, seedComment, startSite, type Site } from './helpers/site.js';

/** More Tab presses than any page here has stops: a page that traps focus fails instead of hanging. */
const MAX_TAB_STOPS = 300;

const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el?.id ?? '', tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim(), inMain: !!el?.closest('main') };
});

/** Presses Tab until the element with this id has focus; returns how many presses it took. */
async function tabTo(page: Page, id: string): Promise<number> {
  for (let presses = 1; presses <= MAX_TAB_STOPS; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).id === id) return presses;
  }
  throw new Error(`#${id} was not reached within ${MAX_TAB_STOPS} Tab presses`);
}

describe.runIf(runBrowserTests)('using the site with the keyboard alone', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let site: Site;
  let browser: Browser;
  let moderator: BrowserContext;

  beforeAll(async () => {
    await startAll([startSite({ ADMIN_PASSWORD, SESSION_SECRET }).then((s) => { site = s; }), launchBrowser().then((b) => { browser = b; })]);
    const first = await seedComment(site, COMMUNICATION, { author: 'Kofi Mensah', url: 'https://kofi.example.org/', comment: 'Weekly stand-ups changed our team.' });
    await seedComment(site, COMMUNICATION, { author: 'Lena Berg', parent: first.id, comment: 'Ours too.' });
    await seedComment(site, COMMUNICATION, { author: 'Held Hal', comment: 'See https://a.example.com/ https://b.example.com/ https://c.example.com/' });
    moderator = await newContext(browser, site.url);
    const login = await moderator.newPage();
    await logInAsModerator(login);
    await login.close();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function withPage<T>(options: { js?: boolean; colorScheme?: 'light' | 'dark'; context?: BrowserContext }, run: (page: Page) => Promise<T>): Promise<T> {
    const context = options.context ?? await newContext(browser, site.url, { javaScriptEnabled: options.js ?? true });
    const page = await context.newPage();
    try {
      await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
      return await run(page);
    } finally {
      if (options.context) await page.close();
      else await context.close();
    }
  }

  it('focuses "Skip to content" at the first Tab, shows it, and moves focus to the main content with Enter', async () => {
    await withPage({}, async (page) => {
      await page.goto(`/articles/${PARTNERSHIPS}`);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to content' });
      const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.height).toBeGreaterThanOrEqual(24);

      await page.keyboard.press('Enter');
      expect(await focused(page)).toMatchObject({ id: 'main', tag: 'main' });
      expect(new URL(page.url()).hash).toBe('#main');
      // The next Tab continues inside the main content, past the header's links and search.
      await page.keyboard.press('Tab');
      expect((await focused(page)).inMain).toBe(true);
    });
  });

  it.each([
    { js: true, label: 'with JavaScript' },
    { js: false, label: 'without JavaScript' },
  ])('reaches, fills, corrects and submits the comment form with Tab and Enter alone, $label', async ({ js }) => {
    await withPage({ js }, async (page) => {
      const mode = js ? 'js' : 'no-js';
      const text = `Typed without a mouse (${mode}).`;
      await page.goto(`/articles/${STRATEGY}`);
      await tabTo(page, 'comment-text');
      await page.keyboard.type(text);

      // Leave the name out; every other stop in order, the honeypot field never one of them.
      const stops: string[] = [];
      const next = async () => {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        stops.push(f.id || f.text);
      };
      await next();
      await next();
      await page.keyboard.type(`kim.${mode}@example.com`);
      await next();
      await next();
      await next();
      expect(stops).toEqual(['comment-author', 'comment-email', 'comment-url', 'comment-remember', 'Post Comment']);
      await page.keyboard.press('Enter');
      if (!js) await page.waitForURL(`**/articles/${STRATEGY}/comments`);
      await page.locator('.error-summary').waitFor();
      expect((await focusIndicator(page)).indicator, 'the focused error summary shows focus').not.toBeNull();
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);

      // From the summary, its link takes the keyboard to the field to correct.
      await page.keyboard.press('Tab');
      expect((await focused(page)).text).toBe('Please enter your name.');
      await page.keyboard.press('Enter');
      expect((await focused(page)).id).toBe('comment-author');
      await page.keyboard.type(`Kim ${mode}`);
      for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
      expect((await focused(page)).text).toBe('Post Comment');
      await page.keyboard.press('Enter');

      if (js) await page.locator('.comment-posted').waitFor();
      else await page.waitForURL(new RegExp(`/articles/${STRATEGY}#comment-\\w+$`));
      const anchor = new URL(page.url()).hash;
      expect(await page.locator(anchor).locator('.comment-content').innerText()).toBe(text);
      expect(await page.locator(anchor).locator('.comment-author').innerText()).toBe(`Kim ${mode}`);
    });
  });

  const PAGES = [
    { name: 'the home page', path: '/', scheme: 'light' as const },
    { name: 'an article with comments and the comment form', path: `/articles/${COMMUNICATION}`, scheme: 'light' as const },
    { name: 'an article with comments and the comment form', path: `/articles/${COMMUNICATION}`, scheme: 'dark' as const },
    { name: 'a tag page', path: '/tags/leadership', scheme: 'light' as const },
    { name: 'search results', path: '/search?q=library+leadership', scheme: 'light' as const },
    { name: 'the 404 page', path: '/no-such-page', scheme: 'dark' as const },
    { name: 'the moderator’s comment list', path: '/admin/comments', scheme: 'light' as const, admin: true },
  ];

  it.each(PAGES)('shows a visible focus indicator at every Tab stop of $name ($scheme scheme)', async ({ path, scheme, admin }) => {
    await withPage({ colorScheme: scheme, ...(admin ? { context: moderator } : {}) }, async (page) => {
      await page.goto(path);
      const stops: string[] = [];
      const invisible: string[] = [];
      for (let i = 0; i < MAX_TAB_STOPS; i += 1) {
        await page.keyboard.press('Tab');
        const { element, indicator } = await focusIndicator(page);
        if (element === 'body' || (stops.length > 0 && element === stops[0])) break;
        stops.push(element);
        if (!indicator) invisible.push(element);
      }
      expect(stops.length, 'the page has Tab stops').toBeGreaterThan(5);
      expect(stops.length, 'Tab reached the end of the page').toBeLessThan(MAX_TAB_STOPS);
      expect(invisible).toEqual([]);
    });
  });
});
