import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, launchBrowser, newContext, runBrowserTests, startAll } from './helpers/browser.js';
import { ADVOCACY, COMMUNICATION, COMMUNITY, DATA, DIGITAL, PARTNERSHIPS, STRATEGY, TEAM, seedComment, startSite, type Site } from './helpers/site.js';

/** The comment form's controls, found by their labels as a visitor finds them. */
function commentForm(page: Page) {
  return {
    comment: page.getByRole('textbox', { name: /^Comment/ }),
    name: page.getByRole('textbox', { name: /^Name/ }),
    email: page.getByRole('textbox', { name: /^Email/ }),
    website: page.getByRole('textbox', { name: /^Website/ }),
    remember: page.getByRole('checkbox', { name: /^Save my name, email, and website/ }),
    submit: page.getByRole('button', { name: 'Post Comment' }),
  };
}

interface Typed {
  comment?: string;
  name?: string;
  email?: string;
  website?: string;
}

async function fill(page: Page, typed: Typed): Promise<void> {
  const form = commentForm(page);
  if (typed.comment !== undefined) await form.comment.fill(typed.comment);
  if (typed.name !== undefined) await form.name.fill(typed.name);
  if (typed.email !== undefined) await form.email.fill(typed.email);
  if (typed.website !== undefined) await form.website.fill(typed.website);
}

/** A flag on the window object: it survives only if the page is never reloaded. */
const markPage = (page: Page) => page.evaluate(() => { (window as unknown as { samePage?: boolean }).samePage = true; });
const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage === true);

const focusedElement = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return { id: el?.id ?? '', className: el?.className ?? '', tag: el?.tagName.toLowerCase() ?? '' };
});

const FIELD_MESSAGES = {
  comment: 'Please write a comment.',
  author: 'Please enter your name.',
  email: 'Please enter a valid email address, like name@example.com.',
  url: 'Please enter a website address starting with http:// or https://, or leave it empty.',
};

describe.runIf(runBrowserTests)('a visitor commenting on an article', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let open: Site;
  let held: Site;
  let browser: Browser;

  beforeAll(async () => {
    await startAll([
      startSite().then((s) => { open = s; }),
      startSite({ COMMENT_MODERATION: 'all' }).then((s) => { held = s; }),
      launchBrowser().then((b) => { browser = b; }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([open?.stop(), held?.stop()]);
  });

  describe.each([
    { js: true, label: 'with JavaScript (public/js/comments.js posts the form)' },
    { js: false, label: 'without JavaScript (the browser posts the form)' },
  ])('$label', ({ js }) => {
    let context: BrowserContext;
    let page: Page;
    const mode = js ? 'js' : 'no-js';

    beforeEach(async () => {
      context = await newContext(browser, open.url, { javaScriptEnabled: js });
      page = await context.newPage();
    });
    afterEach(async () => {
      await context.close();
    });

    /**
     * Clicks "Post Comment". Without JavaScript it waits for the page the server answers: the comment's
     * anchor after a 303, or the form's own URL for a refused post. With it, for the script's answer.
     */
    async function submit(target: Page, outcome: 'posted' | 'refused', slug: string): Promise<void> {
      await commentForm(target).submit.click();
      if (js) {
        await target.locator(outcome === 'posted' ? '.comment-posted' : '.error-summary').waitFor();
      } else {
        await target.waitForURL(outcome === 'posted' ? new RegExp(`/articles/${slug}#comment-\\w+$`) : `**/articles/${slug}/comments`);
      }
    }

    it('posts a comment and sees it on the article, without a reload when scripts run', async () => {
      const text = `Our branch started a partnership with the museum (${mode}).`;
      await page.goto(`/articles/${PARTNERSHIPS}`);
      await markPage(page);
      await fill(page, { comment: text, name: `Ines ${mode}`, email: `ines.${mode}@example.com` });
      await submit(page, 'posted', PARTNERSHIPS);

      const url = new URL(page.url());
      expect(url.pathname).toBe(`/articles/${PARTNERSHIPS}`);
      expect(url.hash).toMatch(/^#comment-\w+$/);
      expect(await stillSamePage(page)).toBe(js);
      if (js) {
        expect(await page.getByRole('status').innerText()).toBe('Thank you. Your comment has been posted.');
        expect((await focusedElement(page)).id).toBe(url.hash.slice(1));
      }
      const item = page.locator(url.hash);
      expect(await item.locator('.comment-content').innerText()).toBe(text);
      expect(await item.locator('.comment-author').innerText()).toBe(`Ines ${mode}`);

      await page.reload();
      expect(await page.locator(url.hash).locator('.comment-content').innerText()).toBe(text);
      expect(await page.content()).not.toContain(`ines.${mode}@example.com`);
    });

    it('keeps every typed value, focuses the error summary and explains each field when fields are missing or invalid', async () => {
      const form = commentForm(page);
      await page.goto(`/articles/${COMMUNICATION}`);
      await markPage(page);

      // 1. Name and comment missing, email and website invalid.
      await fill(page, { email: 'ann@invalid', website: 'ftp://files.example.org' });
      await submit(page, 'refused', COMMUNICATION);
      expect((await focusedElement(page)).className).toContain('error-summary');
      const summary = page.locator('.error-summary');
      expect(await summary.getByRole('heading').innerText()).toBe('Your comment was not posted');
      expect((await summary.getByRole('listitem').allInnerTexts()).sort()).toEqual(Object.values(FIELD_MESSAGES).sort());
      for (const [field, id] of [['comment', 'comment-text'], ['author', 'comment-author'], ['email', 'comment-email'], ['url', 'comment-url']] as const) {
        const control = page.locator(`#${id}`);
        expect(await page.locator(`#${id}-error`).innerText(), field).toBe(FIELD_MESSAGES[field]);
        expect(await control.getAttribute('aria-invalid'), field).toBe('true');
        expect((await control.getAttribute('aria-describedby'))?.split(' '), field).toContain(`${id}-error`);
      }
      expect(await form.email.inputValue()).toBe('ann@invalid');
      expect(await form.website.inputValue()).toBe('ftp://files.example.org');
      expect(await stillSamePage(page)).toBe(js);

      // 2. Name and comment typed now, the email still invalid: only its message remains, all values stay.
      const text = `Clear goals kept our partners talking (${mode}).\nEvery month.`;
      await fill(page, { comment: text, name: `Ann ${mode}`, website: '' });
      await submit(page, 'refused', COMMUNICATION);
      expect((await focusedElement(page)).className).toContain('error-summary');
      expect(await page.locator('.error-summary').getByRole('listitem').allInnerTexts()).toEqual([FIELD_MESSAGES.email]);
      expect(await page.locator('.field-error').allInnerTexts()).toEqual([FIELD_MESSAGES.email]);
      expect(await form.comment.inputValue()).toBe(text);
      expect(await form.name.inputValue()).toBe(`Ann ${mode}`);
      expect(await form.email.inputValue()).toBe('ann@invalid');
      expect(await form.name.getAttribute('aria-invalid')).toBeNull();

      // The summary links to the field; following it puts the cursor there.
      await page.locator('.error-summary').getByRole('link', { name: FIELD_MESSAGES.email }).click();
      expect((await focusedElement(page)).id).toBe('comment-email');

      // 3. Corrected: posted.
      await form.email.fill(`ann.${mode}@example.com`);
      await submit(page, 'posted', COMMUNICATION);
      expect(await page.locator('.error-summary').count()).toBe(0);
      expect(await page.locator(new URL(page.url()).hash).locator('.comment-content').innerText()).toBe(text);
      expect(await stillSamePage(page)).toBe(js);
    });

    it('replies to a comment and sees the reply nested under it', async () => {
      const slug = js ? COMMUNITY : STRATEGY;
      const parent = await seedComment(open, slug, { author: `Olu Parent ${mode}`, comment: 'Who else runs a seed library?' });
      await page.goto(`/articles/${slug}`);
      await page.getByRole('link', { name: `Reply to Olu Parent ${mode}` }).click();
      await page.waitForURL(`**/articles/${slug}?replytocom=${parent.id}#respond`);
      expect(await page.locator('.replying-to').innerText()).toMatch(new RegExp(`^Replying to Olu Parent ${mode}\\.`));

      const text = `We do, since last spring (${mode}).`;
      await fill(page, { comment: text, name: `Rhea ${mode}`, email: `rhea.${mode}@example.com` });
      await submit(page, 'posted', slug);
      const replyId = new URL(page.url()).hash;
      const nested = page.locator(`#comment-${parent.id} > .comment-children > li${replyId}`);
      expect(await nested.locator('.comment-content').innerText()).toBe(text);
      await page.goto(`/articles/${slug}`);
      expect(await page.locator(`#comment-${parent.id} > .comment-children > li${replyId} .comment-content`).innerText()).toBe(text);
    });

    it('finds the form filled in on another article after ticking "Save my name, email, and website", and not otherwise', async () => {
      const [first, second] = js ? [DATA, DIGITAL] : [ADVOCACY, TEAM];
      await page.goto(`/articles/${first}`);
      await fill(page, { comment: `Data helped us too (${mode}).`, name: `Sam ${mode}`, email: `sam.${mode}@example.com`, website: 'https://sam.example.org/' });
      await commentForm(page).remember.check();
      await submit(page, 'posted', first);

      await page.goto(`/articles/${second}`);
      const form = commentForm(page);
      expect(await form.name.inputValue()).toBe(`Sam ${mode}`);
      expect(await form.email.inputValue()).toBe(`sam.${mode}@example.com`);
      expect(await form.website.inputValue()).toBe('https://sam.example.org/');
      expect(await form.remember.isChecked()).toBe(true);
      expect(await form.comment.inputValue()).toBe('');

      // Another visitor who does not tick the box is not remembered.
      const other = await newContext(browser, open.url, { javaScriptEnabled: js });
      try {
        const otherPage = await other.newPage();
        await otherPage.goto(`/articles/${first}`);
        await fill(otherPage, { comment: `No cookie for me (${mode}).`, name: `Tao ${mode}`, email: `tao.${mode}@example.com` });
        await submit(otherPage, 'posted', first);
        await otherPage.goto(`/articles/${second}`);
        expect(await commentForm(otherPage).name.inputValue()).toBe('');
        expect(await commentForm(otherPage).email.inputValue()).toBe('');
      } finally {
        await other.close();
      }
    });

    it('sees a comment held for moderation marked "awaiting moderation", which nobody else sees', async () => {
      const author = await newContext(browser, held.url, { javaScriptEnabled: js });
      const stranger = await newContext(browser, held.url, { javaScriptEnabled: js });
      try {
        const page = await author.newPage();
        const text = `Please add opening hours to the post (${mode}).`;
        await page.goto(`/articles/${PARTNERSHIPS}`);
        await fill(page, { comment: text, name: `Hana ${mode}`, email: `hana.${mode}@example.com` });
        await submit(page, 'posted', PARTNERSHIPS);
        if (js) expect(await page.getByRole('status').innerText()).toBe('Thank you. Your comment is awaiting moderation.');
        const anchor = new URL(page.url()).hash;
        const mine = page.locator(anchor);
        expect(await mine.locator('.comment-awaiting').innerText()).toBe('Your comment is awaiting moderation.');
        expect(await mine.locator('.comment-content').innerText()).toBe(text);

        await page.reload();
        expect(await page.locator(anchor).locator('.comment-awaiting').innerText()).toBe('Your comment is awaiting moderation.');

        const other = await stranger.newPage();
        await other.goto(`/articles/${PARTNERSHIPS}`);
        expect(await other.locator('#comments').innerText()).not.toContain(text);
        expect(await other.locator(anchor).count()).toBe(0);
      } finally {
        await Promise.all([author.close(), stranger.close()]);
      }
    });
  });
});
