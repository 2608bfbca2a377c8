import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { postComment, validComment } from '../helpers/comments.js';
import { readStoredComments } from '../helpers/stored-comments.js';
import { makeTestApp } from '../helpers/test-app.js';

const postJson = async (author: string, comment = 'A comment about the reading garden.') => {
  const { app, commentsFile } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
  const res = await postComment(request.agent(app), 'alpha', validComment({ author, comment }), true);
  return { res, stored: readStoredComments(commentsFile) };
};

const hex = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

describe('the name of a comment author', () => {
  it.each([
    ['a line break, as in a forged header', 'Ann\r\nBcc: all@example.com'],
    ['a line feed', 'Ann\nReader'],
    ['a carriage return', 'Ann\rReader'],
    ['a tab', 'Ann\tReader'],
    ['NUL', 'Ann\u0000Reader'],
    ['an escape sequence', 'Ann\u001b[31mReader'],
    ['DEL', 'Ann\u007fReader'],
    ['next line (U+0085)', 'Ann\u0085Reader'],
    ['a line separator', 'Ann\u2028Reader'],
  ])('is refused with 422 when it contains %s', async (_what, author) => {
    const { res, stored } = await postJson(author);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: expect.any(String), fields: { author: expect.stringMatching(/line breaks, tabs or other control characters/) } });
    expect(stored).toEqual([]);
  });

  it.each(['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069'])(
    'is refused with 422 when it contains the bidi control U+%s', async (code) => {
      const { res, stored } = await postJson(`Ann${String.fromCodePoint(parseInt(code, 16))}redaeR`);
      expect(res.status).toBe(422);
      expect(res.body.fields.author).toMatch(/change the direction of the text/);
      expect(stored).toEqual([]);
    });

  it.each([
    '\u200b', '\u200b\u200c\u200d', '\u2060', '\ufeff', '\u00ad', '\u0301', '\u0301\u0308', '\u3164', '\u115f',
    '\u1160', '\uffa0', '\u034f', '\u180e', '\u2800', '\u3000\u200b', '\u00a0\u200b ', '\u200e\u200f', '\u{e0041}',
  ])('is refused with 422 when nothing in it is visible: %j', async (author) => {
    const { res, stored } = await postJson(`  ${author} `);
    expect(res.status, hex(author)).toBe(422);
    expect(res.body.fields.author).toMatch(/at least one visible letter, number or symbol|Please enter your name/);
    expect(stored).toEqual([]);
  });

  it.each([
    'Zoë O\u2019Brien', 'Zoe\u0308', 'José', '李小龍', 'שרה כהן', 'محمد', 'ไทย', '👩🏽‍💻', '🇮🇱', '\u200fשרה', 'R2-D2', '.', 'ﬁ', 'ẞ',
  ])('is accepted and shown as typed when it is a real name: %s', async (author) => {
    const { res, stored } = await postJson(author);
    expect(res.status, hex(author)).toBe(201);
    expect(res.body.author).toBe(author);
    expect(stored.map((c) => c.author)).toEqual([author]);
  });

  it('shows the refusal beside the name field in the form, with everything typed kept', async () => {
    const { app, commentsFile } = await makeTestApp();
    const typed = { author: 'Ann\u202eredaeR', email: 'ann@example.com', url: 'https://ann.example.org', comment: 'My words\nover two lines', remember: '1' };
    const res = await postComment(request.agent(app), 'alpha', typed);
    expect(res.status).toBe(422);
    const $ = cheerio.load(res.text);
    const name = $('#comment-author');
    expect(name.val()).toBe(typed.author);
    expect(name.attr('aria-invalid')).toBe('true');
    expect($(`#${name.attr('aria-describedby')}`).text()).toMatch(/change the direction of the text around them/);
    expect($('.error-summary a').map((_, a) => $(a).attr('href')).get()).toEqual(['#comment-author']);
    expect($('#comment-email').val()).toBe(typed.email);
    expect($('#comment-url').val()).toBe(typed.url);
    expect($('#comment-text').text()).toBe(typed.comment);
    expect($('#comment-remember').attr('checked')).toBeDefined();
    expect(readStoredComments(commentsFile)).toEqual([]);
  });

  it('leaves the comment text as it was: tabs, line breaks and right-to-left marks stay', async () => {
    const text = 'First line\n\tindented second line\r\nשלום \u202bworld\u202c';
    const { res, stored } = await postJson('Ann Reader', text);
    expect(res.status).toBe(201);
    expect(stored.map((c) => c.text)).toEqual([text.replace(/\r\n/g, '\n')]);
  });
});
