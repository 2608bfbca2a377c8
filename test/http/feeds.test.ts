import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { childrenNamed, descendantsNamed, onlyChild, parseXml } from '../feeds/xml-tree.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

const xml = (text: string) => cheerio.load(text, { xml: true });

describe('GET /feed.xml', () => {
  it('is RSS 2.0 of published articles with absolute URLs', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/rss\+xml/);
    const $ = xml(res.text);
    expect($('rss').attr('version')).toBe('2.0');
    expect($('channel > link').first().text()).toBe('https://blog.example.org/');
    const links = $('item > link').map((_, l) => $(l).text()).get();
    expect(links[0]).toBe('https://blog.example.org/articles/alpha');
    expect(links).toHaveLength(5);
    expect(res.text).not.toContain('secret-draft');
    expect(res.text).not.toContain('scheduled');
  });

  it('makes root-relative image URLs in content absolute', async () => {
    const { app } = await makeTestApp();
    const $ = xml((await request(app).get('/feed.xml')).text);
    const gamma = $('item').filter((_, i) => $(i).find('link').text().endsWith('/gamma-bundle'));
    expect(gamma.find('content\\:encoded').text()).toContain('src="https://blog.example.org/articles/gamma-bundle/garden.svg"');
  });
});

describe('GET /atom.xml', () => {
  it('is an Atom feed with absolute entry links', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/atom.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const $ = xml(res.text);
    expect($('feed').attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect($('entry > link').first().attr('href')).toBe('https://blog.example.org/articles/alpha');
    expect($('entry').length).toBe(5);
  });

  it('includes a scheduled article once it is published', async () => {
    const { app, clock } = await makeTestApp();
    expect((await request(app).get('/atom.xml')).text).not.toContain('/articles/scheduled');
    clock.set('2026-07-01T00:00:00Z');
    expect((await request(app).get('/atom.xml')).text).toContain('https://blog.example.org/articles/scheduled');
  });
});

describe('GET /sitemap.xml', () => {
  it('lists home, tags and every published article with absolute URLs', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    const locs = xml(res.text)('url > loc').map((_, l) => xml(res.text)(l).text()).get();
    expect(locs).toContain('https://blog.example.org/');
    expect(locs).toContain('https://blog.example.org/tags/gardens');
    expect(locs).toContain('https://blog.example.org/articles/gamma-bundle');
    expect(locs.filter((l) => l.includes('/articles/'))).toHaveLength(5);
    expect(res.text).not.toContain('secret-draft');
    expect(res.text).not.toContain('/articles/scheduled');
  });
});

describe('GET /robots.txt', () => {
  it('points at the sitemap', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sitemap: https://blog.example.org/sitemap.xml');
  });
});

describe('feeds and sitemap of articles with hostile front matter', () => {
  const TITLE = 'Ideas ]]> and <more> & "quotes" ]]]]> end';
  const hostileSite = () => contentDir({
    'ideas.md': article({ title: JSON.stringify(TITLE), date: '2026-01-03', tags: '["c<d", "plain"]', author: '"Eve ]]></author>"' }),
    'bell.md': article({ title: '"Bell\\x01 rings"', date: '2026-01-02' }),
    'plain.md': article({ title: 'Plain', date: '2026-01-01' }),
  });

  it('/feed.xml stays well-formed and carries each title and tag as written', async () => {
    const { app } = await makeTestApp({ contentDir: hostileSite() });
    const res = await request(app).get('/feed.xml');
    expect(res.status).toBe(200);
    const items = childrenNamed(onlyChild(parseXml(res.text), 'channel'), 'item');
    expect(items.map((item) => onlyChild(item, 'title').text)).toEqual([TITLE, 'Bell rings', 'Plain']);
    expect(childrenNamed(items[0]!, 'category').map((c) => c.text)).toEqual(['c<d', 'plain']);
  });

  it('/atom.xml stays well-formed and carries each title and tag label as written', async () => {
    const { app } = await makeTestApp({ contentDir: hostileSite() });
    const res = await request(app).get('/atom.xml');
    expect(res.status).toBe(200);
    const entries = childrenNamed(parseXml(res.text), 'entry');
    expect(entries.map((entry) => onlyChild(entry, 'title').text)).toEqual([TITLE, 'Bell rings', 'Plain']);
    expect(childrenNamed(entries[0]!, 'category').map((c) => c.attributes.label)).toEqual(['c<d', 'plain']);
  });

  it('/sitemap.xml answers, listing an article whose image is not a URL without the image', async () => {
    const dir = contentDir({
      'bell.md': article({ title: 'Bell', date: '2026-01-02', image: '"https://exa mple.org/bell.png"' }),
      'garden.md': article({ title: 'Garden', date: '2026-01-01', image: 'https://img.example.org/garden.png' }),
    });
    const { app } = await makeTestApp({ contentDir: dir });
    const res = await request(app).get('/sitemap.xml').timeout(5000);
    expect(res.status).toBe(200);
    const sitemap = parseXml(res.text);
    expect(descendantsNamed(sitemap, 'loc').map((loc) => loc.text)).toContain('https://blog.example.org/articles/bell');
    expect(descendantsNamed(sitemap, 'image:loc').map((loc) => loc.text)).toEqual(['https://img.example.org/garden.png']);
  });
});
