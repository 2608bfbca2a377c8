import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../src/app.js';
import { openJsonFileStore } from '../../src/comments/json-file-store.js';
import { createCommentService } from '../../src/comments/service.js';
import { parseConfig } from '../../src/config.js';
import type { Article } from '../../src/content/article.js';
import { createCatalog } from '../../src/content/catalog.js';
import { fileSessionRevocations, sessionsFileFor } from '../../src/http/session-revocations.js';
import { createLogger } from '../../src/logger.js';
import { makeArticle } from '../helpers/articles.js';
import { TEST_SECRET } from '../helpers/test-app.js';

const WORDS = ('harbor river bridge tower island village garden forest ocean mountain morning evening winter summer ' +
  'bread coffee letter story journey signal socket packet protocol session cookie origin cache render stream buffer ' +
  'parse token route handler module package library framework compiler runtime thread queue stack schema record').split(' ');
const TAGS = ['travel', 'cooking', 'network', 'design', 'books', 'music'];

/** A seeded site big enough that its indexes take a few slices of the event loop to build. */
function corpus(count: number): Article[] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const topic = [pick(WORDS), pick(WORDS), pick(WORDS)];
    const paragraph = () => Array.from({ length: 60 }, () => (next() < 0.3 ? pick(topic) : pick(WORDS))).join(' ');
    return makeArticle({
      file: `post-${i}.md`,
      title: `${topic.join(' ')} ${i}`,
      date: `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      tags: [pick(TAGS), pick(TAGS)],
      body: `${paragraph()}\n\n## One\n\n${paragraph()}\n\n## Two\n\n${paragraph()}\n\n## Three\n\n${paragraph()}`,
    });
  });
}

const now = () => new Date('2026-06-01T12:00:00Z');
let dataDir: string;
let articles: Article[];
const servers: Server[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'blog-startup-'));
  articles = corpus(250);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => {
    s.closeAllConnections();
    s.close(r);
  })));
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

/**
 * Serves the articles as src/server.ts does, the catalog's indexes built at once or in the
 * background. Background slices wait until `release()`, so the test decides how long starting lasts.
 */
async function serve(name: string, indexInBackground: boolean) {
  const config = parseConfig({ NODE_ENV: 'test', SITE_URL: 'https://blog.example.org', COMMENTS_FILE: join(dataDir, name, 'comments.json') });
  let held: Array<() => void> | undefined = [];
  const indexSchedule = (slice: () => void) => (held ? held.push(slice) : setImmediate(slice));
  const release = () => {
    const slices = held ?? [];
    held = undefined;
    for (const slice of slices) setImmediate(slice);
  };
  const catalog = createCatalog(articles, { now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount, indexInBackground, indexSchedule });
  const store = await openJsonFileStore(config.comments.file);
  const service = createCommentService(store, { ...config.comments, blocklist: [] }, TEST_SECRET, now);
  const web = createWebApp({ config, catalog, comments: { store, service, changes: store.changes }, log: createLogger('silent'), now, secret: TEST_SECRET, sessionRevocations: fileSessionRevocations(sessionsFileFor(config.comments.file)) });
  const server = createServer(web.handle);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, catalog, release };
}

/** The article's inline "See also" links and its "Related articles", as a reader follows them. */
async function linksOn(base: string, slug: string) {
  const res = await fetch(`${base}/articles/${slug}`);
  expect(res.status).toBe(200);
  const $ = cheerio.load(await res.text());
  const hrefs = (selector: string) => $(selector).map((_, a) => $(a).attr('href')).get();
  return { seeAlso: hrefs('.see-also a'), related: hrefs('.related a') };
}

describe('a server whose indexes are still being built', () => {
  it('says "starting" on /healthz, answers other pages while an article waits for its links, then says "ok"', async () => {
    const ready = await serve('ready', false);
    const starting = await serve('starting', true);
    const slug = articles[42]!.slug;

    const early = await fetch(`${starting.base}/healthz`);
    expect(early.status).toBe(503);
    expect(early.headers.get('cache-control')).toBe('no-store');
    expect(await early.json()).toEqual({ status: 'starting' });

    const expected = await linksOn(ready.base, slug);
    expect(expected.seeAlso.length).toBeGreaterThan(0);
    expect(expected.related.length).toBeGreaterThan(0);
    // The article waits for the related index, built in the background; the home page does not.
    const article = linksOn(starting.base, slug);
    const home = await fetch(`${starting.base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`/articles/${starting.catalog.published()[0]!.slug}`);
    expect(starting.catalog.isReady()).toBe(false);
    starting.release();
    expect(await article).toEqual(expected);
    await starting.catalog.ready;
    const later = await fetch(`${starting.base}/healthz`);
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual({ status: 'ok', articles: 250 });
  });

  it('finds in a search made while starting what a ready server finds', async () => {
    const ready = await serve('ready-search', false);
    const starting = await serve('starting-search', true);
    const query = `${articles[7]!.title.split(' ')[0]} ${articles[7]!.title.split(' ')[1]}`;
    const results = async (base: string) => {
      const $ = cheerio.load(await (await fetch(`${base}/search?q=${encodeURIComponent(query)}`)).text());
      return $('main a[href^="/articles/"]').map((_, a) => $(a).attr('href')).get();
    };
    const expected = await results(ready.base);
    expect(expected.length).toBeGreaterThan(0);
    expect((await fetch(`${starting.base}/healthz`)).status).toBe(503);
    expect(await results(starting.base)).toEqual(expected);
  });
});
