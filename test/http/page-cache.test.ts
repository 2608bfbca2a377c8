import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/content/build-article.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { postComment, validComment } from '../helpers/comments.js';
import { listen } from '../helpers/listen.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A raw GET: bytes exactly as sent (no decompression), all headers. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const comparable = ({ date: _date, connection: _c, 'keep-alive': _k, ...rest }: IncomingHttpHeaders) => rest;

const PATHS = [
  '/', '/?page=1', '/articles/alpha', '/articles/gamma-bundle', '/articles/gamma-bundle/garden.svg', '/tags', '/tags/gardens',
  '/search?q=garden', '/feed.xml', '/atom.xml', '/sitemap.xml', '/robots.txt', '/comments/feed.xml', '/articles/alpha/comments/feed.xml',
];
const VARIANTS: Array<Record<string, string>> = [{}, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'gzip, deflate, br' }, { accept: 'text/html' }];

describe('the page cache', () => {
  it.each(PATHS)('answers %s from the cache exactly as the app does: status, headers and bytes', async (path) => {
    const t = await makeTestApp();
    const port = await listen(t);
    for (const headers of VARIANTS) {
      const viaApp = await get(port, path, headers);
      const hitsBefore = t.web.pageCache.hits();
      const viaCache = await get(port, path, headers);
      expect(t.web.pageCache.hits()).toBe(hitsBefore + 1);
      expect(viaCache.status).toBe(viaApp.status);
      expect(comparable(viaCache.headers)).toEqual(comparable(viaApp.headers));
      expect(viaCache.body.equals(viaApp.body)).toBe(true);
    }
  });

  it('answers If-None-Match with the same 304 as the app', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    const page = await get(port, '/articles/alpha');
    const etag = String(page.headers.etag);
    const viaApp = await get(port, '/articles/alpha', { 'if-none-match': etag });
    const hits = t.web.pageCache.hits();
    const viaCache = await get(port, '/articles/alpha', { 'if-none-match': etag });
    expect(t.web.pageCache.hits()).toBe(hits + 1);
    expect(viaApp.status).toBe(304);
    expect(viaCache.status).toBe(304);
    expect(comparable(viaCache.headers)).toEqual(comparable(viaApp.headers));
    expect(viaCache.body.length).toBe(0);
    // A stale or different validator (an older version's, another server's) gets the full page as
    // the app sends it, from the cache too; one that might match in a list or as `*` goes to the app.
    const hitsBefore = t.web.pageCache.hits();
    const other = await get(port, '/articles/alpha', { 'if-none-match': '"something-else"' });
    expect(t.web.pageCache.hits()).toBe(hitsBefore + 1);
    expect(other.status).toBe(200);
    expect(comparable(other.headers)).toEqual(comparable(page.headers));
    expect(other.body.equals(page.body)).toBe(true);
    for (const validator of ['*', `"older", ${etag}`, `W/${etag}`]) {
      const viaApp = await get(port, '/articles/alpha', { 'if-none-match': validator });
      expect(viaApp.status).toBe(304);
    }
    expect(t.web.pageCache.hits()).toBe(hitsBefore + 1);
  });

  it('shows a new comment at once, and keeps other articles cached', async () => {
    const t = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const port = await listen(t);
    await get(port, '/articles/alpha');
    await get(port, '/articles/beta');
    await postComment(request.agent(t.app), 'alpha', validComment({ comment: 'Fresh words' }));
    const hits = t.web.pageCache.hits();
    expect((await get(port, '/articles/alpha')).body.toString()).toContain('Fresh words');
    expect(t.web.pageCache.hits()).toBe(hits);
    await get(port, '/articles/beta');
    expect(t.web.pageCache.hits()).toBe(hits + 1);
  });

  it('answers a client that only ever revalidates from the cache, until the page changes', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    // The ETag comes from another variant, so the 200 this client would get is never cached.
    const etag = String((await get(port, '/articles/beta', { accept: 'text/html' })).headers.etag);
    const conditional = { 'if-none-match': etag };
    const viaApp = await get(port, '/articles/beta', conditional);
    const hits = t.web.pageCache.hits();
    const viaCache = await get(port, '/articles/beta', conditional);
    expect(t.web.pageCache.hits()).toBe(hits + 1);
    expect([viaApp.status, viaCache.status]).toEqual([304, 304]);
    expect(comparable(viaCache.headers)).toEqual(comparable(viaApp.headers));

    const beta = t.catalog.getAny('beta')!;
    const raw = `---\ntitle: "Beta, revised"\ndate: 2026-05-10\ntags: [volunteers, gardens]\n---\n\nRevised text.\n`;
    const built = buildArticle({ file: beta.file, raw, assets: new Map() }, createMarkdownRenderer());
    if (!built.ok) throw new Error('fixture does not build');
    t.catalog.upsert(built.article);
    const changed = await get(port, '/articles/beta', conditional);
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toContain('Beta, revised');
  });

  it('changes when an article changes, and when a scheduled article goes live', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    const before = await get(port, '/articles/beta');
    await get(port, '/articles/beta');
    const beta = t.catalog.getAny('beta')!;
    const raw = `---\ntitle: "Beta, revised"\ndate: 2026-05-10\ntags: [volunteers, gardens]\n---\n\nRevised text.\n`;
    const built = buildArticle({ file: beta.file, raw, assets: new Map() }, createMarkdownRenderer());
    if (!built.ok) throw new Error('fixture does not build');
    t.catalog.upsert(built.article);
    const after = await get(port, '/articles/beta');
    expect(after.body.toString()).toContain('Beta, revised');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await get(port, '/');
    t.clock.set('2026-07-01T00:00:00Z');
    expect((await get(port, '/')).body.toString()).toContain('Scheduled Garden Festival');
  });

  it('never serves a personal page: saved details, own held comments and moderator sessions go to the app', async () => {
    const t = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const port = await listen(t);
    await get(port, '/articles/alpha');
    await get(port, '/articles/alpha');
    const hits = t.web.pageCache.hits();
    for (const cookie of ['comment_author=x', 'commenter=y', 'admin_session=z', 'theme=dark; commenter=y']) {
      await get(port, '/articles/alpha', { cookie });
    }
    expect(t.web.pageCache.hits()).toBe(hits);
  });

  it('leaves HEAD, range and other conditional requests to the app', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    await get(port, '/articles/alpha');
    const hits = t.web.pageCache.hits();
    await get(port, '/articles/alpha', { 'if-modified-since': new Date().toUTCString() });
    await get(port, '/articles/alpha', { range: 'bytes=0-10' });
    await get(port, '/articles/alpha', { 'cache-control': 'no-cache', 'if-none-match': 'x' });
    expect(t.web.pageCache.hits()).toBe(hits);
  });

  it('does not cache error pages', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    await get(port, '/nope');
    await get(port, '/nope');
    expect(t.web.pageCache.hits()).toBe(0);
  });
});
