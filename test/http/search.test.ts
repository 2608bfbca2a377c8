import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

describe('GET /search', () => {
  it('finds articles by title, body and tag, ranked, with the matching passage highlighted', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/search?q=volunteers');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    const hrefs = $('.search-results .card-title a').map((_, a) => $(a).attr('href')).get();
    expect(hrefs[0]).toBe('/articles/beta'); // the word is in its title
    expect(hrefs).toContain('/articles/alpha');
    const marks = $('.search-results li').first().find('.passage mark').map((_, m) => $(m).text().toLowerCase()).get();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.startsWith('volunteer'))).toBe(true);
    expect($('.search-summary').text()).toMatch(/\d+ results? for “volunteers”/);
  });

  it('matches by prefix and by tag', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/search?q=secur')).text);
    expect($('.search-results .card-title a').map((_, a) => $(a).attr('href')).get()).toEqual(['/articles/hostile']);
  });

  it('never finds drafts or future articles', async () => {
    const { app } = await makeTestApp();
    for (const q of ['zucchini', 'marigolds', 'Secret Draft', 'festival']) {
      const $ = cheerio.load((await request(app).get(`/search?q=${encodeURIComponent(q)}`)).text);
      expect($('.search-results li').length).toBe(0);
    }
  });

  it('echoes the query escaped', async () => {
    const { app } = await makeTestApp();
    const q = '"><script>alert(1)</script>';
    const res = await request(app).get(`/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    const $ = cheerio.load(res.text);
    expect($('#search-q').val()).toBe(q);
    expect($('.search-summary').text()).toContain(q);
  });

  it('shows an empty search form without a query, and ignores a repeated q', async () => {
    const { app } = await makeTestApp();
    for (const path of ['/search', '/search?q=', '/search?q=a&q=b']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      const $ = cheerio.load(res.text);
      expect($('form[role=search] input[name=q]').length).toBeGreaterThan(0);
      expect($('.search-results li').length).toBe(0);
    }
  });

  it('says so when nothing matches', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/search?q=xylophone')).text);
    expect($('.search-summary').text()).toBe('0 results for “xylophone”');
  });

  describe('with more hits than fit on a page', () => {
    const cardLinks = ($: cheerio.CheerioAPI) => $('.search-results .card-title a').map((_, a) => $(a).attr('href')).get();

    it('lists one page at a time, numbered on from the previous page, with links between pages', async () => {
      const { app } = await makeTestApp();
      const all = cardLinks(cheerio.load((await request(app).get('/search?q=garden')).text));
      expect(all.length).toBeGreaterThanOrEqual(3);

      const { app: paged } = await makeTestApp({ env: { PAGE_SIZE: '2' } });
      const first = cheerio.load((await request(paged).get('/search?q=garden')).text);
      expect(cardLinks(first)).toEqual(all.slice(0, 2));
      expect(first('.search-summary').text()).toBe(`${all.length} results for “garden”, page 1 of ${Math.ceil(all.length / 2)}`);
      expect(first('.pagination a[rel=next]').attr('href')).toBe('/search?q=garden&page=2');
      expect(first('.pagination a[rel=next]').text()).toContain('More results');
      expect(first('.pagination a[rel=prev]').length).toBe(0);

      const second = cheerio.load((await request(paged).get('/search?q=garden&page=2')).text);
      expect(cardLinks(second)).toEqual(all.slice(2, 4));
      expect(second('.search-results').attr('start')).toBe('3');
      expect(second('.pagination a[rel=prev]').attr('href')).toBe('/search?q=garden');
      expect(second('.pagination a[rel=prev]').text()).toContain('Previous results');
    });

    it('keeps the query in page links, encoded', async () => {
      const { app } = await makeTestApp({ env: { PAGE_SIZE: '1' } });
      // "&" and "#" are not words, so this finds what "garden" finds, across several pages.
      const $ = cheerio.load((await request(app).get(`/search?q=${encodeURIComponent('garden & #1')}`)).text);
      expect($('.search-results .card-title').length).toBe(1);
      expect($('.pagination a[rel=next]').attr('href')).toBe('/search?q=garden%20%26%20%231&page=2');
    });

    it('answers 404 for a page past the last or a malformed page number', async () => {
      const { app } = await makeTestApp({ env: { PAGE_SIZE: '2' } });
      for (const page of ['99', '0', 'x', '-1']) {
        expect((await request(app).get(`/search?q=garden&page=${page}`)).status).toBe(404);
      }
      // A query that finds nothing still has its one (empty) page.
      expect((await request(app).get('/search?q=xylophone&page=1')).status).toBe(200);
    });
  });
});
