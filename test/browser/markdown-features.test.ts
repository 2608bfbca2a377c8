import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, launchBrowser, newContext, runBrowserTests, startAll } from './helpers/browser.js';
import { WCAG_TAGS, pageWidth, undersizedTargets } from './helpers/checks.js';
import { articleFile, startSite, type Site } from './helpers/site.js';

const SLUG = 'garden-notes';
const ARTICLE = articleFile('Garden Notes', '2020-02-03', [
  'The reading garden opened in May[^opening], after a long winter of planning[^plan].',
  '',
  '<details>',
  '<summary>What we planted</summary>',
  '',
  'Lavender, **thyme** and a row of apple trees.',
  '',
  '</details>',
  '',
  '<figure>',
  '<img src="/images/placeholder-that-does-not-exist.png" alt="The garden in May" width="800" height="600">',
  '<figcaption>The garden on its first morning.</figcaption>',
  '</figure>',
  '',
  '<h2>Getting there</h2>',
  '',
  'Take the path behind the library[^opening].',
  '',
  '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="A walk through the garden"></iframe>',
  '',
  '[^opening]: On the first Saturday, with music.',
  '[^plan]: The plans are in the [branch report](/about).',
].join('\n'));

describe.runIf(runBrowserTests)('footnotes, details, figures and embeds in a browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let site: Site | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await startAll([
      startSite({}, { [`${SLUG}.md`]: ARTICLE }).then((s) => { site = s; }),
      launchBrowser().then((b) => { browser = b; }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  const open = async (width: number): Promise<Page> => {
    const context = await newContext(browser!, site!.url, { viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`/articles/${SLUG}`);
    return page;
  };

  it('moves from a reference to its note and back, by links named for screen readers', async () => {
    const page = await open(1280);
    const notes = page.getByRole('region', { name: 'Footnotes' });
    expect(await notes.getByRole('listitem').count()).toBe(2);
    await page.locator('.post-body p').first().getByRole('link', { name: '1', exact: true }).click();
    await page.waitForURL('**#footnote-1');
    await page.getByRole('link', { name: 'Back to reference 1-2' }).click();
    await page.waitForURL('**#footnote-ref-1-2');
    expect(await page.locator(':target').innerText()).toBe('1');
    await page.context().close();
  });

  it('opens the details, and keeps the embed 16:9, with no sideways scrolling on a phone', async () => {
    const page = await open(320);
    const details = page.locator('.post-body details');
    expect(await details.getByText('Lavender').isVisible()).toBe(false);
    await details.getByText('What we planted').click();
    expect(await details.getByText('Lavender').isVisible()).toBe(true);
    const box = (await page.locator('.post-body .embed iframe').boundingBox())!;
    expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.02);
    const { scrollWidth, clientWidth } = await pageWidth(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await page.context().close();
  });

  it.each([320, 1280])('has no WCAG A/AA violations and no undersized targets at %i px', async (width) => {
    const page = await open(width);
    // The player itself is YouTube's page (not reachable here); the page around it is checked.
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).exclude('.embed').analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(await undersizedTargets(page)).toEqual([]);
    await page.context().close();
  });
});
