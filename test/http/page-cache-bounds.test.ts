import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../helpers/listen.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const MiB = 1024 * 1024;
const agents: Agent[] = [];
afterEach(async () => {
  agents.splice(0).forEach((a) => a.destroy());
});

/** A raw GET on 127.0.0.1: bytes exactly as sent, all headers. */
function get(port: number, path: string, headers: Record<string, string> = {}, agent: Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A full collection, so heap figures show what is still reachable rather than garbage not yet swept. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();
  gc();
  gc();
}

/** Runs `count` requests, `width` at a time over keep-alive connections, checking `each` after every answer. */
async function flood(port: number, count: number, request: (i: number) => { path: string; headers: Record<string, string> }, each: (a: Answer) => void) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  agents.push(agent);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const { path, headers } = request(next++);
      each(await get(port, path, headers, agent));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const random = () => Math.random().toString(36).slice(2);
const comparable = ({ date: _date, connection: _c, 'keep-alive': _k, ...rest }: IncomingHttpHeaders) => rest;

describe('the page cache stays within PAGE_CACHE_MB', () => {
  it('keeps its accounted bytes, its entries and the heap bounded under a flood of distinct keys', async () => {
    const t = await makeTestApp({ env: { PAGE_CACHE_MB: '1' } });
    const port = await listen(t);
    const etag = String((await get(port, '/articles/alpha')).headers.etag);
    const robotsTag = String((await get(port, '/robots.txt')).headers.etag);
    await get(port, '/search?q=warm'); // builds the search index, which is not the cache's memory
    const cap = 1 * MiB;
    let largest = 0;
    const watch = (expected: number) => (answer: Answer) => {
      expect(answer.status).toBe(expected);
      largest = Math.max(largest, t.web.pageCache.bytes());
    };
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;

    // 304s for URLs padded with random query strings and a 12 KB Accept header: free on the old code.
    await flood(port, 3000, (i) => ({
      path: `/robots.txt?${i}-${random()}${'p'.repeat(1500)}`,
      headers: { accept: `text/plain, ${random()}${'a'.repeat(12_000)}`, 'if-none-match': robotsTag },
    }), watch(304));
    // Short, ordinary-looking keys the cache may keep: 304s varied by Accept, and full search pages.
    await flood(port, 500, () => ({
      path: '/articles/alpha',
      headers: { accept: `text/html, application/x-${random()}`, 'if-none-match': etag },
    }), watch(304));
    await flood(port, 150, () => ({ path: `/search?q=${random()}`, headers: {} }), watch(200));

    collectGarbage();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(growth).toBeLessThan(20 * MiB);
    expect(t.web.pageCache.size()).toBeGreaterThan(0);
    expect(t.web.pageCache.size()).toBeLessThan(1000);
    expect(largest).toBeLessThanOrEqual(cap);
    expect(t.web.pageCache.bytes()).toBeLessThanOrEqual(cap);

    // Still a working cache afterwards: a page is kept and answered again.
    await get(port, '/articles/beta');
    const hits = t.web.pageCache.hits();
    expect((await get(port, '/articles/beta')).status).toBe(200);
    expect(t.web.pageCache.hits()).toBe(hits + 1);
  }, 90_000); // a few seconds alone; the limit leaves room for a busy machine

  it('counts what a kept 304 costs, not only its (empty) body', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    const etag = String((await get(port, '/articles/alpha', { accept: 'text/html' })).headers.etag);
    const before = t.web.pageCache.bytes();
    const answer = await get(port, '/articles/alpha', { 'if-none-match': etag });
    expect(answer.status).toBe(304);
    const headerChars = Object.entries(answer.headers).reduce((n, [name, value]) => n + name.length + String(value).length, 0);
    expect(t.web.pageCache.bytes() - before).toBeGreaterThan(headerChars);
  });

  it('with PAGE_CACHE_MB=0 answers every request through the app, pages and 304s alike', async () => {
    const t = await makeTestApp({ env: { PAGE_CACHE_MB: '0' } });
    const port = await listen(t);
    const first = await get(port, '/articles/alpha');
    const second = await get(port, '/articles/alpha');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.equals(first.body)).toBe(true);
    const etag = String(first.headers.etag);
    for (let i = 0; i < 3; i++) expect((await get(port, '/articles/alpha', { 'if-none-match': etag })).status).toBe(304);
    expect(t.web.pageCache.hits()).toBe(0);
    expect(t.web.pageCache.size()).toBe(0);
    expect(t.web.pageCache.bytes()).toBe(0);
  });

  it.each([
    ['a parameter the page does not read', '/articles/alpha?utm_source=mail', '/articles/alpha'],
    ['a declared parameter given twice', '/search?q=garden&q=garden', null],
    ['an empty pair', '/?&page=1', '/?page=1'],
    ['a parameter on a page that reads none', '/tags?page=1', '/tags'],
  ])('answers a URL with %s correctly but never stores it', async (_what, path, samePageAs) => {
    const t = await makeTestApp();
    const port = await listen(t);
    const viaApp = await get(port, path);
    const again = await get(port, path);
    expect(viaApp.status).toBe(200);
    expect(again.body.equals(viaApp.body)).toBe(true);
    expect(t.web.pageCache.hits()).toBe(0);
    expect(t.web.pageCache.size()).toBe(0);
    if (samePageAs) expect((await get(port, samePageAs)).body.equals(viaApp.body)).toBe(true);
  });

  it('keeps pages under the query parameters they declare, and not under one more', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    for (const path of ['/?page=1', '/tags/gardens?page=1', '/search?q=garden&page=1', '/articles/alpha?replytocom=nothing']) {
      const headers = { 'accept-encoding': 'gzip' };
      const hits = t.web.pageCache.hits();
      const tagged = [await get(port, `${path}&utm_source=mail`, headers), await get(port, `${path}&utm_source=mail`, headers)];
      expect(t.web.pageCache.hits()).toBe(hits);
      const viaApp = await get(port, path, headers);
      const viaCache = await get(port, path, headers);
      expect(t.web.pageCache.hits()).toBe(hits + 1);
      expect(viaCache.status).toBe(200);
      expect(comparable(viaCache.headers)).toEqual(comparable(viaApp.headers));
      expect(viaCache.body.equals(viaApp.body)).toBe(true);
      for (const answer of tagged) expect(answer.body.equals(viaApp.body)).toBe(true);
    }
  });

  it('answers requests with very long URLs or Accept headers correctly without storing them', async () => {
    const t = await makeTestApp();
    const port = await listen(t);
    const cases: Array<[string, Record<string, string>]> = [
      [`/search?q=${'garden+'.repeat(400)}`, {}],
      ['/articles/alpha', { accept: `text/html, ${'x/y, '.repeat(600)}` }],
      ['/articles/alpha', { 'accept-encoding': `gzip, ${'x, '.repeat(900)}` }],
    ];
    for (const [path, headers] of cases) {
      const first = await get(port, path, headers);
      const second = await get(port, path, headers);
      expect(first.status).toBe(200);
      expect(second.body.equals(first.body)).toBe(true);
    }
    expect(t.web.pageCache.hits()).toBe(0);
    expect(t.web.pageCache.size()).toBe(0);
  });
});
