import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

describe('security headers', () => {
  it.each(['/', '/articles/alpha', '/no-such-page'])('are sent on %s', async (path) => {
    const { app } = await makeTestApp();
    const res = await request(app).get(path);
    const csp = res.headers['content-security-policy'] as string;
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('pages need no inline script: every script is JSON-LD data or from this site', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    $('script').each((_, s) => {
      const el = $(s);
      expect(el.attr('type') === 'application/ld+json' || (el.attr('src') ?? '').startsWith('/')).toBe(true);
    });
    expect($('[style]').length).toBe(0);
    expect($('*').filter((_, e) => Object.keys((e as unknown as { attribs: object }).attribs ?? {}).some((a) => a.startsWith('on'))).length).toBe(0);
  });
});

describe('caching', () => {
  it('pages carry an ETag and answer 304 to If-None-Match', async () => {
    const { app } = await makeTestApp();
    const first = await request(app).get('/articles/alpha');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const again = await request(app).get('/articles/alpha').set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('HEAD answers like GET without a body', async () => {
    const { app } = await makeTestApp();
    const get = await request(app).get('/articles/alpha');
    const head = await request(app).head('/articles/alpha');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.text ?? '').toBe('');
    expect((await request(app).head('/nope')).status).toBe(404);
  });

  it('serves stylesheets under fingerprinted names, cached for a year, compressed', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/')).text);
    const href = $('link[rel=stylesheet]').attr('href') ?? '';
    expect(href).toMatch(/^\/css\/site\.[0-9a-f]{10}\.css$/);
    const css = await request(app).get(href).set('Accept-Encoding', 'gzip');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await request(app).get('/css/site.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=3600');
    expect((await request(app).get(href).set('If-None-Match', css.headers.etag as string)).status).toBe(304);
  });

  it('compresses pages for clients that accept gzip', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/articles/alpha').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toContain('Alpha: Planning the Reading Garden');
  });
});
