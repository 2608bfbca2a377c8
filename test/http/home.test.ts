import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

describe('GET /', () => {
  it('lists published articles newest first with title link, date, excerpt, reading time and tags', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    const titles = $('.card-title a').map((_, a) => $(a).text()).get();
    expect(titles).toEqual([
      'Alpha: Planning the Reading Garden',
      'Beta: Volunteers in the Garden',
      'Gamma: A Picture of the Garden',
      'Delta: Counting Garden Visitors with a Script',
      'Epsilon: Markup <b>Trials</b> & Errors',
    ]);
    const first = $('.card').first();
    expect(first.find('.card-title a').attr('href')).toBe('/articles/alpha');
    expect(first.find('time').attr('datetime')).toBe('2026-05-20');
    expect(first.find('.card-excerpt').text()).toBe('How the reading garden was planned with volunteers.');
    expect(first.find('.meta').text()).toMatch(/1 min read/);
    expect(first.find('.tag-list a').map((_, a) => $(a).attr('href')).get()).toEqual(['/tags/gardens', '/tags/volunteers']);
  });

  it('uses the first paragraph as the excerpt when there is no description', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/')).text);
    const beta = $('.card').filter((_, c) => $(c).find('.card-title').text().startsWith('Beta'));
    expect(beta.find('.card-excerpt').text()).toBe('Our volunteers look after the reading garden every week, watering beds and moving benches into the shade.');
  });

  it('never lists drafts or articles dated in the future', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/');
    expect(res.text).not.toContain('Secret Draft');
    expect(res.text).not.toContain('Scheduled Garden Festival');
  });

  it('lists a scheduled article by itself once its date has passed', async () => {
    const { app, clock } = await makeTestApp();
    clock.set('2026-07-01T00:00:01Z');
    const $ = cheerio.load((await request(app).get('/')).text);
    expect($('.card-title a').first().text()).toBe('Scheduled Garden Festival');
  });

  it('paginates with ?page=N and links the pages together', async () => {
    const { app } = await makeTestApp({ env: { PAGE_SIZE: '2' } });
    const one = cheerio.load((await request(app).get('/')).text);
    expect(one('.card').length).toBe(2);
    expect(one('.pagination a[rel=next]').attr('href')).toBe('/?page=2');
    expect(one('link[rel=next]').attr('href')).toBe('https://blog.example.org/?page=2');
    const three = await request(app).get('/?page=3');
    expect(three.status).toBe(200);
    const $ = cheerio.load(three.text);
    expect($('.card-title a').map((_, a) => $(a).text()).get()).toEqual(['Epsilon: Markup <b>Trials</b> & Errors']);
    expect($('.pagination a[rel=prev]').attr('href')).toBe('/?page=2');
    expect($('link[rel=canonical]').attr('href')).toBe('https://blog.example.org/?page=3');
  });

  it.each(['4', '0', '-1', 'abc', '1.5', ''])('answers 404 for page=%s', async (page) => {
    const { app } = await makeTestApp({ env: { PAGE_SIZE: '2' } });
    const res = await request(app).get(`/?page=${page}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('answers 404 for a repeated page parameter', async () => {
    const { app } = await makeTestApp({ env: { PAGE_SIZE: '2' } });
    expect((await request(app).get('/?page=1&page=2')).status).toBe(404);
  });
});
