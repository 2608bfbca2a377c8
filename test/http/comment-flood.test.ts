import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { postComment, validComment, type CommentFields } from '../helpers/comments.js';
import { makeTestApp } from '../helpers/test-app.js';

const VICTIM = 'victim@example.com';

/**
 * An app behind a trusted proxy on 127.0.0.1, so each request can come from its own network address
 * (X-Forwarded-For), and a way to post as one browser (an agent keeps its cookies) from one address.
 */
async function floodApp() {
  const t = await makeTestApp({ env: { TRUST_PROXY: 'loopback', COMMENT_FLOOD_SECONDS: '15' } });
  const browser = () => request.agent(t.app);
  const post = (agent: request.Agent, ip: string, fields: CommentFields) =>
    postComment(agent, 'alpha', validComment(fields), true).set('X-Forwarded-For', ip);
  return { ...t, browser, post };
}

describe('the flood interval', () => {
  it('does not refuse someone else\'s email typed from another address and browser, nor hint that it was used', async () => {
    const { browser, post, store } = await floodApp();
    const victim = browser();
    expect((await post(victim, '198.51.100.1', { author: 'Vic', email: VICTIM, comment: 'I wrote this.' })).status).toBe(201);

    const prober = await post(browser(), '203.0.113.9', { author: 'Probe', email: VICTIM, comment: 'Did they just post?' });
    const unused = await post(browser(), '203.0.113.10', { author: 'Probe', email: 'nobody-yet@example.com', comment: 'And this one?' });
    for (const res of [prober, unused]) {
      expect(res.status).toBe(201);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.text).not.toMatch(/too quickly|please wait/i);
    }
    expect(Object.keys(prober.body).sort()).toEqual(Object.keys(unused.body).sort());
    expect(await store.list()).toHaveLength(3);
  });

  it('does not let a stranger hold an address back by posting with it first', async () => {
    const { browser, post } = await floodApp();
    expect((await post(browser(), '203.0.113.9', { author: 'Mallory', email: VICTIM, comment: 'Blocking you.' })).status).toBe(201);
    const real = await post(browser(), '198.51.100.1', { author: 'Vic', email: VICTIM, comment: 'My own comment.' });
    expect(real.status).toBe(201);
  });

  it('still refuses a second post from the same address within the interval, whatever the browser and email', async () => {
    const { browser, post, clock } = await floodApp();
    expect((await post(browser(), '198.51.100.1', { email: 'first@example.com', comment: 'First.' })).status).toBe(201);
    const again = await post(browser(), '198.51.100.1', { author: 'Someone Else', email: 'second@example.com', comment: 'Second.' });
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBe(15);
    expect(again.body.error).toMatch(/too quickly/);
    clock.set('2026-06-01T12:00:16Z');
    expect((await post(browser(), '198.51.100.1', { email: 'second@example.com', comment: 'Second.' })).status).toBe(201);
  });

  it('still refuses a second post from the same browser within the interval, from another address and with another email', async () => {
    const { browser, post, clock } = await floodApp();
    const same = browser();
    expect((await post(same, '198.51.100.1', { email: 'first@example.com', comment: 'First.' })).status).toBe(201);
    clock.set('2026-06-01T12:00:05Z');
    const moved = await post(same, '192.0.2.77', { author: 'New Name', email: 'other@example.com', comment: 'From the train.' });
    expect(moved.status).toBe(429);
    expect(Number(moved.headers['retry-after'])).toBe(10);
    clock.set('2026-06-01T12:00:16Z');
    expect((await post(same, '192.0.2.77', { email: 'other@example.com', comment: 'From the train.' })).status).toBe(201);
  });
});

describe('the duplicate check', () => {
  it('finds nothing through an email typed by someone else, nor in other people\'s held comments', async () => {
    const t = await makeTestApp({ env: { TRUST_PROXY: 'loopback', COMMENT_RATE_LIMIT: '0', COMMENT_MODERATION: 'all' } });
    const post = (agent: request.Agent, fields: CommentFields) => postComment(agent, 'alpha', validComment(fields), true);
    const victim = request.agent(t.app);
    expect((await post(victim, { author: 'Vic', email: VICTIM, comment: 'A private note to the moderators.' })).status).toBe(201);
    // Guessing the text of a held comment, with its author's email or name, tells a stranger nothing.
    for (const guess of [{ author: 'Probe', email: VICTIM }, { author: 'Vic', email: 'probe@example.com' }]) {
      const res = await post(request.agent(t.app), { ...guess, comment: 'A private note to the moderators.' });
      expect(res.status).toBe(201);
    }
    // The author's own browser is still told it has said that already.
    expect((await post(victim, { author: 'Vic', email: VICTIM, comment: 'A private   note to the moderators.' })).status).toBe(409);
  });
});
