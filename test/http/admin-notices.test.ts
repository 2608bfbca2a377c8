import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.js';

const PASSWORD = 'correct horse battery';

async function moderator() {
  const { app } = await makeTestApp({ env: { ADMIN_PASSWORD: PASSWORD } });
  const admin = request.agent(app);
  expect((await admin.post('/admin/login').type('form').send({ password: PASSWORD })).status).toBe(303);
  return admin;
}

describe('the notice on /admin/comments', () => {
  it.each(['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString', 'isPrototypeOf', 'toLocaleString', '__defineGetter__'])(
    'is absent, with 200, when done names an Object property: %s', async (done) => {
      const admin = await moderator();
      const res = await admin.get(`/admin/comments?done=${done}&count=2`);
      expect(res.status).toBe(200);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).toBe('Comments');
      expect($('p.notice').length).toBe(0);
    });

  it('is absent for an unknown or repeated done, and shown for the app\'s own', async () => {
    const admin = await moderator();
    for (const query of ['done=approved', 'done=approve&done=spam', 'done=', 'done[x]=approve']) {
      const res = await admin.get(`/admin/comments?${query}`);
      expect(res.status, query).toBe(200);
      expect(cheerio.load(res.text)('p.notice').length, query).toBe(0);
    }
    const own = await admin.get('/admin/comments?status=pending&done=spam&count=3');
    expect(cheerio.load(own.text)('p.notice').text()).toBe('3 comments marked as spam.');
  });

  it('refuses an action named after an Object property with 400, changing nothing', async () => {
    const admin = await moderator();
    const csrf = cheerio.load((await admin.get('/admin/comments')).text)('input[name=_csrf]').first().val() as string;
    for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const one = await admin.post('/admin/comments').type('form').send({ _csrf: csrf, one: `${action}:abc` });
      expect(one.status, action).toBe(400);
      const bulk = await admin.post('/admin/comments').type('form').send({ _csrf: csrf, action, ids: 'abc' });
      expect(bulk.status, action).toBe(400);
    }
  });
});
