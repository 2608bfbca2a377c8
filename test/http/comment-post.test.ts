import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { idFromLocation, postComment, validComment } from '../helpers/comments.js';
import { readStoredComments } from '../helpers/stored-comments.js';
import { makeTestApp } from '../helpers/test-app.js';

/** What is on disk: the comments file with its journal replayed. */
const storedComments = readStoredComments;

describe('the comment form', () => {
  it('has the fixed fields, labels, notes and action', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    const form = $('form[action="/articles/alpha/comments"][method=post]');
    expect(form.length).toBe(1);
    expect($('#respond h2').text()).toBe('Leave a Comment');
    expect($('#respond').text()).toContain('Your email address will not be published.');
    expect($('#respond').text()).toContain('Required fields are marked *');
    for (const [name, label] of [['author', 'Name *'], ['email', 'Email *'], ['url', 'Website'], ['comment', 'Comment *']]) {
      const field = form.find(`[name=${name}]`);
      expect(field.length).toBe(1);
      expect($(`label[for="${field.attr('id')}"]`).text().trim()).toBe(label);
    }
    expect(form.find('input[type=hidden][name=parent]').length).toBe(1);
    const remember = form.find('input[type=checkbox][name=remember]');
    expect(remember.attr('checked')).toBeUndefined();
    expect($(`label[for="${remember.attr('id')}"]`).text()).toBe('Save my name, email, and website in this browser for the next time I comment.');
  });
});

describe('POST /articles/:slug/comments', () => {
  it('stores the comment, redirects to its anchor, and shows it without the email', async () => {
    const { app, commentsFile } = await makeTestApp();
    const agent = request.agent(app);
    const res = await postComment(agent, 'alpha', validComment());
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/articles\/alpha#comment-[a-z0-9]+$/);
    const id = idFromLocation(res.headers.location)!;
    expect(storedComments(commentsFile).map((c) => c.id)).toEqual([id]);
    const page = await agent.get('/articles/alpha');
    const $ = cheerio.load(page.text);
    const comment = $(`#comment-${id}`);
    expect(comment.find('.comment-author').text()).toBe('Ann Reader');
    expect(comment.find('.comment-content').text()).toBe('A thoughtful comment about the reading garden.');
    expect(comment.find('time').attr('datetime')).toMatch(/^2026-06-01T12:00:00/);
    expect(comment.find(`a[href="#comment-${id}"]`).length).toBe(1);
    expect(page.text).not.toContain('ann@example.com');
    expect($('#comments-heading').text()).toBe('1 comment');
  });

  it('answers 201 with the comment as JSON, never its email, when JSON is asked for', async () => {
    const { app } = await makeTestApp();
    const res = await postComment(request.agent(app), 'alpha', validComment({ url: 'https://ann.example.org' }), true);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ article: 'alpha', author: 'Ann Reader', url: 'https://ann.example.org', status: 'approved', parent: null });
    expect(res.body.bodyHtml).toBe('<p>A thoughtful comment about the reading garden.</p>');
    // the date reads as on the page, so a comment inserted by the script looks like the others
    expect(res.body.dateText).toBe('June 1, 2026 at 12:00 UTC');
    expect(JSON.stringify(res.body)).not.toContain('ann@example.com');
    expect(res.body).not.toHaveProperty('email');
    expect(res.body).not.toHaveProperty('commenterKey');
  });

  it('links the author to their website with rel="nofollow ugc noopener"', async () => {
    const { app } = await makeTestApp();
    const agent = request.agent(app);
    await postComment(agent, 'alpha', validComment({ url: 'https://ann.example.org/' }));
    const $ = cheerio.load((await agent.get('/articles/alpha')).text);
    const link = $('.comment-author a');
    expect(link.attr('href')).toBe('https://ann.example.org/');
    expect(link.attr('rel')).toBe('nofollow ugc noopener');
  });

  it('keeps paragraphs and line breaks and links web addresses', async () => {
    const { app } = await makeTestApp();
    const res = await postComment(request.agent(app), 'alpha', validComment({ comment: 'First line\nsecond line\n\nNew paragraph: see https://example.org/page.' }), true);
    expect(res.body.bodyHtml).toBe(
      '<p>First line<br />\nsecond line</p>\n<p>New paragraph: see <a href="https://example.org/page" rel="nofollow ugc noopener">https://example.org/page</a>.</p>');
  });

  describe('with invalid input', () => {
    it('re-renders the article with 422, a message per field, and every typed value kept', async () => {
      const { app, commentsFile } = await makeTestApp();
      const typed = { author: '', email: 'not-an-email', url: 'ftp://files.example.org', comment: 'My carefully typed <b>words</b>\nover two lines', remember: '1' };
      const res = await postComment(request.agent(app), 'alpha', typed);
      expect(res.status).toBe(422);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).toBe('Alpha: Planning the Reading Garden');
      expect($('#comment-text').text()).toBe(typed.comment);
      expect($('#comment-email').val()).toBe('not-an-email');
      expect($('#comment-url').val()).toBe('ftp://files.example.org');
      expect($('#comment-remember').attr('checked')).toBeDefined();
      for (const [id, message] of [['comment-author', /enter your name/], ['comment-email', /valid email/], ['comment-url', /http:\/\/ or https:\/\//]] as const) {
        const input = $(`#${id}`);
        expect(input.attr('aria-invalid')).toBe('true');
        const describedBy = (input.attr('aria-describedby') ?? '').split(' ');
        expect($(`#${describedBy[0]}`).text()).toMatch(message);
      }
      const summary = $('.error-summary');
      expect(summary.attr('role')).toBe('alert');
      expect(summary.attr('tabindex')).toBe('-1');
      expect(summary.attr('autofocus')).toBeDefined();
      expect(summary.find('a').map((_, a) => $(a).attr('href')).get()).toEqual(['#comment-author', '#comment-email', '#comment-url']);
      expect(storedComments(commentsFile)).toEqual([]);
    });

    it('answers JSON {error, fields} to JSON clients', async () => {
      const { app } = await makeTestApp();
      const res = await postComment(request.agent(app), 'alpha', { author: 'Ann', email: 'ann@example.com', comment: '   ' }, true);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: expect.any(String), fields: { comment: 'Please write a comment.' } });
    });

    it.each([
      ['author', 'a'.repeat(246), /at most 245/],
      ['email', `${'a'.repeat(95)}@b.org`, /at most 100/],
      ['url', `https://example.org/${'a'.repeat(190)}`, /at most 200/],
      ['url', 'javascript:alert(1)', /http:\/\/ or https:\/\//],
      ['comment', 'x'.repeat(65_526), /limit is 65,525/],
    ])('rejects %s over its limit or of the wrong kind', async (field, value, message) => {
      const { app, commentsFile } = await makeTestApp();
      const res = await postComment(request.agent(app), 'alpha', validComment({ [field]: value }), true);
      expect(res.status).toBe(422);
      expect(res.body.fields[field]).toMatch(message);
      expect(storedComments(commentsFile)).toEqual([]);
    });

    it('accepts values exactly at the limits', async () => {
      const { app } = await makeTestApp();
      const res = await postComment(request.agent(app), 'alpha', validComment({
        author: 'a'.repeat(245), email: `${'a'.repeat(94)}@b.org`, url: `https://example.org/${'a'.repeat(180)}`, comment: 'y'.repeat(65_525),
      }), true);
      expect(res.status).toBe(201);
    });

    it('answers 413 to a body over the limit and stores nothing', async () => {
      const { app, commentsFile } = await makeTestApp();
      const res = await postComment(request.agent(app), 'alpha', validComment({ comment: 'z'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.text).toContain('too long');
      expect(storedComments(commentsFile)).toEqual([]);
    });

    it.each([
      'comment[]=hello&author=Ann&email=ann%40example.com',
      'comment=a&comment=b&author=Ann&email=ann%40example.com',
      '__proto__[x]=1&comment=hi&author=Ann&email=ann%40example.com&constructor[prototype][y]=2',
      'author[name]=Ann&email=ann%40example.com&comment=hi',
    ])('rejects array and object values without crashing: %s', async (body) => {
      const { app, commentsFile } = await makeTestApp();
      const res = await request(app).post('/articles/alpha/comments').type('form').set('Accept', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/cannot read/);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(storedComments(commentsFile)).toEqual([]);
      expect((await request(app).get('/healthz')).status).toBe(200);
    });

    it('rejects JSON bodies with non-string values', async () => {
      const { app, commentsFile } = await makeTestApp();
      const res = await request(app).post('/articles/alpha/comments').set('Accept', 'application/json')
        .send({ author: 'Ann', email: 'ann@example.com', comment: { $gt: '' } });
      expect(res.status).toBe(400);
      expect(res.body.fields.comment).toBeDefined();
      expect(storedComments(commentsFile)).toEqual([]);
    });
  });

  it.each(['no-such-article', 'secret-draft', 'scheduled'])('answers 404 for the unknown, draft or future article %s and stores nothing', async (slug) => {
    const { app, commentsFile } = await makeTestApp();
    const res = await postComment(request.agent(app), slug, validComment());
    expect(res.status).toBe(404);
    expect(storedComments(commentsFile)).toEqual([]);
  });

  it('answers 409 to the same text by the same author on the same article, keeping the text', async () => {
    const { app, commentsFile } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    expect((await postComment(agent, 'alpha', validComment())).status).toBe(303);
    const again = await postComment(agent, 'alpha', validComment({ comment: '  A thoughtful   comment about the reading garden. ' }));
    expect(again.status).toBe(409);
    const $ = cheerio.load(again.text);
    expect($('.error-summary').text()).toMatch(/Duplicate comment/);
    expect($('#comment-text').text()).toBe('  A thoughtful   comment about the reading garden. ');
    expect(storedComments(commentsFile)).toHaveLength(1);
    // the same words on another article are fine
    expect((await postComment(agent, 'beta', validComment())).status).toBe(303);
  });
});

describe('threaded replies', () => {
  it('offers a Reply link that works without JavaScript and nests the reply', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    const parentId = idFromLocation((await postComment(agent, 'alpha', validComment())).headers.location)!;
    const page = cheerio.load((await agent.get('/articles/alpha')).text);
    const replyHref = page(`#comment-${parentId} .comment-reply a`).attr('href');
    expect(replyHref).toBe(`/articles/alpha?replytocom=${parentId}#respond`);
    const form = cheerio.load((await agent.get(replyHref!)).text);
    expect(form('input[name=parent]').val()).toBe(parentId);
    expect(form('.replying-to').text()).toContain('Ann Reader');
    const reply = await postComment(agent, 'alpha', validComment({ author: 'Ben', email: 'ben@example.com', comment: 'A reply', parent: parentId }));
    expect(reply.status).toBe(303);
    const replyId = idFromLocation(reply.headers.location)!;
    const $ = cheerio.load((await agent.get('/articles/alpha')).text);
    expect($(`#comment-${parentId} > .comment-children > #comment-${replyId}`).length).toBe(1);
  });

  it('stops indenting at the depth limit', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0', COMMENT_MAX_DEPTH: '2' } });
    const agent = request.agent(app);
    let parent = '';
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await postComment(agent, 'alpha', validComment({ comment: `Level ${i}`, parent }));
      parent = idFromLocation(res.headers.location)!;
      ids.push(parent);
    }
    const $ = cheerio.load((await agent.get('/articles/alpha')).text);
    expect($(`#comment-${ids[0]} > .comment-children > #comment-${ids[1]}`).length).toBe(1);
    // the third is shown beside the second, not inside it
    expect($(`#comment-${ids[0]} > .comment-children > #comment-${ids[2]}`).length).toBe(1);
    expect($(`#comment-${ids[1]} .comment-reply`).length).toBe(0);
  });

  it('rejects a reply to a comment of another article', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    const other = idFromLocation((await postComment(agent, 'beta', validComment())).headers.location)!;
    const res = await postComment(agent, 'alpha', validComment({ comment: 'Misplaced', parent: other }), true);
    expect(res.status).toBe(422);
    expect(res.body.fields.parent).toBeDefined();
  });
});

describe('remembering the commenter', () => {
  it('pre-fills the form on another article only when "Save my name" was ticked', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const ticked = request.agent(app);
    await postComment(ticked, 'alpha', validComment({ url: 'https://ann.example.org', remember: '1' }));
    const page = await ticked.get('/articles/beta');
    const $ = cheerio.load(page.text);
    expect($('#comment-author').val()).toBe('Ann Reader');
    expect($('#comment-email').val()).toBe('ann@example.com');
    expect($('#comment-url').val()).toBe('https://ann.example.org');
    expect($('#comment-remember').attr('checked')).toBeDefined();
    expect(page.headers['cache-control']).toBe('private, no-store');

    const unticked = request.agent(app);
    const res = await postComment(unticked, 'alpha', validComment({ author: 'Ben', email: 'ben@example.com', comment: 'No cookie for me' }));
    expect(String(res.headers['set-cookie'])).not.toContain('comment_author=s');
    expect(cheerio.load((await unticked.get('/articles/beta')).text)('#comment-author').val()).toBe('');
  });

  it('forgets the saved details when a later comment is sent without the tick', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    await postComment(agent, 'alpha', validComment({ remember: '1' }));
    await postComment(agent, 'alpha', validComment({ comment: 'Second thought' }));
    expect(cheerio.load((await agent.get('/articles/beta')).text)('#comment-author').val()).toBe('');
  });
});

describe('comments on closed articles', () => {
  it('are refused after COMMENTS_CLOSE_AFTER_DAYS, and the form says comments are closed', async () => {
    const { app, commentsFile } = await makeTestApp({ env: { COMMENTS_CLOSE_AFTER_DAYS: '30' } });
    // alpha is from 2026-05-20 (12 days before the test clock); gamma-bundle from 2026-04-02 (60 days)
    expect(cheerio.load((await request(app).get('/articles/alpha')).text)('form.comment-form').length).toBe(1);
    const $ = cheerio.load((await request(app).get('/articles/gamma-bundle')).text);
    expect($('form.comment-form').length).toBe(0);
    expect($('#respond').text()).toContain('Comments are closed.');
    const res = await postComment(request.agent(app), 'gamma-bundle', validComment(), true);
    expect(res.status).toBe(403);
    expect(storedComments(commentsFile)).toEqual([]);
  });
});
