import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT_MS, newContext, runBrowserTests, useSiteAndPage } from './helpers/browser.js';
import { ADMIN_PASSWORD, COMMUNITY, DATA, PARTNERSHIPS, SESSION_SECRET, STRATEGY, logInAsModerator, seedComment, type Site } from './helpers/site.js';

/** The row of the moderator's table for one comment. */
const row = (page: Page, id: string) => page.locator(`#admin-comment-${id}`);

/** Opens one tab of the comment list by its link, as a moderator does. */
async function openTab(page: Page, label: 'Pending' | 'Approved' | 'Spam' | 'Trash'): Promise<void> {
  await page.getByRole('navigation', { name: 'Comment status' }).getByRole('link', { name: new RegExp(`^${label} \\(\\d+\\)$`) }).click();
  await page.waitForURL(`**/admin/comments?status=${label.toLowerCase()}`);
}

describe.runIf(runBrowserTests)('a moderator at /admin/comments', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  let site: Site;
  let browser: Browser;
  let page: Page;
  // Every comment is held, so each one starts in the Pending tab.
  useSiteAndPage({ ADMIN_PASSWORD, SESSION_SECRET, COMMENT_MODERATION: 'all' }, (current) => ({ site, browser, page } = current));

  it('is refused with a wrong password, logs in with the right one and logs out again', async () => {
    await page.goto('/admin/comments');
    await page.waitForURL('**/admin/login');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('That password is not correct.');

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/admin/comments');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Comments');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/admin/login');
    await page.goto('/admin/comments');
    await page.waitForURL('**/admin/login');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Moderator login');
  });

  it('approves a held comment, which then appears on its article', async () => {
    const text = 'The community garden partnership doubled our visitors.';
    const held = await seedComment(site, PARTNERSHIPS, { author: 'Aiko Held', comment: text });
    expect(held.awaitingModeration).toBe(true);
    await page.goto(`/articles/${PARTNERSHIPS}`);
    expect(await page.locator('#comments').innerText()).not.toContain(text);

    await logInAsModerator(page);
    expect(await row(page, held.id).innerText()).toContain(text);
    await row(page, held.id).getByRole('button', { name: 'Approve (comment by Aiko Held)' }).click();
    await page.waitForURL('**/admin/comments?status=pending&done=approve&count=1');
    expect(await page.getByRole('status').innerText()).toBe('1 comment approved.');
    expect(await row(page, held.id).count()).toBe(0);
    await openTab(page, 'Approved');
    expect(await row(page, held.id).innerText()).toContain(text);

    // Follow the row's link to the article, where every visitor now sees the comment.
    await row(page, held.id).getByRole('link', { name: /Unlocking Success: The Role of Partnerships/ }).click();
    await page.waitForURL(`**/articles/${PARTNERSHIPS}#comment-${held.id}`);
    const published = page.locator(`#comment-${held.id}`);
    expect(await published.locator('.comment-content').innerText()).toBe(text);
    expect(await published.locator('.comment-awaiting').count()).toBe(0);
    const visitor = await newContext(browser, site.url);
    try {
      const visitorPage = await visitor.newPage();
      await visitorPage.goto(`/articles/${PARTNERSHIPS}`);
      expect(await visitorPage.locator(`#comment-${held.id} .comment-content`).innerText()).toBe(text);
    } finally {
      await visitor.close();
    }
  });

  it('marks a comment as spam, which moves it to the Spam tab and keeps it off the article', async () => {
    const text = 'Cheap watches at watches.example.com, best prices.';
    const spam = await seedComment(site, COMMUNITY, { author: 'Watch Seller', comment: text });
    await logInAsModerator(page);
    await row(page, spam.id).getByRole('button', { name: 'Mark as spam (comment by Watch Seller)' }).click();
    await page.waitForURL('**/admin/comments?status=pending&done=spam&count=1');
    expect(await page.getByRole('status').innerText()).toBe('1 comment marked as spam.');
    expect(await row(page, spam.id).count()).toBe(0);
    await openTab(page, 'Spam');
    expect(await row(page, spam.id).innerText()).toContain(text);
    // In the Spam tab it can only be restored or deleted.
    expect(await row(page, spam.id).getByRole('button').allTextContents()).toEqual([
      'Restore (comment by Watch Seller)', 'Delete for ever (comment by Watch Seller)',
    ]);
    await page.goto(`/articles/${COMMUNITY}`);
    expect(await page.locator('#comments').innerText()).not.toContain(text);
  });

  it('moves every ticked comment to the trash with one bulk action, and leaves the others alone', async () => {
    const [a, b, keep] = [
      await seedComment(site, STRATEGY, { author: 'Bulk One', comment: 'First comment for the bulk action.' }),
      await seedComment(site, DATA, { author: 'Bulk Two', comment: 'Second comment for the bulk action.' }),
      await seedComment(site, DATA, { author: 'Bulk Keep', comment: 'This one is not ticked.' }),
    ];
    await logInAsModerator(page);
    await page.getByRole('checkbox', { name: 'Select the comment by Bulk One' }).check();
    await page.getByRole('checkbox', { name: 'Select the comment by Bulk Two' }).check();
    await page.getByLabel('With the selected comments').selectOption({ label: 'Move to trash' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**/admin/comments?status=pending&done=trash&count=2');
    expect(await page.getByRole('status').innerText()).toBe('2 comments moved to the trash.');
    expect(await row(page, a.id).count()).toBe(0);
    expect(await row(page, b.id).count()).toBe(0);
    expect(await row(page, keep.id).count()).toBe(1);

    await openTab(page, 'Trash');
    expect(await row(page, a.id).count()).toBe(1);
    expect(await row(page, b.id).count()).toBe(1);
    expect(await row(page, keep.id).count()).toBe(0);
  });
});
