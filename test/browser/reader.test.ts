import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, WAIT_MS, newContext, runBrowserTests, useSiteAndPage } from './helpers/browser.js';
import { COMMUNICATION, COMMUNITY, PARTNERSHIPS, type Site } from './helpers/site.js';

const PARTNERSHIPS_TITLE = 'Unlocking Success: The Role of Partnerships in Effective Library Leadership';

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

describe.runIf(runBrowserTests)('a reader browsing the site', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let site: Site;
  let browser: Browser;
  let page: Page;
  useSiteAndPage({}, (current) => ({ site, browser, page } = current));

  it('opens the home page, follows an article and reads its table', async () => {
    await page.goto('/');
    expect(await heading(page)).toBe('The Library Leadership Journal');
    expect(await page.locator('.card').count()).toBeGreaterThanOrEqual(8);
    await page.getByRole('link', { name: PARTNERSHIPS_TITLE, exact: true }).click();
    await page.waitForURL(`**/articles/${PARTNERSHIPS}`);
    expect(await heading(page)).toBe(PARTNERSHIPS_TITLE);
    expect(await page.title()).toContain(PARTNERSHIPS_TITLE);

    const table = page.locator('.post-body').getByRole('table');
    await expect.poll(() => table.count()).toBe(1);
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Key Areas', 'Insights']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().getByRole('cell').allInnerTexts()).toEqual([
      'Libraries\' Experiences',
      'Interviews highlight the necessity of partnerships for resource pooling and enhanced capabilities.',
    ]);
    // The table sits in a named, focusable region so it can scroll on its own on small screens.
    expect(await page.getByRole('region', { name: 'Table' }).locator('table').count()).toBe(1);
  });

  it('follows an inline "See also" link, placed between sections of the body, to the article it names', async () => {
    await page.goto(`/articles/${PARTNERSHIPS}`);
    const seeAlso = page.locator('.post-body p.see-also');
    expect(await seeAlso.count()).toBe(2);
    // Inline: each line has body text before and after it, not at the end of the article.
    const placement = await seeAlso.first().evaluate((p) => ({
      before: p.previousElementSibling?.tagName ?? null,
      after: p.nextElementSibling?.tagName ?? null,
    }));
    expect(placement.before).not.toBeNull();
    expect(placement.after).not.toBeNull();
    expect(await seeAlso.first().innerText()).toMatch(/^See also\s+Unlocking Success: The Vital Role of Communication in Library Leadership$/);

    const link = seeAlso.first().getByRole('link');
    const title = await link.innerText();
    await link.click();
    await page.waitForURL(`**/articles/${COMMUNICATION}`);
    expect(await heading(page)).toBe(title);
  });

  it('follows a link in the "Related articles" block, which never repeats an inline link', async () => {
    await page.goto(`/articles/${PARTNERSHIPS}`);
    const related = page.getByRole('region', { name: 'Related articles' }).getByRole('link');
    const titles = await related.allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    const inline = await page.locator('.post-body p.see-also a').allInnerTexts();
    expect(titles.filter((t) => inline.includes(t))).toEqual([]);
    expect(titles).not.toContain(PARTNERSHIPS_TITLE);

    const href = await related.first().getAttribute('href');
    await related.first().click();
    await page.waitForURL(`**${href}`);
    expect(await heading(page)).toBe(titles[0]);
  });

  it('moves from an article to its tag page and finds articles with the search box', async () => {
    await page.goto(`/articles/${PARTNERSHIPS}`);
    await page.locator('.post-header').getByRole('link', { name: 'community', exact: true }).click();
    await page.waitForURL('**/tags/community');
    expect(await heading(page)).toBe('Articles tagged “community”');
    const tagged = await page.locator('.card-title a').allInnerTexts();
    expect(tagged).toContain(PARTNERSHIPS_TITLE);
    expect(tagged).toContain('Empowering Communities: The Essential Role of Library Leaders in Engagement');
    expect(tagged).not.toContain('Building a Library Team Culture Where People Grow');

    await page.getByRole('searchbox', { name: 'Search articles' }).fill('partnerships');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=partnerships');
    expect(await heading(page)).toBe('Search');
    expect(await page.getByRole('status').innerText()).toMatch(/^\d+ results? for “partnerships”$/);
    const results = page.locator('.search-results > li');
    expect(await results.locator('.card-title').first().innerText()).toBe(PARTNERSHIPS_TITLE);
    const highlighted = await results.first().locator('mark').allInnerTexts();
    expect(highlighted.length).toBeGreaterThan(0);
    for (const word of highlighted) expect(word.toLowerCase()).toMatch(/^partnership/);
  });

  it('follows the feed link to an RSS feed of the newest articles', async () => {
    await page.goto(`/articles/${COMMUNITY}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/feed.xml', { timeout: WAIT_MS }),
      page.getByRole('contentinfo').getByRole('link', { name: 'RSS feed' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/rss\+xml/);
    const xml = await response.text();
    expect(xml).toMatch(/<rss[^>]+version="2.0"/);
    expect(xml).toContain(`<title><![CDATA[${PARTNERSHIPS_TITLE}]]></title>`);
    await page.waitForURL('**/feed.xml');
  });

  it.each([
    { js: true, label: 'with JavaScript' },
    { js: false, label: 'without JavaScript' },
  ])('"Scroll to Top" moves the scroll position and the focus to the top of the page, $label', async ({ js }) => {
    // With smooth scrolling, as most readers have it.
    const plain = await newContext(browser, site.url, { javaScriptEnabled: js, reducedMotion: 'no-preference' });
    try {
      const page = await plain.newPage();
      await page.goto(`/articles/${PARTNERSHIPS}`);
      const link = page.getByRole('link', { name: 'Scroll to Top' });
      await link.scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
      await link.click();
      await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: WAIT_MS }).toBe(0);
      expect(new URL(page.url()).hash).toBe('#top');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('top');
      // The next Tab continues from the top: the first link of the header.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('The Library Leadership Journal');
    } finally {
      await plain.close();
    }
  });
});
