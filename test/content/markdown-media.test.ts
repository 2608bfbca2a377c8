import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

const render = createMarkdownRenderer();
const $ = (...lines: string[]) =>
  cheerio.load(render(lines.join('\n'), { assetBase: '/articles/tea/' }).body.parts.join(''), null, false);

/** The attributes of the first element matching `selector`. */
const attrsOf = (doc: cheerio.CheerioAPI, selector: string) => ({ ...doc(selector).first().attr() });

const PLAYER_ATTRS = { loading: 'lazy', allowfullscreen: '', referrerpolicy: 'strict-origin-when-cross-origin' };

describe('video and audio', () => {
  it('keeps a video with its sources and captions, with controls on and only its metadata preloaded', () => {
    const doc = $(
      '<video src="clip.mp4" poster="poster.jpg" autoplay width="640" height="360" onplay="alert(1)">',
      '<source src="clip.webm" type="video/webm">',
      '<source src="https://media.example.org/clip.mp4" type="video/mp4">',
      '<track src="captions.vtt" kind="captions" srclang="en" label="English" default>',
      '</video>',
    );
    expect(attrsOf(doc, 'video')).toEqual({
      src: '/articles/tea/clip.mp4', poster: '/articles/tea/poster.jpg', width: '640', height: '360', controls: '', preload: 'metadata',
    });
    expect(doc('video > source').map((_, s) => `${s.attribs.src} ${s.attribs.type}`).get())
      .toEqual(['/articles/tea/clip.webm video/webm', 'https://media.example.org/clip.mp4 video/mp4']);
    expect(attrsOf(doc, 'video > track')).toEqual({ src: '/articles/tea/captions.vtt', kind: 'captions', srclang: 'en', label: 'English', default: '' });
  });

  it('keeps audio the same way', () => {
    const doc = $('<audio src="https://media.example.org/talk.mp3" autoplay></audio>');
    expect(attrsOf(doc, 'audio')).toEqual({ src: 'https://media.example.org/talk.mp3', controls: '', preload: 'metadata' });
  });

  it('takes media only from the article folder or over HTTPS', () => {
    const doc = $(
      '<video src="http://media.example.org/a.mp4" poster="http://media.example.org/p.jpg"><source src="http://media.example.org/b.mp4"><track src="ftp://media.example.org/c.vtt"></video>',
    );
    expect(doc.html()).not.toContain('media.example.org');
    expect(doc('video')).toHaveLength(1);
  });
});

describe('embedded video players', () => {
  it('renders the form importers write: a youtube-nocookie iframe on a line of its own', () => {
    const doc = $('Intro.', '', '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Our talk at the conference"></iframe>', '', 'After.');
    expect(attrsOf(doc, 'iframe')).toEqual({ src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', title: 'Our talk at the conference', ...PLAYER_ATTRS });
    expect(doc('iframe').parent().is('span.embed')).toBe(true);
    expect(doc('p').map((_, p) => doc(p).text()).get()).toEqual(['Intro.', 'After.']);
  });

  it.each([
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', 'YouTube video'],
    ['https://youtube.com/embed/dQw4w9WgXcQ?start=42&autoplay=1&list=x', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42', 'YouTube video'],
    ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?end=90', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?end=90', 'YouTube video'],
    ['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/video/76979871?dnt=1', 'Vimeo video'],
    ['https://player.vimeo.com/video/76979871?h=8272103f6e&autoplay=1#t=1m30s', 'https://player.vimeo.com/video/76979871?dnt=1&h=8272103f6e#t=1m30s', 'Vimeo video'],
  ])('allows %s as %s, titled "%s" when the author gave no title', (src, player, title) => {
    const doc = $(`<iframe src="${src.replace(/&/g, '&amp;')}" width="560" height="315" frameborder="0" allow="autoplay; encrypted-media" style="border:0" onload="alert(1)" allowfullscreen></iframe>`);
    expect(attrsOf(doc, 'iframe')).toEqual({ src: player, title, ...PLAYER_ATTRS });
  });

  it.each([
    'https://evil.example/embed/dQw4w9WgXcQ',
    'http://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ',
    'https://user@www.youtube.com/embed/dQw4w9WgXcQ',
    'https://player.vimeo.com/video/abc',
    'https://vimeo.com/76979871',
    '/articles/tea/page.html',
    'javascript:alert(1)',
  ])('removes an iframe of %s with everything in it', (src) => {
    const doc = $('Before.', '', `<iframe src="${src}">Your browser cannot show <b>this</b>.</iframe>`, '', 'After.');
    expect(doc('iframe, .embed')).toHaveLength(0);
    expect(doc.text()).not.toContain('cannot show');
    expect(doc('p').map((_, p) => doc(p).text()).get()).toEqual(['Before.', 'After.']);
  });

  it('keeps nothing an allowed player holds, and an embed inside a paragraph leaves the paragraph whole', () => {
    const doc = $('Watch <iframe src="https://player.vimeo.com/video/76979871">Fallback <b>text</b> <iframe src="https://player.vimeo.com/video/1"></iframe></iframe> now.');
    expect(doc('iframe')).toHaveLength(1);
    expect(doc('iframe').children()).toHaveLength(0);
    expect(doc('iframe').text()).toBe('');
    expect(doc('p').text()).toBe('Watch  now.');
    expect(doc('p > span.embed > iframe')).toHaveLength(1);
  });
});

describe('the article page with an embedded player', () => {
  it('shows the player, and the Content-Security-Policy lets the page frame exactly the allowed players', async () => {
    const dir = contentDir({
      'talk/index.md': article({ title: 'Our talk', date: '2026-01-10' },
        'We spoke about reading gardens.\n\n<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Reading gardens talk"></iframe>\n\n<video src="clip.mp4"></video>'),
      'talk/clip.mp4': 'not really a video',
    });
    const { app } = await makeTestApp({ contentDir: dir });
    const res = await request(app).get('/articles/talk');
    expect(res.status).toBe(200);
    const page = cheerio.load(res.text);
    expect(page('.post-body iframe').attr('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(page('.post-body video').attr('src')).toBe('/articles/talk/clip.mp4');
    const directives = new Map((res.headers['content-security-policy'] as string).split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }));
    expect(directives.get('frame-src')).toEqual(['https://www.youtube-nocookie.com', 'https://player.vimeo.com']);
    // The bundle's own files and media over HTTPS may play; nothing else may frame or be framed.
    expect(directives.get('media-src')).toEqual(["'self'", 'https:']);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect((await request(app).get('/articles/talk/clip.mp4')).status).toBe(200);
  });
});
