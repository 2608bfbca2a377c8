import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { postComment, validComment } from '../helpers/comments.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

const TOKEN = 'preview-token-0123456789';

describe('GET /preview/:slug', () => {
  it('renders a draft exactly as it will look, with a "Draft preview" banner and noindex', async () => {
    const { app } = await makeTestApp({ env: { PREVIEW_TOKEN: TOKEN } });
    const res = await request(app).get(`/preview/secret-draft?token=${TOKEN}`);
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe('Secret Draft About Gardens');
    expect($('.preview-banner').text()).toContain('Draft preview');
    expect($('meta[name=robots]').attr('content')).toBe('noindex, nofollow');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(res.headers['cache-control']).toBe('no-store');
    expect($('form.comment-form').length).toBe(0);
  });

  it('renders a scheduled article before its date', async () => {
    const { app } = await makeTestApp({ env: { PREVIEW_TOKEN: TOKEN } });
    const $ = cheerio.load((await request(app).get(`/preview/scheduled?token=${TOKEN}`)).text);
    expect($('h1').text()).toBe('Scheduled Garden Festival');
  });

  it.each([
    ['no token', '/preview/secret-draft'],
    ['a wrong token', '/preview/secret-draft?token=nope'],
    ['a repeated token', `/preview/secret-draft?token=${TOKEN}&token=${TOKEN}`],
    ['an unknown slug', `/preview/nothing-here?token=${TOKEN}`],
  ])('answers 404 with %s', async (_label, path) => {
    const { app } = await makeTestApp({ env: { PREVIEW_TOKEN: TOKEN } });
    expect((await request(app).get(path)).status).toBe(404);
  });

  it('does not exist when PREVIEW_TOKEN is unset', async () => {
    const { app } = await makeTestApp();
    expect((await request(app).get('/preview/secret-draft?token=')).status).toBe(404);
    expect((await request(app).get('/preview/secret-draft?token=undefined')).status).toBe(404);
  });
});

describe('scheduled and expiring articles', () => {
  it('appear at their date and disappear at their expiry, without a restart', async () => {
    const dir = contentDir({
      'sale.md': article({ title: 'Book sale', date: '2026-06-10T09:00:00Z', expires: '2026-06-12T18:00:00Z', tags: '[events]' }),
      'other.md': article({ title: 'Other', date: '2026-01-01' }),
    });
    const { app, clock } = await makeTestApp({ contentDir: dir });
    const visible = async () => {
      const page = (await request(app).get('/articles/sale')).status;
      const home = (await request(app).get('/')).text.includes('/articles/sale');
      const feed = (await request(app).get('/feed.xml')).text.includes('/articles/sale');
      const tag = (await request(app).get('/tags/events')).status;
      return { page, home, feed, tag };
    };
    expect(await visible()).toEqual({ page: 404, home: false, feed: false, tag: 404 });
    clock.set('2026-06-10T09:00:00Z');
    expect(await visible()).toEqual({ page: 200, home: true, feed: true, tag: 200 });
    clock.set('2026-06-12T18:00:00Z');
    expect(await visible()).toEqual({ page: 404, home: false, feed: false, tag: 404 });
  });
});

describe('renamed articles', () => {
  function renamedSite() {
    return contentDir({
      'new-name.md': article({ title: 'New name', date: '2026-01-01', aliases: '[old-name, older-name]' }),
      'another.md': article({ title: 'Another', date: '2026-01-02', see_also: '[old-name]' }),
    });
  }

  it('answer 301 from every old slug to the new URL, keeping the rest of the path and the query', async () => {
    const { app } = await makeTestApp({ contentDir: renamedSite() });
    for (const [from, to] of [
      ['/articles/old-name', '/articles/new-name'],
      ['/articles/older-name', '/articles/new-name'],
      ['/articles/old-name/comments/feed.xml', '/articles/new-name/comments/feed.xml'],
      ['/articles/old-name?replytocom=abc', '/articles/new-name?replytocom=abc'],
    ]) {
      const res = await request(app).get(from!);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe(to);
    }
  });

  it('keep See also links that name the old slug working', async () => {
    const { app } = await makeTestApp({ contentDir: renamedSite() });
    const $ = cheerio.load((await request(app).get('/articles/another')).text);
    expect($('.post-body .see-also a').first().attr('href')).toBe('/articles/new-name');
  });

  it('keep the comments posted under an old slug', async () => {
    const dir = contentDir({ 'old-name.md': article({ title: 'Before the rename', date: '2026-01-01' }) });
    const before = await makeTestApp({ contentDir: dir, env: { COMMENT_RATE_LIMIT: '0' } });
    await postComment(request.agent(before.app), 'old-name', validComment({ comment: 'Posted before the rename' }));
    await before.store.close();
    const renamed = contentDir({ 'new-name.md': article({ title: 'After the rename', date: '2026-01-01', aliases: '[old-name]' }) });
    const after = await makeTestApp({ contentDir: renamed, env: { COMMENTS_FILE: before.commentsFile, COMMENT_RATE_LIMIT: '0' } });
    const $ = cheerio.load((await request(after.app).get('/articles/new-name')).text);
    expect($('.comment-content').text()).toBe('Posted before the rename');
    expect($('.post-header a[href="#comments"]').text()).toBe('1 comment');
    // a comment sent to the old address is redirected with its method kept
    const res = await postComment(request.agent(after.app), 'old-name', validComment({ comment: 'Late' }));
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/articles/new-name/comments');
  });
});
