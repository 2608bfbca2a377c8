import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { idFromLocation, postComment, validComment } from '../helpers/comments.js';
import { listen } from '../helpers/listen.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

// The store checks for other processes' changes every quarter of a second; the rest is margin for a
// loaded machine. Before the fix a cached page never changed (until some uncached request came).
const DEADLINE_MS = 3000;

const dirs: string[] = [];
afterEach(async () => {
  // The apps' stores stay open and may still be catching up with each other's writes (a lock file
  // comes and goes): retry a removal that finds the folder refilled.
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

/** The comments shown on the page, sorted: both apps' clocks are fixed, so comments can share a date. */
async function commentTexts(port: number): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/articles/alpha`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  const $ = cheerio.load(await res.text());
  return $('.comment-content').map((_, el) => $(el).text().trim()).get().sort();
}

/** Loads the page twice, so it is in the page cache (the second answer comes from it), and returns its comments. */
async function cachedTexts(port: number, t: TestApp): Promise<string[]> {
  await commentTexts(port);
  const hits = t.web.pageCache.hits();
  const texts = await commentTexts(port);
  expect(t.web.pageCache.hits()).toBe(hits + 1);
  return texts;
}

/** Reloads the page, as a reader would, until it shows what is expected or the deadline passes. */
async function untilShown(port: number, expected: readonly string[]): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  let texts = await commentTexts(port);
  const wanted = [...expected].sort();
  while (JSON.stringify(texts) !== JSON.stringify(wanted) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    texts = await commentTexts(port);
  }
  expect(texts).toEqual(wanted);
}

/** Two apps on one comments file: the reader served over HTTP with its page cache, the writer driven directly. */
async function twoServers() {
  const dir = mkdtempSync(join(tmpdir(), 'two-servers-cache-'));
  dirs.push(dir);
  const env = { COMMENTS_FILE: join(dir, 'comments.json'), COMMENT_RATE_LIMIT: '0' };
  const reader = await makeTestApp({ env });
  const writer = await makeTestApp({ env });
  return { reader, writer, port: await listen(reader) };
}

describe('two servers on one comments file, each answering from its page cache', () => {
  it('shows on the cached page of one, within about a second, what the other posts, moderates, deletes and erases', async () => {
    const { reader, writer, port } = await twoServers();
    const other = request.agent(writer.app);
    const first = 'Posted on the other server.';
    const second = 'A second comment from the other server.';

    expect(await cachedTexts(port, reader)).toEqual([]);
    const posted = await postComment(other, 'alpha', validComment({ author: 'Ann Other', email: 'ann.other@example.com', comment: first }));
    expect(posted.status).toBe(303);
    const id = idFromLocation(posted.headers.location)!;
    await untilShown(port, [first]);

    expect(await cachedTexts(port, reader)).toEqual([first]);
    await writer.store.setStatus([id], 'spam', 'Marked as spam by a moderator.');
    await untilShown(port, []);

    expect(await cachedTexts(port, reader)).toEqual([]);
    await writer.store.setStatus([id], 'approved', null);
    await untilShown(port, [first]);

    const again = await postComment(other, 'alpha', validComment({ author: 'Bo Other', email: 'bo.other@example.com', comment: second }));
    expect(again.status).toBe(303);
    await untilShown(port, [first, second]);

    expect(await cachedTexts(port, reader)).toEqual([first, second].sort());
    expect(await writer.store.remove([id])).toBe(1);
    await untilShown(port, [second]);

    expect(await cachedTexts(port, reader)).toEqual([second]);
    expect(await writer.store.eraseByEmail('bo.other@example.com')).toBe(1);
    await untilShown(port, []);
  });

  it('shows what the other posted on the first look after a pause, with no request in between', async () => {
    const { reader, writer, port } = await twoServers();
    expect(await cachedTexts(port, reader)).toEqual([]);
    const posted = await postComment(request.agent(writer.app), 'alpha', validComment({ comment: 'Posted during the pause.' }));
    expect(posted.status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS));
    expect(await commentTexts(port)).toEqual(['Posted during the pause.']);
  });
});
