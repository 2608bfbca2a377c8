import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { memorySessionRevocations } from '../../src/http/session-revocations.js';
import { createLogger } from '../../src/logger.js';
import { createCommentService } from '../../src/comments/service.js';
import { TEST_SECRET, makeTestApp } from '../helpers/test-app.js';

describe('unknown paths', () => {
  it('answer a friendly 404 page with status 404', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/html');
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe('Page not found');
    expect($('a[href="/"]').length).toBeGreaterThan(0);
    expect($('form[action="/search"]').length).toBeGreaterThan(0);
  });

  it('answer JSON to clients that ask for it', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/articles/nope').set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it.each([
    '/../../etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/package.json',
    '/articles/..%2f..%2fpackage.json',
    '/articles/%2e%2e%2f%2e%2e%2fpackage.json',
    '/articles/gamma-bundle/..%2f..%2f..%2fpackage.json',
    '/articles/gamma-bundle/%2e%2e%5c%2e%2e%5cpackage.json',
    '/articles/gamma-bundle/..\\..\\package.json',
    '/css/..%2f..%2fpackage.json',
    '/css/%2e%2e/%2e%2e/package.json',
    '/..%5c..%5cpackage.json',
    '/articles/alpha%00.md',
    '/articles/alpha/%00',
    '/%00',
    '/articles/%E0%A4%A',
    '/content/alpha.md',
    '/views/pages/home.ejs',
    '/src/server.ts',
    '/package.json',
  ])('answers 404 to %s', async (path) => {
    const { app } = await makeTestApp();
    const res = await request(app).get(path);
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('"name": "inkwell"');
  });
});

describe('server errors', () => {
  it('answer a 500 page without a stack trace or file path', async () => {
    const { catalog, config, store } = await makeTestApp();
    const failing = {
      ...catalog,
      published: () => {
        throw new Error('boom at /srv/secret/src/content/catalog.ts:42');
      },
    };
    const now = () => new Date();
    const service = createCommentService(store, { ...config.comments, blocklist: [] }, TEST_SECRET, now);
    const app = createApp({ config, catalog: failing, comments: { store, service, changes: store.changes }, log: createLogger('silent'), now, secret: TEST_SECRET, sessionRevocations: memorySessionRevocations() });
    const res = await request(app).get('/');
    expect(res.status).toBe(500);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('Something went wrong');
    expect(res.text).not.toContain('boom');
    expect(res.text).not.toContain('/srv/secret');
    expect(res.text).not.toMatch(/at \w+ \(|\.ts:\d+/);
    const json = await request(app).get('/').set('Accept', 'application/json');
    expect(json.status).toBe(500);
    expect(JSON.stringify(json.body)).not.toContain('boom');
  });
});

describe('GET /healthz', () => {
  it('answers 200', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});
