import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import { postComment, validComment } from '../helpers/comments.js';
import { makeTestApp } from '../helpers/test-app.js';

const PASSWORD = 'correct horse battery';

async function adminApp(env: Record<string, string> = {}) {
  const t = await makeTestApp({ env: { ADMIN_PASSWORD: PASSWORD, COMMENT_RATE_LIMIT: '0', ...env } });
  const visitor = request.agent(t.app);
  const post = async (fields: Parameters<typeof validComment>[0]) =>
    (await postComment(visitor, 'alpha', validComment(fields), true)).body as { id: string };
  return { ...t, post };
}

async function logIn(app: Parameters<typeof request.agent>[0]) {
  const admin = request.agent(app);
  const res = await admin.post('/admin/login').type('form').send({ password: PASSWORD });
  expect(res.status).toBe(303);
  return admin;
}

const csrfOf = (html: string) => cheerio.load(html)('input[name=_csrf]').first().val() as string;

describe('/admin without ADMIN_PASSWORD', () => {
  it.each(['/admin', '/admin/login', '/admin/comments', '/admin/comments/export'])('answers 404 at %s', async (path) => {
    const { app } = await makeTestApp();
    expect((await request(app).get(path)).status).toBe(404);
    expect((await request(app).post(path).type('form').send({ password: 'x' })).status).toBe(404);
  });
});

describe('admin login', () => {
  it('sends visitors without a session to the login form', async () => {
    const { app } = await adminApp();
    const res = await request(app).get('/admin/comments');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
    const form = cheerio.load((await request(app).get('/admin/login')).text);
    expect(form('input[type=password][name=password]').length).toBe(1);
    expect(form(`label[for="${form('input[name=password]').attr('id')}"]`).text()).toBe('Password');
  });

  it('refuses a wrong password with 401', async () => {
    const { app } = await adminApp();
    const res = await request(app).post('/admin/login').type('form').send({ password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('sets a signed HttpOnly SameSite=Strict session cookie on success', async () => {
    const { app } = await adminApp();
    const res = await request(app).post('/admin/login').type('form').send({ password: PASSWORD });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^admin_session=s%3A/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
  });

  it('ignores a forged session cookie', async () => {
    const { app } = await adminApp();
    const res = await request(app).get('/admin/comments').set('Cookie', `admin_session=${encodeURIComponent(`${Date.now() + 1e9}.abc`)}`);
    expect(res.status).toBe(303);
  });

  it('rate-limits failed attempts', async () => {
    const { app } = await adminApp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await request(app).post('/admin/login').type('form').send({ password: `guess-${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // even the right password waits once the limit is reached
    expect((await request(app).post('/admin/login').type('form').send({ password: PASSWORD })).status).toBe(429);
  });

  it('logs out with a POST carrying the CSRF token', async () => {
    const { app } = await adminApp();
    const admin = await logIn(app);
    const csrf = csrfOf((await admin.get('/admin/comments')).text);
    expect((await admin.post('/admin/logout').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await admin.get('/admin/comments')).status).toBe(303);
  });
});

describe('GET /admin/comments', () => {
  it('lists pending comments with article, author, email, date, text and why each was held', async () => {
    const { app, post } = await adminApp({ COMMENT_MODERATION: 'all' });
    const { id } = await post({ author: 'Ann', email: 'ann@example.com', comment: 'Please approve me' });
    const admin = await logIn(app);
    const res = await admin.get('/admin/comments');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const $ = cheerio.load(res.text);
    const row = $(`#admin-comment-${id}`);
    expect(row.text()).toContain('Ann');
    expect(row.text()).toContain('ann@example.com');
    expect(row.text()).toContain('Please approve me');
    expect(row.find('a[href^="/articles/alpha"]').text()).toBe('Alpha: Planning the Reading Garden');
    expect(row.find('.held-reason').text()).toMatch(/every comment is moderated/);
    expect($('meta[name=robots]').attr('content')).toContain('noindex');
  });

  it('has tabs for pending, approved, spam and trash with counts', async () => {
    const { app, post } = await adminApp();
    await post({ comment: 'approved one' });
    const admin = await logIn(app);
    const $ = cheerio.load((await admin.get('/admin/comments?status=approved')).text);
    expect($('.admin-tabs a').map((_, a) => $(a).text().replace(/\s+/g, ' ').trim()).get())
      .toEqual(['Pending (0)', 'Approved (1)', 'Spam (0)', 'Trash (0)']);
    expect($('.admin-tabs a[aria-current=page]').text()).toContain('Approved');
  });
});

describe('moderating comments', () => {
  async function setUp() {
    const t = await adminApp({ COMMENT_MODERATION: 'all' });
    const a = await t.post({ comment: 'first held' });
    const b = await t.post({ comment: 'second held' });
    const c = await t.post({ comment: 'third held' });
    const admin = await logIn(t.app);
    const csrf = csrfOf((await admin.get('/admin/comments')).text);
    const act = (body: Record<string, string | string[]>) => admin.post('/admin/comments').type('form').send({ _csrf: csrf, status: 'pending', ...body });
    return { ...t, admin, csrf, act, ids: [a.id, b.id, c.id] };
  }
  const statusOf = async (store: { get(id: string): Promise<Comment | undefined> }, id: string) => (await store.get(id))?.status;

  it('approves one comment, which then appears on the article', async () => {
    const { app, act, ids, store } = await setUp();
    const res = await act({ one: `approve:${ids[0]}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/comments?status=pending&done=approve&count=1');
    expect(await statusOf(store, ids[0]!)).toBe('approved');
    const $ = cheerio.load((await request(app).get('/articles/alpha')).text);
    expect($(`#comment-${ids[0]} .comment-content`).text()).toBe('first held');
    expect($(`#comment-${ids[1]}`).length).toBe(0);
  });

  it('marks as spam, trashes, restores and deletes for ever', async () => {
    const { act, ids, store } = await setUp();
    await act({ one: `spam:${ids[0]}` });
    expect(await statusOf(store, ids[0]!)).toBe('spam');
    await act({ one: `trash:${ids[1]}` });
    expect(await statusOf(store, ids[1]!)).toBe('trash');
    await act({ one: `restore:${ids[1]}`, status: 'trash' });
    expect(await statusOf(store, ids[1]!)).toBe('pending');
    await act({ one: `delete:${ids[0]}`, status: 'spam' });
    expect(await store.get(ids[0]!)).toBeUndefined();
  });

  it('applies an action to every ticked comment in bulk', async () => {
    const { act, ids, store, admin } = await setUp();
    const res = await act({ action: 'trash', ids: [ids[0]!, ids[2]!], bulk: '1' });
    expect(res.headers.location).toBe('/admin/comments?status=pending&done=trash&count=2');
    expect(await Promise.all(ids.map((id) => statusOf(store, id)))).toEqual(['trash', 'pending', 'trash']);
    expect(cheerio.load((await admin.get(res.headers.location!)).text)('p.notice').text()).toBe('2 comments moved to the trash.');
  });

  it('refuses a state change without a valid CSRF token', async () => {
    const { admin, ids, store } = await setUp();
    const res = await admin.post('/admin/comments').type('form').send({ one: `approve:${ids[0]}`, _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(await statusOf(store, ids[0]!)).toBe('pending');
    expect((await admin.post('/admin/comments').type('form').send({ one: `approve:${ids[0]}` })).status).toBe(403);
  });

  it('refuses state changes without a session', async () => {
    const { app, csrf, ids, store } = await setUp();
    const res = await request(app).post('/admin/comments').type('form').send({ one: `approve:${ids[0]}`, _csrf: csrf });
    expect(res.status).toBe(303);
    expect(await statusOf(store, ids[0]!)).toBe('pending');
  });

  it('exports every comment as JSON, emails included, to the moderator only', async () => {
    const { app, admin, ids } = await setUp();
    const res = await admin.get('/admin/comments/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="comments-2026-06-01\.json"$/);
    expect(res.body.comments.map((c: Comment) => c.id).sort()).toEqual([...ids].sort());
    expect(res.body.comments[0].email).toBe('ann@example.com');
    expect((await request(app).get('/admin/comments/export')).status).toBe(303);
  });

  it('erases every comment written with one email address', async () => {
    const { admin, csrf, store, post } = await setUp();
    await post({ author: 'Other', email: 'other@example.com', comment: 'stays' });
    const res = await admin.post('/admin/comments/erase').type('form').send({ _csrf: csrf, email: 'ANN@example.com' });
    expect(res.headers.location).toBe('/admin/comments?status=pending&done=erase&count=3');
    expect((await store.list()).map((c) => c.email)).toEqual(['other@example.com']);
  });
});
