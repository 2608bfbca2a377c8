import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, launchBrowser, newContext, runBrowserTests, startAll } from './helpers/browser.js';
import { axeViolations, pageWidth, undersizedTargets } from './helpers/checks.js';
import { ADMIN_PASSWORD, ARTIFACTS_DIR, COMMUNICATION, PARTNERSHIPS, SESSION_SECRET, articleFile, logInAsModerator, seedComment, startSite, type Site } from './helpers/site.js';

/** An article with a table of six columns: wider than a phone, so it must scroll inside its own box. */
const WIDE_TABLE_SLUG = 'branch-opening-hours';
const WIDE_TABLE_ARTICLE = articleFile('Branch Opening Hours', '2020-01-06', [
  'Opening hours of every branch, by day of the week.',
  '',
  '| Branch | Monday | Tuesday | Wednesday | Thursday | Friday |',
  '| --- | --- | --- | --- | --- | --- |',
  '| Central Library | 09:00–20:00 | 09:00–20:00 | 09:00–20:00 | 09:00–20:00 | 09:00–18:00 |',
  '| Riverside Branch | 10:00–18:00 | closed | 10:00–18:00 | 10:00–19:00 | 10:00–17:00 |',
].join('\n'), ['hours']);

// Written to test-artifacts/ on every run; copied over the README's picture only when asked to
// (UPDATE_README_SCREENSHOT=1), so running the tests never changes a tracked file.
const ARTICLE_SCREENSHOT = fileURLToPath(new URL('../../test-artifacts/article-page.png', import.meta.url));
const README_SCREENSHOT = fileURLToPath(new URL('../../docs/article-page.png', import.meta.url));
const WIDTHS = [320, 768, 1280] as const;

type ContextKind = 'reader' | 'no-script' | 'moderator';

interface PageCase {
  readonly name: string;
  /** File name stem of its screenshots in test-artifacts/. */
  readonly shot: string;
  readonly context: ContextKind;
  open(page: Page): Promise<void>;
}

/**
 * Submits the comment form with a missing name and comment and an invalid email and website. With
 * `js` false, public/js/comments.js is blocked, so the browser posts the form itself and the server
 * answers the article page in its error state (422), exactly as without JavaScript. (axe-core needs
 * scripts to run in the page, so a context with JavaScript turned off cannot be analysed.)
 */
async function submitInvalidComment(page: Page, js: boolean): Promise<void> {
  await page.goto(`/articles/${PARTNERSHIPS}`);
  await page.getByRole('textbox', { name: 'Email' }).fill('reader@invalid');
  await page.getByRole('textbox', { name: 'Website' }).fill('ftp://files.example.org');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  if (!js) await page.waitForURL(`**/articles/${PARTNERSHIPS}/comments`);
  await page.locator('.error-summary').waitFor();
  await expect.poll(() => page.locator('.field-error').count()).toBe(4);
}

const PAGES: readonly PageCase[] = [
  { name: 'the home page', shot: 'home', context: 'reader', open: async (p) => void await p.goto('/') },
  { name: 'an article with comments', shot: 'article', context: 'reader', open: async (p) => void await p.goto(`/articles/${PARTNERSHIPS}`) },
  { name: 'a tag page', shot: 'tag', context: 'reader', open: async (p) => void await p.goto('/tags/leadership') },
  { name: 'search results', shot: 'search', context: 'reader', open: async (p) => void await p.goto('/search?q=partnerships+community') },
  { name: 'the 404 page', shot: 'not-found', context: 'reader', open: async (p) => void await p.goto('/no-such-page') },
  { name: 'the moderator’s comment list', shot: 'admin-comments', context: 'moderator', open: async (p) => void await p.goto('/admin/comments') },
  { name: 'the comment form in its error state (server-rendered)', shot: 'comment-errors-no-js', context: 'no-script', open: (p) => submitInvalidComment(p, false) },
  { name: 'the comment form in its error state (shown by comments.js)', shot: 'comment-errors-js', context: 'reader', open: (p) => submitInvalidComment(p, true) },
];

describe.runIf(runBrowserTests)('accessibility and layout of every kind of page', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let site: Site;
  let browser: Browser;
  const contexts = new Map<ContextKind, BrowserContext>();

  beforeAll(async () => {
    await startAll([
      startSite({ ADMIN_PASSWORD, SESSION_SECRET }, { [`${WIDE_TABLE_SLUG}.md`]: WIDE_TABLE_ARTICLE }).then((s) => { site = s; }),
      launchBrowser().then((b) => { browser = b; }),
      mkdir(ARTIFACTS_DIR, { recursive: true }),
    ]);
    // Published comments, a reply, a commenter with a website, and two held for moderation (3 links).
    const first = await seedComment(site, PARTNERSHIPS, { author: 'Ada Okonkwo', url: 'https://ada.example.org/', comment: 'The table of key areas is a useful checklist.\n\nWe used it at our branch.' });
    await seedComment(site, PARTNERSHIPS, { author: 'Bram de Vries', parent: first.id, comment: 'Same here: the partnership with the school worked well.' });
    await seedComment(site, PARTNERSHIPS, { author: 'Chen Wei', comment: 'Which partners would you start with in a small town?' });
    await seedComment(site, PARTNERSHIPS, { author: 'Link Poster', comment: 'Buy at https://a.example.com/ https://b.example.com/ https://c.example.com/' });
    await seedComment(site, COMMUNICATION, { author: 'Dana Held', comment: 'Links: https://d.example.com/x https://e.example.com/y https://f.example.com/a-rather-long-path/that-goes-on' });
    contexts.set('reader', await newContext(browser, site.url));
    const noScript = await newContext(browser, site.url);
    await noScript.route(/\/js\/comments\.[\w.]*js$/, (route) => route.abort());
    contexts.set('no-script', noScript);
    const moderator = await newContext(browser, site.url);
    const login = await moderator.newPage();
    await logInAsModerator(login);
    await login.close();
    contexts.set('moderator', moderator);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  async function newPage(kind: ContextKind, width: number, height = 900): Promise<Page> {
    const page = await contexts.get(kind)!.newPage();
    await page.setViewportSize({ width, height });
    return page;
  }

  async function openCase(c: PageCase, width: number): Promise<Page> {
    const page = await newPage(c.context, width);
    await c.open(page);
    return page;
  }

  it.each(PAGES)('$name has no WCAG 2.2 A/AA violations in the light and the dark colour scheme', async (c) => {
    const page = await openCase(c, 1280);
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await axeViolations(page), 'light scheme').toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      expect(await axeViolations(page), 'dark scheme').toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${c.shot}-1280-dark.png`), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it.each(PAGES)('$name fits 320, 768 and 1280 px without sideways scrolling, every tap target 24 px or more', async (c) => {
    const page = await openCase(c, WIDTHS[0]);
    try {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const { scrollWidth, clientWidth } = await pageWidth(page);
        expect(clientWidth, `viewport ${width}`).toBe(width);
        expect(scrollWidth, `page wider than the ${width} px viewport`).toBeLessThanOrEqual(clientWidth);
        expect(await undersizedTargets(page), `targets under 24×24 px at ${width} px`).toEqual([]);
        if (width === 320 || width === 1280) {
          await page.screenshot({ path: join(ARTIFACTS_DIR, `${c.shot}-${width}.png`), fullPage: true });
        }
      }
    } finally {
      await page.close();
    }
  });

  /** The box's own scrollable width, its visible width, and whether it can be scrolled sideways. */
  const scrollBox = (page: Page, selector: string) => page.locator(selector).evaluate((el) => {
    const before = el.scrollLeft;
    el.scrollBy(100, 0);
    const moved = el.scrollLeft > before;
    el.scrollLeft = before;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, moved, tabIndex: el.getAttribute('tabindex') };
  });

  it.each([
    { name: 'an article table wider than the screen', kind: 'reader' as const, path: `/articles/${WIDE_TABLE_SLUG}`, selector: '.post-body .table-scroll' },
    { name: 'the moderator’s comment table', kind: 'moderator' as const, path: '/admin/comments', selector: '.table-scroll' },
  ])('at 320 px $name scrolls inside its own box while the page does not scroll sideways', async ({ kind, path, selector }) => {
    const page = await newPage(kind, 320);
    try {
      await page.goto(path);
      const box = await scrollBox(page, selector);
      expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
      expect(box.moved).toBe(true);
      expect(box.tabIndex, 'keyboard users can reach the box to scroll it').toBe('0');
      const outer = await pageWidth(page);
      expect(outer.scrollWidth).toBeLessThanOrEqual(outer.clientWidth);
    } finally {
      await page.close();
    }
  });

  it('saves a desktop screenshot of the partnerships article, small enough for the README', async () => {
    const page = await newPage('reader', 1280, 1600);
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`/articles/${PARTNERSHIPS}`);
      await mkdir(join(ARTICLE_SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: ARTICLE_SCREENSHOT });
      const { size } = await stat(ARTICLE_SCREENSHOT);
      expect(size).toBeGreaterThan(10_000);
      expect(size).toBeLessThan(400_000);
      if (process.env.UPDATE_README_SCREENSHOT === '1') await copyFile(ARTICLE_SCREENSHOT, README_SCREENSHOT);
    } finally {
      await page.close();
    }
  });
});
