import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../src/content/markdown.js';

const render = createMarkdownRenderer();
const $ = (...lines: string[]) =>
  cheerio.load(render(lines.join('\n'), { assetBase: '/articles/tea/' }).body.parts.join(''), null, false);

describe('relative URLs in rendered bodies', () => {
  it('resolves Markdown links and images', () => {
    const doc = $('[Coffee](../coffee/) [brewing](coffee.md#brewing) [slides](./slides.pdf) ![Pot](images/pot.jpg) [top](#top) [about](/about)');
    expect(doc('a').map((_, a) => a.attribs.href).get()).toEqual(['/articles/coffee', '/articles/coffee#brewing', '/articles/tea/slides.pdf', '#top', '/about']);
    expect(doc('img').attr('src')).toBe('/articles/tea/images/pot.jpg');
  });

  it('resolves href, src, srcset and poster in raw HTML', () => {
    const doc = $(
      '<p><a href="../coffee.md">Coffee</a> <img src="./pot.jpg" srcset="pot.jpg 1x, pot@2x.jpg 2x" alt="Pot"></p>',
      '',
      '<picture><source srcset="pot.avif" type="image/avif"><img src="pot.jpg" alt="Pot"></picture>',
      '',
      '<video src="clip.mp4" poster="images/poster.jpg"><source src="./clip.webm" type="video/webm"><track src="subs.vtt" kind="captions" srclang="en" label="English"></video>',
    );
    expect(doc('p a').attr('href')).toBe('/articles/coffee');
    expect(doc('p img').attr('src')).toBe('/articles/tea/pot.jpg');
    expect(doc('p img').attr('srcset')).toBe('/articles/tea/pot.jpg 1x, /articles/tea/pot@2x.jpg 2x');
    expect(doc('picture source').attr('srcset')).toBe('/articles/tea/pot.avif');
    expect(doc('video').attr('src')).toBe('/articles/tea/clip.mp4');
    expect(doc('video').attr('poster')).toBe('/articles/tea/images/poster.jpg');
    expect(doc('video source').attr('src')).toBe('/articles/tea/clip.webm');
    expect(doc('video track').attr('src')).toBe('/articles/tea/subs.vtt');
  });

  it('never turns a URL into one that leaves the site or runs script', () => {
    const doc = $(
      '<a href="jav&#x09;ascript:alert(1)">a</a> <a href="../../\\\\evil.example/x">b</a> <a href="..\\..\\..\\/evil.example/">c</a>',
      '',
      '[d](../../../\\evil.example) <video poster="javascript:alert(2)" src="data:video/mp4;base64,AAAA"></video>',
    );
    const page = 'https://blog.example.org/articles/tea';
    const urls = doc('[href], [src], [poster]').map((_, el) => ['href', 'src', 'poster'].flatMap((name) => el.attribs[name] ?? [])).get();
    expect(urls.length).toBeGreaterThan(0);
    // Read as the browser reads them, against the article page's address.
    for (const url of urls) expect(new URL(url, page).origin).toBe('https://blog.example.org');
    expect(doc.html()).not.toMatch(/javascript:|data:/i);
  });
});
