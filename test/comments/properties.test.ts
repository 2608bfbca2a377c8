import * as cheerio from 'cheerio';
import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readStoredComments } from '../helpers/stored-comments.js';
import { makeTestApp } from '../helpers/test-app.js';

/** Strings that have broken comment systems: markup, handlers, script URLs, template and entity tricks. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  '<a href="javascript:x">click</a>',
  '<a href=" jav&#x09;ascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;',
  '" onmouseover="x',
  "' onmouseover='x",
  '</textarea><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '<!--<script>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<style>body{display:none}</style>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<%= process.env %>',
  '<%- "<script>alert(1)</script>" %>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  'https://example.org/"><script>alert(1)</script>',
  'https://example.org/?a=<b>&c="d"&e=\'f\'',
  'http://x.example/#" onmouseover="alert(1)',
  '\u202Egnp.exe\u202C',
];

/** Unicode a comment must keep exactly: emoji sequences, right-to-left scripts, combining marks. */
const UNICODE = [
  '🌱', '👩🏽‍💻', '🇮🇱', '👨‍👩‍👧‍👦', '❤️',
  'שלום עולם', 'مرحبا بالعالم', 'اَلْعَرَبِيَّةُ', 'סֵפֶר',
  'e\u0301', 'a\u0308\u0323', 'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324',
  'ﬁ', 'ẞ', 'İı', '日本語のテキスト', '한국어', 'ไทย', '\u200D', '\u200F', '\u00A0',
];

const piece = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.constantFrom(...UNICODE),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
  fc.webUrl(),
);
const separator = fc.constantFrom('', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r\n\r\n', '\r', '\n \n');
/** Pieces of hostile, unicode and arbitrary text joined by spaces, line breaks and blank lines. */
const mixedText = (maxPieces: number) =>
  fc.array(fc.tuple(piece, separator), { minLength: 1, maxLength: maxPieces }).map((parts) => parts.map(([p, s]) => p + s).join(''));
const anyText = (maxPieces: number) => fc.oneof(mixedText(maxPieces), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }));

/** Control characters (but tab and line breaks): pages cannot show them and XML feeds cannot carry them. */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const withoutControls = (text: string) => text.replace(CONTROLS, '');
/** What a name may not contain: control characters (tab and line breaks too), line separators, bidi overrides and isolates. */
const NOT_IN_NAMES = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;
/** A character a reader can see: not a control, format, space, lone combining mark or invisible filler. */
const VISIBLE = /[^\p{C}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;
// The same hostile and unicode pieces, with what a name may not contain turned into spaces.
const validAuthor = anyText(3).map((s) => s.replace(NOT_IN_NAMES, ' '))
  .filter((s) => VISIBLE.test(s) && [...withoutControls(s).trim()].length <= 245);
const validComment = anyText(8).filter((s) => withoutControls(s).trim() !== '');
const validUrl = fc.oneof(
  fc.constant(''),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://example.org/"><script>alert(1)</script>', 'https://example.org/?a=<b>&c="d"', 'http://x.example/#" onmouseover="alert(1)'),
);
const uniqueEmail = fc.stringMatching(/^[a-z0-9]{12}$/).map((local) => `secret-${local}@mail.example`);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const idFrom = (location: string | undefined) => /^\/articles\/alpha#comment-([a-z0-9]+)$/.exec(location ?? '')?.[1];
/** What a reader sees as text: line endings and runs of white space are layout, not content. */
const visible = (text: string) => withoutControls(text).replace(/\r\n?/g, '\n').replace(/\s+/g, ' ').trim();

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'srcdoc', 'background']);
const scriptUrl = (value: string) => /^(javascript|vbscript|data):/.test(value.replace(/[\u0000-\u0020]/g, '').toLowerCase());
const COMMENTS_SCRIPT = /^\/js\/comments\.[0-9a-f]{10}\.js$/;

/**
 * Everything in a page that could run script: script elements other than the page's JSON-LD block and
 * its own comments script, event-handler attributes, script URLs and elements that load or restyle.
 */
function activeContent(html: string): string[] {
  const $ = cheerio.load(html);
  const found: string[] = [];
  $('script').each((_, el) => {
    const s = $(el);
    const jsonLd = s.attr('type') === 'application/ld+json' && s.attr('src') === undefined && s.parents('head').length === 1 && isJson(s.text());
    const ownScript = s.attr('type') === undefined && COMMENTS_SCRIPT.test(s.attr('src') ?? '') && s.text() === '';
    if (!jsonLd && !ownScript) found.push(`script: ${$.html(el)}`);
  });
  $('*').each((_, el) => {
    for (const [name, value] of Object.entries('attribs' in el ? el.attribs : {})) {
      if (name.toLowerCase().startsWith('on')) found.push(`handler: ${name}="${value}"`);
      if (URL_ATTRIBUTES.has(name.toLowerCase()) && scriptUrl(value)) found.push(`script URL: ${name}="${value}"`);
    }
  });
  $('iframe, frame, object, embed, svg, math, style, base, img, video, audio, link[rel=import], meta[http-equiv]').each((_, el) => {
    found.push(`element: ${$.html(el).slice(0, 120)}`);
  });
  return found;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Script-capable content in the HTML of every item of an RSS feed. */
function feedActiveContent(xml: string): string[] {
  const $ = cheerio.load(xml, { xml: true });
  return $('item').toArray().flatMap((item) => activeContent($(item).find('content\\:encoded').text()));
}

describe('activeContent', () => {
  it('finds nothing in an article page and flags injected script, handlers and script URLs', async () => {
    const { app } = await makeTestApp();
    const page = (await request(app).get('/articles/alpha')).text;
    const $ = cheerio.load(page);
    expect($('script[type="application/ld+json"]').length).toBe(1);
    expect($('script[src]').length).toBe(1);
    expect(activeContent(page)).toEqual([]);
    const tampered = page.replace('</main>', '<script>alert(1)</script><p onclick="x">a</p><a href=" JAVASCRIPT:x">b</a><svg></svg></main>');
    expect(activeContent(tampered)).toHaveLength(4);
  });
});

describe('POST /articles/:slug/comments with arbitrary and hostile input', () => {
  it('never lets the posted values add script to the answer, the article page or the feeds', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        author: anyText(3),
        email: fc.oneof(uniqueEmail, fc.constantFrom(...HOSTILE).map((h) => `${h.replace(/\s/g, '')}@x.example`)),
        // Mostly values that pass, so most runs reach the article page; the rest check the form shown back.
        url: fc.oneof({ arbitrary: validUrl, weight: 4 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 }, { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 }),
        comment: anyText(8),
        parent: fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 1 }),
      }),
      async (fields) => {
        const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
        const agent = request.agent(app);
        const res = await agent.post('/articles/alpha/comments').type('form').send(form({ ...fields, remember: '1' }));
        expect([303, 422]).toContain(res.status);
        if (res.status === 422) {
          expect(activeContent(res.text)).toEqual([]);
          return;
        }
        const id = idFrom(res.headers.location);
        expect(id).toBeDefined();
        const page = await agent.get('/articles/alpha');
        expect(page.status).toBe(200);
        // The remembered email is put back into the form, so this page also checks that attribute's escaping.
        expect(activeContent(page.text)).toEqual([]);
        expect(cheerio.load(page.text)(`#comment-${id}`).length).toBe(1);
        for (const path of ['/comments/feed.xml', '/articles/alpha/comments/feed.xml']) {
          const feed = await agent.get(path);
          expect(feed.status).toBe(200);
          expect(feedActiveContent(feed.text)).toEqual([]);
        }
      },
    ), { numRuns: 50 });
  });

  it('drops control characters from the text, and refuses them in the name, which a page cannot show and an XML feed cannot carry', async () => {
    const { app, commentsFile } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
    const agent = request.agent(app);
    const inName = await agent.post('/articles/alpha/comments').type('form')
      .send(form({ author: 'Ann\u0000 Reader\u0007', email: 'ann@example.com', url: '', comment: 'Bell\u0007 and\u0000 null\u001b[31m.\ttab\nline' }));
    expect(inName.status).toBe(422);
    expect(cheerio.load(inName.text)('#comment-author-error').text()).toMatch(/control characters/);
    expect(readStoredComments(commentsFile)).toEqual([]);

    const res = await agent.post('/articles/alpha/comments').type('form')
      .send(form({ author: 'Ann Reader', email: 'ann@example.com', url: '', comment: 'Bell\u0007 and\u0000 null\u001b[31m.\ttab\nline' }));
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.location);
    const $ = cheerio.load((await agent.get('/articles/alpha')).text);
    expect($(`#comment-${id} .comment-author`).text()).toBe('Ann Reader');
    expect($(`#comment-${id} .comment-content`).text()).toBe('Bell and null[31m.\ttab\nline');
    for (const path of ['/comments/feed.xml', '/articles/alpha/comments/feed.xml']) {
      const feed = (await agent.get(path)).text;
      expect(feed).toContain('Ann Reader');
      expect(feed).not.toMatch(CONTROLS);
    }
    const stored = readStoredComments(commentsFile);
    expect(stored.map((c) => [c.author, c.text])).toEqual([['Ann Reader', 'Bell and null[31m.\ttab\nline']]);

    const onlyControls = await agent.post('/articles/alpha/comments').type('form')
      .send(form({ author: 'Ann Reader', email: 'ann@example.com', url: '', comment: '\u0000\u0001\u0002' }));
    expect(onlyControls.status).toBe(422);
    expect(cheerio.load(onlyControls.text)('#comment-text-error').text()).toBe('Please write a comment.');
  });

  it('shows the author and the text exactly as posted, links the website, and never shows the email', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({ author: validAuthor, email: uniqueEmail, url: validUrl, comment: validComment }),
      async (fields) => {
        const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
        const agent = request.agent(app);
        const res = await agent.post('/articles/alpha/comments').type('form').send(form(fields));
        expect(res.status).toBe(303);
        const id = idFrom(res.headers.location);
        expect(id).toBeDefined();
        expect(res.text).not.toContain(fields.email);

        const page = await agent.get('/articles/alpha');
        const $ = cheerio.load(page.text);
        const shown = $(`#comment-${id}`);
        expect(shown.length).toBe(1);
        expect(visible(shown.find('.comment-content').text())).toBe(visible(fields.comment));
        expect(visible(shown.find('.comment-author').text())).toBe(visible(fields.author));
        const link = shown.find('.comment-author a');
        if (fields.url.trim()) expect(link.attr('href')).toBe(fields.url.trim());
        else expect(link.length).toBe(0);
        expect(page.text).not.toContain(fields.email);

        for (const path of ['/comments/feed.xml', '/articles/alpha/comments/feed.xml']) {
          expect((await agent.get(path)).text).not.toContain(fields.email);
        }
      },
    ), { numRuns: 50 });
  });

  it('answers a JSON post with the comment as posted, its safe HTML, and no email', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({ author: validAuthor, email: uniqueEmail, url: validUrl, comment: validComment }),
      async (fields) => {
        const { app } = await makeTestApp({ env: { COMMENT_RATE_LIMIT: '0' } });
        const res = await request(app).post('/articles/alpha/comments').type('form').set('Accept', 'application/json').send(form(fields));
        expect(res.status).toBe(201);
        expect(res.type).toBe('application/json');
        const body = res.body as { id: string; author: string; url: string | null; bodyHtml: string };
        expect(res.headers.location).toBe(`/articles/alpha#comment-${body.id}`);
        expect(body.author).toBe(withoutControls(fields.author).trim());
        expect(body.url).toBe(fields.url.trim() || null);
        expect(visible(cheerio.load(body.bodyHtml).text())).toBe(visible(fields.comment));
        expect(activeContent(body.bodyHtml)).toEqual([]);
        expect(res.text).not.toContain(fields.email);
      },
    ), { numRuns: 40 });
  });
});
