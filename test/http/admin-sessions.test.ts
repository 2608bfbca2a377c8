import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { postComment, validComment } from '../helpers/comments.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

const PASSWORD = 'correct horse battery';
type App = TestApp['app'];

/** An app with moderation on; `sharing` starts it on another app's data folder (a restart, or a second server). */
const adminApp = (options: { password?: string; sharing?: TestApp } = {}) => makeTestApp({
  env: {
    ADMIN_PASSWORD: options.password ?? PASSWORD,
    COMMENT_RATE_LIMIT: '0',
    COMMENT_MODERATION: 'all',
    ...(options.sharing ? { COMMENTS_FILE: options.sharing.commentsFile } : {}),
  },
});

/** Logs in and returns the session cookie exactly as a browser would send it back. */
async function logIn(app: App, password = PASSWORD): Promise<string> {
  const res = await request(app).post('/admin/login').type('form').send({ password });
  expect(res.status).toBe(303);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  expect(cookie).toMatch(/^admin_session=/);
  return cookie;
}

const listWith = (app: App, cookie: string) => request(app).get('/admin/comments').set('Cookie', cookie);
const csrfOf = (html: string) => cheerio.load(html)('input[name=_csrf]').first().val() as string;

async function expectLoggedOut(app: App, cookie: string) {
  const res = await listWith(app, cookie);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/login');
}

async function logOut(app: App, cookie: string) {
  const csrf = csrfOf((await listWith(app, cookie)).text);
  const res = await request(app).post('/admin/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/login');
}

describe('logging out', () => {
  it('ends the session for good: a copy of the cookie can neither read nor change the comments', async () => {
    const t = await adminApp();
    const held = (await postComment(request.agent(t.app), 'alpha', validComment(), true)).body as { id: string };
    const cookie = await logIn(t.app);
    const page = await listWith(t.app, cookie);
    expect(page.status).toBe(200);
    const csrf = csrfOf(page.text);

    await logOut(t.app, cookie);

    await expectLoggedOut(t.app, cookie);
    const change = await request(t.app).post('/admin/comments').set('Cookie', cookie).type('form')
      .send({ _csrf: csrf, status: 'pending', one: `approve:${held.id}` });
    expect(change.status).toBe(303);
    expect(change.headers.location).toBe('/admin/login');
    expect((await t.store.get(held.id))?.status).toBe('pending');
    const exported = await request(t.app).get('/admin/comments/export').set('Cookie', cookie);
    expect(exported.status).toBe(303);
    expect(exported.text).not.toContain('ann@example.com');
  });

  it('ends every other moderator session too, and the page says so; logging in again works', async () => {
    const t = await adminApp();
    const mine = await logIn(t.app);
    const colleague = await logIn(t.app);
    expect(cheerio.load((await listWith(t.app, mine)).text)('#logout-note').text()).toBe('Logging out ends every moderator session, on every device.');
    await logOut(t.app, mine);
    await expectLoggedOut(t.app, colleague);
    expect((await listWith(t.app, await logIn(t.app))).status).toBe(200);
  });

  it('is seen by a second server on the same data folder, and survives a restart', async () => {
    const first = await adminApp();
    const second = await adminApp({ sharing: first });
    const cookie = await logIn(first.app);
    expect((await listWith(second.app, cookie)).status).toBe(200);

    await logOut(first.app, cookie);

    await expectLoggedOut(second.app, cookie);
    const restarted = await adminApp({ sharing: first });
    await expectLoggedOut(restarted.app, cookie);
    // A session begun after the logout is honoured by all of them.
    const fresh = await logIn(second.app);
    for (const app of [first.app, second.app, restarted.app]) expect((await listWith(app, fresh)).status).toBe(200);
  });
});

describe('changing ADMIN_PASSWORD', () => {
  it('ends every session issued under the old password, with the same SESSION_SECRET', async () => {
    const before = await adminApp({ password: 'password-A-0123' });
    const cookie = await logIn(before.app, 'password-A-0123');
    const samePassword = await adminApp({ password: 'password-A-0123', sharing: before });
    expect((await listWith(samePassword.app, cookie)).status).toBe(200);

    const changed = await adminApp({ password: 'password-B-4567', sharing: before });
    await expectLoggedOut(changed.app, cookie);
    const login = await request(changed.app).get('/admin/login').set('Cookie', cookie);
    expect(login.status).toBe(200);
    expect((await listWith(changed.app, await logIn(changed.app, 'password-B-4567'))).status).toBe(200);
  });
});
