import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createWebApp, type WebApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createCatalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { openJsonFileStore } from '../../src/comments/json-file-store.js';
import { createCommentService } from '../../src/comments/service.js';
import { createLiveReload } from '../../src/http/live-reload.js';
import { fileSessionRevocations, sessionsFileFor } from '../../src/http/session-revocations.js';
import { createLogger } from '../../src/logger.js';
import type { LogLevel } from '../../src/config.js';
import { SITE_FIXTURES, TEST_SECRET } from '../helpers/test-app.js';

type Line = Record<string, unknown>;

/** The real app on the fixture site, logging JSON lines into `lines` instead of stdout. */
async function appWithLog(options: { level?: LogLevel; env?: Record<string, string>; liveReload?: boolean } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'blog-access-log-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig({
    NODE_ENV: 'test', SITE_URL: 'https://blog.example.org', CONTENT_DIR: SITE_FIXTURES, COMMENTS_FILE: join(dataDir, 'comments.json'), ...options.env,
  });
  const lines: Line[] = [];
  const log = createLogger(options.level ?? 'info', { write: (text: string) => void lines.push(JSON.parse(text) as Line) });
  const now = () => new Date('2026-06-01T12:00:00Z');
  const loaded = await loadArticles(config.contentDir, createMarkdownRenderer());
  const catalog = createCatalog(loaded.articles, { now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount });
  const store = await openJsonFileStore(config.comments.file);
  const service = createCommentService(store, { ...config.comments, blocklist: [] }, TEST_SECRET, now);
  const web = createWebApp({
    config, catalog, comments: { store, service, changes: store.changes }, log, now, secret: TEST_SECRET,
    sessionRevocations: fileSessionRevocations(sessionsFileFor(config.comments.file)),
    ...(options.liveReload ? { liveReload: createLiveReload() } : {}),
  });
  const requestLines = () => lines.filter((l) => l.msg === 'request');
  return { web, log, lines, requestLines };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => {
    s.closeAllConnections();
    s.close(r);
  })));
});

/** Serves the way src/server.ts does: the page cache's listener in front of Express. */
async function listen(web: WebApp): Promise<number> {
  const server = createServer(web.handle);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A raw GET: the body exactly as it went over the wire (no decompression). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Access lines are written when the response finishes, which can be just after the client has it. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
}

const LINE_KEYS = ['bytes', 'level', 'method', 'ms', 'msg', 'path', 'status', 'time'];

describe('access lines from the app', () => {
  it('log one line per request with method, path and query, status, bytes and ms, and nothing else', async () => {
    const { web, requestLines } = await appWithLog();
    const res = await request(web.app).get('/search?q=garden')
      .set('Cookie', 'comment_author=Ann; admin_session=s3cr3t-cookie').set('User-Agent', 'agent-under-test').set('Referer', 'https://ref.example/')
      .set('Accept-Encoding', 'identity');
    await settle();
    expect(res.status).toBe(200);
    expect(requestLines()).toHaveLength(1);
    const line = requestLines()[0]!;
    expect(Object.keys(line).sort()).toEqual(LINE_KEYS);
    expect(line).toMatchObject({ level: 30, msg: 'request', method: 'GET', path: '/search?q=garden', status: 200, bytes: Buffer.byteLength(res.text) });
    expect(line.ms).toBeGreaterThan(0);
    expect(String(line.ms)).toMatch(/^\d+(\.\d{1,2})?$/);
    const text = JSON.stringify(line);
    for (const secret of ['s3cr3t-cookie', 'agent-under-test', 'ref.example', 'cookie', 'headers']) expect(text).not.toContain(secret);
  });

  it('log the status of answers that are not 200, and no body bytes for HEAD', async () => {
    const { web, requestLines } = await appWithLog();
    await request(web.app).get('/no/such/page');
    await request(web.app).head('/articles/alpha');
    await settle();
    expect(requestLines().map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/no/such/page', status: 404 },
      { method: 'HEAD', path: '/articles/alpha', status: 200 },
    ]);
    expect(requestLines()[0]!.bytes).toBeGreaterThan(0);
    expect(requestLines()[1]!.bytes).toBe(0);
  });

  it('do not log health checks', async () => {
    const { web, requestLines } = await appWithLog();
    expect((await request(web.app).get('/healthz')).status).toBe(200);
    await request(web.app).get('/articles/alpha');
    await settle();
    expect(requestLines().map((l) => l.path)).toEqual(['/articles/alpha']);
  });

  it('count the compressed bytes that went out, not the page before compression', async () => {
    const { web, requestLines } = await appWithLog({ env: { PAGE_CACHE_MB: '0' } });
    const port = await listen(web);
    const plain = await get(port, '/articles/alpha');
    const gzipped = await get(port, '/articles/alpha', { 'accept-encoding': 'gzip' });
    await settle();
    expect(gzipped.body.length).toBeLessThan(plain.body.length);
    expect(requestLines().map((l) => l.bytes)).toEqual([plain.body.length, gzipped.body.length]);
  });

  it('mark a response whose client went away before its end as aborted', async () => {
    const { web, requestLines } = await appWithLog({ liveReload: true });
    const port = await listen(web);
    await new Promise<void>((resolve, reject) => {
      // The live-reload stream stays open until the browser leaves.
      const req = httpRequest({ host: '127.0.0.1', port, path: '/__live-reload', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end();
    });
    await expect.poll(() => requestLines().length).toBe(1);
    const line = requestLines()[0]!;
    expect(line).toMatchObject({ method: 'GET', path: '/__live-reload', status: 200, aborted: true });
    expect(line.bytes).toBeGreaterThan(0);
    expect(line).not.toHaveProperty('cached');
  });
});

describe('access lines for pages from the page cache', () => {
  it('have the same shape as the app\'s, with cached: true and the same bytes', async () => {
    const { web, requestLines } = await appWithLog();
    const port = await listen(web);
    for (const headers of [{}, { 'accept-encoding': 'gzip, deflate, br' }]) {
      const first = await get(port, '/?page=1', headers);
      const hits = web.pageCache.hits();
      const second = await get(port, '/?page=1', headers);
      expect(web.pageCache.hits()).toBe(hits + 1);
      expect(second.body.equals(first.body)).toBe(true);
    }
    await settle();
    const lines = requestLines();
    expect(lines).toHaveLength(4);
    const [appPlain, cachedPlain, appGzip, cachedGzip] = lines;
    expect(Object.keys(appPlain!).sort()).toEqual(LINE_KEYS);
    expect(Object.keys(cachedPlain!).sort()).toEqual([...LINE_KEYS, 'cached'].sort());
    expect(cachedPlain).toMatchObject({ method: 'GET', path: '/?page=1', status: appPlain!.status, bytes: appPlain!.bytes, cached: true });
    expect(cachedGzip).toMatchObject({ bytes: appGzip!.bytes, cached: true });
    expect(appGzip!.bytes).toBeLessThan(appPlain!.bytes as number);
  });
});

describe('turning access lines off', () => {
  it.each([['ACCESS_LOG=0', 'info', { ACCESS_LOG: '0' }], ['ACCESS_LOG=off', 'info', { ACCESS_LOG: 'off' }], ['LOG_LEVEL=warn', 'warn', {}]] as const)(
    '%s logs no request, from the app or from the cache, and keeps other logs',
    async (_name, level, env) => {
      const { web, log, lines } = await appWithLog({ level, env });
      const port = await listen(web);
      await get(port, '/articles/alpha');
      await get(port, '/articles/alpha');
      await request(web.app).get('/no/such/page');
      await settle();
      expect(web.pageCache.hits()).toBe(1);
      expect(lines.filter((l) => l.msg === 'request')).toEqual([]);
      // Other logs are unaffected.
      log.warn('the comments file is large');
      expect(lines.map((l) => l.msg)).toEqual(['the comments file is large']);
    },
  );
});
