import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

describe('GET /tags', () => {
  it('lists every tag of published articles with its count, most used first', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/tags');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    const rows = $('.tag-index li').map((_, li) => [[$(li).find('a').text(), $(li).find('.count').text()]]).get();
    expect(rows[0]).toEqual(['gardens', '3 articles']);
    expect(rows).toContainEqual(['volunteers', '2 articles']);
    expect(rows).toContainEqual(['data', '1 article']);
    // tags only used by a draft or a scheduled article are not shown
    expect(rows.map((r) => r[0])).not.toContain('drafts');
    expect(rows.map((r) => r[0])).not.toContain('events');
  });
});

describe('GET /tags/:tag', () => {
  it('lists the published articles of one tag, newest first', async () => {
    const { app } = await makeTestApp();
    const res = await request(app).get('/tags/gardens');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe('Articles tagged “gardens”');
    expect($('.card-title a').map((_, a) => $(a).attr('href')).get())
      .toEqual(['/articles/alpha', '/articles/beta', '/articles/gamma-bundle']);
    expect($('link[rel=canonical]').attr('href')).toBe('https://blog.example.org/tags/gardens');
  });

  it('adds a scheduled article to its tags once it is published', async () => {
    const { app, clock } = await makeTestApp();
    expect((await request(app).get('/tags/events')).status).toBe(404);
    clock.set('2026-07-02T00:00:00Z');
    const $ = cheerio.load((await request(app).get('/tags/gardens')).text);
    expect($('.card-title a').first().attr('href')).toBe('/articles/scheduled');
    expect((await request(app).get('/tags/events')).status).toBe(200);
  });

  it.each(['unknown', 'drafts', '..%2f..%2fetc'])('answers 404 for tag %s', async (tag) => {
    const { app } = await makeTestApp();
    expect((await request(app).get(`/tags/${tag}`)).status).toBe(404);
  });
});
