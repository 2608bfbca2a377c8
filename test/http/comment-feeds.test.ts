import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { childrenNamed, descendantsNamed, onlyChild, parseXml } from '../feeds/xml-tree.js';
import { postComment, validComment } from '../helpers/comments.js';
import { makeTestApp } from '../helpers/test-app.js';

describe('comment feeds', () => {
  async function withComments() {
    const t = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(t.app);
    await postComment(agent, 'alpha', validComment({ author: 'Ann', email: 'ann@example.com', comment: 'Approved on alpha' }));
    t.clock.set('2026-06-01T12:05:00Z');
    await postComment(agent, 'beta', validComment({ author: 'Ben', email: 'ben@example.com', comment: 'Approved on beta' }));
    await postComment(agent, 'alpha', validComment({ author: 'Cy', email: 'cy@example.com', comment: 'held https://a.x https://b.x https://c.x' }));
    return t;
  }

  it('/comments/feed.xml lists approved comments of the whole site, newest first, without emails', async () => {
    const { app } = await withComments();
    const res = await request(app).get('/comments/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/rss\+xml/);
    const $ = cheerio.load(res.text, { xml: true });
    expect($('item > title').map((_, t) => $(t).text()).get()).toEqual([
      'Ben on “Beta: Volunteers in the Garden”',
      'Ann on “Alpha: Planning the Reading Garden”',
    ]);
    expect($('item > link').first().text()).toMatch(/^https:\/\/blog\.example\.org\/articles\/beta#comment-[a-z0-9]+$/);
    expect(res.text).not.toContain('@example.com');
    expect(res.text).not.toContain('held https');
  });

  it('/articles/:slug/comments/feed.xml lists one article\'s approved comments', async () => {
    const { app } = await withComments();
    const res = await request(app).get('/articles/alpha/comments/feed.xml');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.text, { xml: true });
    expect($('item > title').map((_, t) => $(t).text()).get()).toEqual(['Ann on “Alpha: Planning the Reading Garden”']);
    expect(res.text).not.toContain('@example.com');
    const page = cheerio.load((await request(app).get('/articles/alpha')).text);
    expect(page('a[href="/articles/alpha/comments/feed.xml"]').length).toBe(1);
  });

  it('answers 404 for the feed of a draft or unknown article', async () => {
    const { app } = await makeTestApp();
    expect((await request(app).get('/articles/secret-draft/comments/feed.xml')).status).toBe(404);
    expect((await request(app).get('/articles/nope/comments/feed.xml')).status).toBe(404);
  });
});

describe('comment feed descriptions', () => {
  it('carry the visitor\'s text escaped, so readers that render descriptions as HTML see text', async () => {
    const { app } = await makeTestApp();
    await postComment(request.agent(app), 'alpha', validComment({ comment: '<script>alert(1)</script> & <b>bold</b>' }));
    const res = await request(app).get('/comments/feed.xml');
    const $ = cheerio.load(res.text, { xml: true });
    const description = $('item > description').first().text();
    expect(description).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('comment feeds with hostile author names', () => {
  const AUTHORS = ['Eve]]>]]></title><link>https://evil.example/phish</link>', 'Mallory]]>]]><'];

  it('stay well-formed XML with one item per comment, each with its own single link', async () => {
    const { app, clock } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    for (const [n, author] of AUTHORS.entries()) {
      clock.set(`2026-06-01T12:0${n}:00Z`);
      const res = await postComment(agent, 'alpha', validComment({ author, email: `visitor${n}@example.com`, comment: `Comment number ${n}` }));
      expect(res.status).toBe(303);
    }
    for (const path of ['/comments/feed.xml', '/articles/alpha/comments/feed.xml']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      const items = childrenNamed(onlyChild(parseXml(res.text), 'channel'), 'item');
      expect(items.map((item) => onlyChild(item, 'title').text)).toEqual(
        [...AUTHORS].reverse().map((author) => `${author} on “Alpha: Planning the Reading Garden”`),
      );
      for (const item of items) {
        expect(childrenNamed(item, 'link').map((link) => link.text)).toEqual([expect.stringMatching(/^https:\/\/blog\.example\.org\/articles\/alpha#comment-[a-z0-9]+$/)]);
      }
      expect(descendantsNamed(parseXml(res.text), 'link').filter((link) => link.text.includes('evil.example'))).toEqual([]);
    }
  });
});
