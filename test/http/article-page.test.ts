import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

describe('GET /articles/:slug', () => {
  it('shows one h1 with the title, the date in <time datetime>, author, reading time and tag links', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/articles/alpha');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    expect($('h1').length).toBe(1);
    expect($('h1').text()).toBe('Alpha: Planning the Reading Garden');
    expect($('.post-header time').attr('datetime')).toBe('2026-05-20');
    expect($('.post-header time').text()).toBe('May 20, 2026');
    expect($('.post-header .author').text()).toBe('Ada Reader');
    expect($('.post-header .meta').text()).toMatch(/\d+ min read/);
    expect($('.post-header .tag-list a').map((_, a) => [[$(a).text(), $(a).attr('href')]]).get())
      .toEqual([['gardens', '/tags/gardens'], ['volunteers', '/tags/volunteers']]);
  });

  it('renders the body with heading ids, and a GFM table inside a scroll box', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/beta')).text);
    expect($('.post-body h2#rota').text()).toBe('Rota');
    expect($('.post-body .table-scroll table th').map((_, th) => $(th).text()).get()).toEqual(['Day', 'Volunteer', 'Task']);
    expect($('.post-body td').first().text()).toBe('Monday');
  });

  it('places the "See also" links inside the body, the named one first', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    const inline = $('.post-body .see-also');
    expect(inline.length).toBe(2);
    expect(inline.first().find('a').attr('href')).toBe('/articles/beta');
    expect(inline.first().text().replace(/\s+/g, ' ')).toBe('See also Beta: Volunteers in the Garden');
    // between sections: followed by a section heading, not at the very end
    expect(inline.first().next().is('h2')).toBe(true);
    expect(inline.last().next().is('h2')).toBe(true);
  });

  it('shows "Related articles" without repeating the inline links or the article itself', async () => {
    const { app } = await makeTestApp({ env: { SEE_ALSO_COUNT: '1' } });
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    const inline = $('.post-body .see-also a').map((_, a) => $(a).attr('href')).get();
    const related = $('.related a').map((_, a) => $(a).attr('href')).get();
    expect(inline).toEqual(['/articles/beta']);
    expect(related.length).toBeGreaterThan(0);
    expect(related).not.toContain('/articles/beta');
    expect(related).not.toContain('/articles/alpha');
  });

  it('never links a draft or a future article', async () => {
    const { app } = await makeTestApp({ env: { SEE_ALSO_COUNT: '5', RELATED_COUNT: '10' } });
    for (const slug of ['alpha', 'beta', 'gamma-bundle']) {
      const text = (await request(app).get(`/articles/${slug}`)).text;
      expect(text).not.toContain('/articles/secret-draft');
      expect(text).not.toContain('/articles/scheduled');
    }
  });

  it('links the previous and next articles by date', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/beta')).text);
    expect($('.post-nav a[rel=next]').attr('href')).toBe('/articles/alpha');
    expect($('.post-nav a[rel=prev]').attr('href')).toBe('/articles/gamma-bundle');
  });

  it('has a "Scroll to Top" link that works without JavaScript', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    const link = $('a').filter((_, a) => $(a).text() === 'Scroll to Top');
    expect(link.attr('href')).toBe('#top');
    // the target exists and can take focus, so keyboard focus moves to the top with the scroll
    expect($('#top').length).toBe(1);
    expect($('#top').attr('tabindex')).toBe('-1');
  });

  it('carries a canonical link, Open Graph and Twitter meta, and BlogPosting JSON-LD with absolute URLs', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/gamma-bundle')).text);
    expect($('link[rel=canonical]').attr('href')).toBe('https://blog.example.org/articles/gamma-bundle');
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[property="og:title"]').attr('content')).toBe('Gamma: A Picture of the Garden');
    expect($('meta[property="og:url"]').attr('content')).toBe('https://blog.example.org/articles/gamma-bundle');
    expect($('meta[property="og:image"]').attr('content')).toBe('https://blog.example.org/articles/gamma-bundle/garden.svg');
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary_large_image');
    const ld = JSON.parse($('script[type="application/ld+json"]').text());
    expect(ld).toMatchObject({
      '@type': 'BlogPosting',
      headline: 'Gamma: A Picture of the Garden',
      url: 'https://blog.example.org/articles/gamma-bundle',
      datePublished: '2026-04-02T00:00:00.000Z',
      image: 'https://blog.example.org/articles/gamma-bundle/garden.svg',
    });
  });

  it('keeps JSON-LD from closing its script element', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/articles/hostile');
    const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.text)?.[1] ?? '';
    expect(block).not.toMatch(/[<>]/);
    expect(JSON.parse(block).headline).toBe('Epsilon: Markup <b>Trials</b> & Errors');
  });

  it('escapes the title and strips script, handlers, javascript: links, iframes, styles and forms from the body', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/articles/hostile');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe('Epsilon: Markup <b>Trials</b> & Errors');
    expect($('h1 b').length).toBe(0);
    const body = $('.post-body');
    expect(body.find('script, iframe, style, form, input[name]').length).toBe(0);
    expect(body.html()).not.toMatch(/\son\w+=/i);
    expect(body.html()).not.toMatch(/javascript:/i);
    expect(body.text()).toContain('Hello');
    expect(body.text()).toContain('click me');
  });

  it('highlights fenced code on the server', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/code-sample')).text);
    expect($('pre code.hljs.language-js').length).toBe(1);
    expect($('pre code .hljs-keyword').first().text()).toBe('const');
  });

  it.each(['secret-draft', 'scheduled', 'no-such-article', 'ALPHA'])('answers 404 for %s', async (slug) => {
    const { app } = await makeTestApp();
    const res = await request(app).get(`/articles/${slug}`);
    expect(res.status).toBe(404);
    expect(res.type).toBe('text/html');
  });

  it('serves a scheduled article once its date has passed, without a rebuild', async () => {
    const { app, clock } = await makeTestApp();
    expect((await request(app).get('/articles/scheduled')).status).toBe(404);
    clock.set('2026-07-01T00:00:00Z');
    expect((await request(app).get('/articles/scheduled')).status).toBe(200);
  });
});

describe('GET /articles/:slug/:file', () => {
  it('serves an image beside a bundle article, and the page shows it at that URL', async () => {
    const { app } = await makeTestApp();
    const page = cheerio.load((await request(app).get('/articles/gamma-bundle')).text);
    expect(page('.post-body img').attr('src')).toBe('/articles/gamma-bundle/garden.svg');
    expect(page('.post-body img').attr('alt')).toBe('Benches under two trees in the reading garden');
    const res = await request(app).get('/articles/gamma-bundle/garden.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  it.each([
    '/articles/gamma-bundle/notes.md.bak',
    '/articles/gamma-bundle/index.md',
    '/articles/gamma-bundle/missing.png',
    '/articles/alpha/garden.svg',
    '/articles/secret-draft/garden.svg',
  ])('answers 404 for %s', async (path) => {
    const { app } = await makeTestApp();
    expect((await request(app).get(path)).status).toBe(404);
  });
});
