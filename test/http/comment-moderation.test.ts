import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { idFromLocation, postComment, validComment } from '../helpers/comments.js';
import { readStoredComments } from '../helpers/stored-comments.js';
import { makeTestApp } from '../helpers/test-app.js';

/** What is on disk: the comments file with its journal replayed. */
const stored = readStoredComments;

describe('moderation', () => {
  it('holds every comment with COMMENT_MODERATION=all and shows "awaiting moderation" to its author alone', async () => {
    const { app, commentsFile } = await makeTestApp({ env: { COMMENT_MODERATION: 'all' } });
    const author = request.agent(app);
    const res = await postComment(author, 'alpha', validComment());
    expect(res.status).toBe(303);
    const id = idFromLocation(res.headers.location)!;
    expect(stored(commentsFile)[0]).toMatchObject({ id, status: 'pending', heldReason: expect.stringMatching(/every comment is moderated/) });

    const own = cheerio.load((await author.get('/articles/alpha')).text);
    expect(own(`#comment-${id} .comment-awaiting`).text()).toBe('Your comment is awaiting moderation.');
    expect(own('#comments-heading').text()).toBe('No comments yet');

    const stranger = await request(app).get('/articles/alpha');
    expect(stranger.text).not.toContain(`comment-${id}`);
    expect(stranger.text).not.toContain('A thoughtful comment');
  });

  it('answers 201 JSON marked awaitingModeration for a held comment', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_MODERATION: 'all' } });
    const res = await postComment(request.agent(app), 'alpha', validComment(), true);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', awaitingModeration: true });
  });

  it('in first-time mode holds a newcomer, then trusts the same browser once a comment of theirs is approved', async () => {
    const { app, store } = await makeTestApp({ env: { COMMENT_MODERATION: 'first-time', COMMENT_RATE_LIMIT: '0' } });
    const ann = request.agent(app);
    const first = idFromLocation((await postComment(ann, 'alpha', validComment())).headers.location)!;
    expect((await store.get(first))?.status).toBe('pending');
    expect((await store.get(first))?.heldReason).toMatch(/first comment/);
    await store.setStatus([first], 'approved');
    const second = idFromLocation((await postComment(ann, 'alpha', validComment({ comment: 'Trusted now' }))).headers.location)!;
    expect((await store.get(second))?.status).toBe('approved');

    // Someone else typing Ann's name and email is not trusted: trust lives in Ann's signed cookie.
    const impostor = request.agent(app);
    const third = idFromLocation((await postComment(impostor, 'alpha', validComment({ comment: 'Pretending to be Ann' }))).headers.location)!;
    expect((await store.get(third))?.status).toBe('pending');
  });

  it('holds a comment with more than two links, recording why', async () => {
    const { app, store } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    const two = await postComment(agent, 'alpha', validComment({ comment: 'See https://a.example and https://b.example' }), true);
    expect(two.body.status).toBe('approved');
    const three = await postComment(agent, 'alpha', validComment({ comment: 'https://a.example https://b.example https://c.example' }), true);
    expect(three.body.status).toBe('pending');
    expect((await store.get(three.body.id))?.heldReason).toBe('Held: contains 3 links (more than 2).');
  });

  it('files a comment with a disallowed word as spam', async () => {
    const { app, store } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' }, blocklist: ['casino', 'cheap pills'] });
    const agent = request.agent(app);
    const res = await postComment(agent, 'alpha', validComment({ comment: 'Visit our Casino today' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/articles/alpha#comments');
    const spam = (await store.list()).find((c) => c.text === 'Visit our Casino today')!;
    expect(spam.status).toBe('spam');
    expect(spam.heldReason).toBe('Spam: contains the disallowed word “casino”.');
    expect((await agent.get('/articles/alpha')).text).not.toContain('Visit our Casino');
    // whole words only
    expect((await postComment(agent, 'alpha', validComment({ comment: 'Occasionally I read here' }), true)).body.status).toBe('approved');
  });

  it('files a comment whose hidden honeypot field was filled as spam, and shows it nowhere', async () => {
    const { app, store } = await makeTestApp();
    const res = await postComment(request.agent(app), 'alpha', validComment({ homepage: 'http://spam.example' }));
    expect(res.status).toBe(303);
    const [comment] = await store.list();
    expect(comment?.status).toBe('spam');
    expect(comment?.heldReason).toMatch(/hidden anti-spam field/);
    expect((await request(app).get('/articles/alpha')).text).not.toContain('A thoughtful comment');
  });

  it('keeps the honeypot out of sight: hidden by the stylesheet and out of the tab order', async () => {
    const { app } = await makeTestApp();
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    const honeypot = $('input[name=homepage]');
    expect(honeypot.attr('tabindex')).toBe('-1');
    expect(honeypot.closest('.hp-field').length).toBe(1);
    const css = await request(app).get('/css/site.css');
    expect(css.text).toMatch(/\.hp-field\s*\{[^}]*display:\s*none/);
  });
});

describe('throttling', () => {
  it('limits posts per IP with 429 and Retry-After, keeping the typed text', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '2', COMMENT_FLOOD_SECONDS: '0' } });
    const agent = request.agent(app);
    for (let i = 0; i < 2; i += 1) expect((await postComment(agent, 'alpha', validComment({ comment: `Post ${i}` }))).status).toBe(303);
    const res = await postComment(agent, 'alpha', validComment({ comment: 'One too many' }));
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const $ = cheerio.load(res.text);
    expect($('#comment-text').text()).toBe('One too many');
    expect($('.error-summary').text()).toMatch(/wait/);
  });

  it('enforces the flood interval between two comments from one browser and address', async () => {
    const { app, clock } = await makeTestApp();
    const agent = request.agent(app);
    expect((await postComment(agent, 'alpha', validComment())).status).toBe(303);
    const quick = await postComment(agent, 'beta', validComment({ comment: 'Too soon' }), true);
    expect(quick.status).toBe(429);
    expect(Number(quick.headers['retry-after'])).toBe(15);
    clock.set('2026-06-01T12:00:16Z');
    expect((await postComment(agent, 'beta', validComment({ comment: 'Later' }), true)).status).toBe(201);
  });

  it('turns off the rate limit and the flood interval with COMMENT_RATE_LIMIT=0', async () => {
    const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    for (let i = 0; i < 12; i += 1) {
      expect((await postComment(agent, 'alpha', validComment({ comment: `Quick ${i}` }), true)).status).toBe(201);
    }
  });
});

describe('comment counts', () => {
  it('appear on the article and on the home page, counting approved comments only', async () => {
    const { app, store } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    await postComment(agent, 'alpha', validComment({ comment: 'One' }));
    await postComment(agent, 'alpha', validComment({ comment: 'Two' }));
    const held = (await postComment(agent, 'alpha', validComment({ comment: 'three https://a.x https://b.x https://c.x' }), true)).body.id;
    expect((await store.get(held))?.status).toBe('pending');
    const article = cheerio.load((await request(app).get('/articles/alpha')).text);
    expect(article('.post-header a[href="#comments"]').text()).toBe('2 comments');
    const home = cheerio.load((await request(app).get('/')).text);
    expect(home('a[href="/articles/alpha#comments"]').text()).toBe('2 comments');
  });
});

describe('comment avatars', () => {
  it('are initials drawn locally, with no third-party image', async () => {
    const { app } = await makeTestApp();
    const agent = request.agent(app);
    await postComment(agent, 'alpha', validComment({ author: 'ada lovelace' }));
    const $ = cheerio.load((await agent.get('/articles/alpha')).text);
    expect($('.comment .avatar').text()).toBe('AL');
    expect($('.comment img').length).toBe(0);
  });
});
