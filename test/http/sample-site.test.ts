import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CONTENT, makeTestApp } from '../helpers/test-app.js';

const PARTNERSHIPS = '/articles/partnerships-in-library-leadership';

describe('the sample site', () => {
  it('loads every sample article without an error', async () => {
    const { problems, catalog } = await makeTestApp({ contentDir: SAMPLE_CONTENT, now: '2026-11-27T00:00:00Z' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(catalog.published().length).toBeGreaterThanOrEqual(7);
    for (const article of catalog.published()) expect(article.wordCount).toBeGreaterThanOrEqual(400);
  });

  it('renders the partnerships post with its table and both inline "See also" links where the original had them', async () => {
    const { app } = await makeTestApp({ contentDir: SAMPLE_CONTENT, now: '2026-11-27T00:00:00Z' });
    const res = await request(app).get(PARTNERSHIPS);
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe('Unlocking Success: The Role of Partnerships in Effective Library Leadership');
    expect($('.post-body table th').map((_, th) => $(th).text()).get()).toEqual(['Key Areas', 'Insights']);
    expect($('.post-body table tbody tr').length).toBe(3);
    const seeAlso = $('.post-body .see-also a');
    expect(seeAlso.map((_, a) => $(a).text()).get()).toEqual([
      'Unlocking Success: The Vital Role of Communication in Library Leadership',
      'Empowering Communities: The Essential Role of Library Leaders in Engagement',
    ]);
    // first after "What Did Libraries Tell Us?", second after the broader-community section
    expect($('.post-body .see-also').first().prevAll('h2').first().text()).toBe('What Did Libraries Tell Us?');
    expect($('.post-body .see-also').last().prevAll('h3').first().text()).toBe('The Broader Community');
    for (const href of seeAlso.map((_, a) => $(a).attr('href')).get()) {
      expect((await request(app).get(href)).status).toBe(200);
    }
    expect($('a[href="#top"]').text()).toBe('Scroll to Top');
    // the seed's page furniture is the site's job, not the article's
    expect($('.post-body').text()).not.toMatch(/“`|```|Leave a Comment|Scroll to Top/);
    expect($('#respond h2').text()).toBe('Leave a Comment');
  });

  it('shows the bundle image and the highlighted code sample', async () => {
    const { app, catalog } = await makeTestApp({ contentDir: SAMPLE_CONTENT, now: '2026-11-27T00:00:00Z' });
    const bundle = catalog.published().find((a) => a.assets.size > 0)!;
    const $ = cheerio.load((await request(app).get(`/articles/${bundle.slug}`)).text);
    const src = $('.post-body img').attr('src')!;
    expect((await request(app).get(src)).status).toBe(200);
    const withCode = catalog.published().filter((a) => a.body.parts.some((p) => p.includes('class="hljs')));
    expect(withCode.length).toBeGreaterThan(0);
  });
});
