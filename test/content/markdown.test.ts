import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer, type RenderedMarkdown } from '../../src/content/markdown.js';
import { summarize } from '../../src/content/plain-text.js';

const render = createMarkdownRenderer();
const md = (...lines: string[]): RenderedMarkdown => render(lines.join('\n'), { assetBase: '/articles/hello/' });
const html = (...lines: string[]): string => md(...lines).body.parts.join('');
const $ = (...lines: string[]) => cheerio.load(html(...lines), null, false);

/** Every href and src, with the characters a browser strips from URLs removed, as a browser would read it. */
const urlsOf = (out: string) =>
  [...out.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/[\x00-\x20]/g, ''));

describe('createMarkdownRenderer', () => {
  describe('GitHub-flavoured Markdown', () => {
    it('renders a table inside a focusable scroll box', () => {
      const doc = $('| a | b |', '|---|---|', '| 1 | 2 |');
      const box = doc('div.table-scroll');
      expect(box).toHaveLength(1);
      expect(box.attr('tabindex')).toBe('0');
      expect(box.children('table').find('td').map((_, td) => doc(td).text()).get()).toEqual(['1', '2']);
    });

    it('renders task lists as disabled checkboxes, keeping which are ticked', () => {
      const doc = $('- [ ] todo', '- [x] done');
      const boxes = doc('input[type=checkbox]');
      expect(boxes).toHaveLength(2);
      expect(boxes.map((_, b) => doc(b).attr('disabled') !== undefined).get()).toEqual([true, true]);
      expect(boxes.map((_, b) => doc(b).attr('checked') !== undefined).get()).toEqual([false, true]);
    });

    it('renders ~~strikethrough~~ as <del>', () => {
      expect(html('~~gone~~')).toContain('<del>gone</del>');
    });

    it('turns a bare URL into a link', () => {
      expect($('See https://example.com today')('a').attr('href')).toBe('https://example.com');
    });
  });

  describe('headings', () => {
    it('gives headings stable ids and numbers repeated ones', () => {
      const doc = $('## A', '', 'text', '', '## A', '', 'more', '', '### Hello, *World*!');
      expect(doc('h2, h3').map((_, h) => h.attribs.id).get()).toEqual(['a', 'a-1', 'hello-world']);
    });

    it('gives the same ids on every render, not continuing the count from the last article', () => {
      render('## A', { assetBase: '/' });
      expect($('## A')('h2').attr('id')).toBe('a');
    });

    it('renders a body # heading as <h2>, since the page title is the only <h1>', () => {
      const out = html('# Top');
      expect(out).not.toContain('<h1');
      expect(out).toContain('<h2 id="top">Top</h2>');
    });
  });

  describe('code', () => {
    it('highlights a fenced block with a known language on the server', () => {
      const doc = $('```js', 'const x = 1;', '```');
      const code = doc('pre > code');
      expect(code.attr('class')).toBe('hljs language-js');
      expect(code.find('span.hljs-keyword').first().text()).toBe('const');
    });

    it('escapes code it cannot highlight, under the plain hljs class', () => {
      const doc = $('```', '<b>not bold</b>', '```');
      expect(doc('pre > code').attr('class')).toBe('hljs');
      expect(doc('pre > code').text()).toBe('<b>not bold</b>\n');
      expect(doc('b')).toHaveLength(0);
    });
  });

  describe('links and images', () => {
    it('resolves a relative image against the asset base', () => {
      expect($('![A cat](cat.png)')('img').attr('src')).toBe('/articles/hello/cat.png');
    });

    it('leaves absolute and root-relative images alone', () => {
      const doc = $('![a](https://cdn.example.com/a.png) ![b](/img/b.png)');
      expect(doc('img').map((_, i) => i.attribs.src).get()).toEqual(['https://cdn.example.com/a.png', '/img/b.png']);
    });

    it('resolves a relative file link against the asset base but leaves anchors and site paths alone', () => {
      const doc = $('[slides](slides.pdf) [top](#top) [about](/about)');
      expect(doc('a').map((_, a) => a.attribs.href).get()).toEqual(['/articles/hello/slides.pdf', '#top', '/about']);
    });

    it('adds noopener to external links only', () => {
      const doc = $('[out](https://example.org) [in](/about)');
      expect(doc('a').first().attr('rel')?.split(' ')).toContain('noopener');
      expect(doc('a').last().attr('rel')).toBeUndefined();
    });

    it('images load lazily', () => {
      expect($('![a](a.png)')('img').attr('loading')).toBe('lazy');
    });
  });

  describe('sanitizing', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '',
      '<style>body { display: none }</style>',
      '',
      'Text <img src="/x.png" onerror="alert(2)"> and <a href="#" onclick="alert(3)">click</a> <b onmouseover="alert(4)">b</b>',
      '',
      '[js](javascript:alert(5)) [JS](JaVaScRiPt:alert(6)) [data](data:text/html;base64,PHNjcmlwdD4=) [enc](jav&#x09;ascript:alert(7))',
      '',
      '<a href="javascript:alert(8)">raw</a> <a href="jav&#x09;ascript:alert(9)">tab</a> <a href="&#106;avascript:alert(10)">dec</a>',
      '',
      '<iframe src="https://evil.example/"></iframe>',
      '',
      '<form action="https://evil.example/"><input name="q"><button>Go</button></form>',
      '',
      '<svg onload="alert(11)"><circle r="1"/></svg>',
      '',
      '<img src="data:image/png;base64,AAAA" alt="d">',
      '',
      '![x](javascript:alert(12))',
    ];
    const out = html(...hostile);

    it('removes script and style elements with their contents', () => {
      expect(out).not.toMatch(/<script/i);
      expect(out).not.toMatch(/<style/i);
      expect(out).not.toContain('alert(1)');
      expect(out).not.toContain('display: none');
    });

    it('removes every event-handler attribute', () => {
      expect(out).not.toMatch(/\son\w+=/i);
    });

    it('leaves no javascript: or data: URL, however it is spelled', () => {
      expect(out).not.toMatch(/javascript:/i);
      for (const url of urlsOf(out)) expect(url).not.toMatch(/^(javascript|data|vbscript):/i);
      expect(urlsOf(out).join(' ')).not.toMatch(/data:/i);
    });

    it('removes iframes, forms, their fields and svg', () => {
      expect(out).not.toMatch(/<iframe|<form|<input|<button|<svg/i);
      expect(out).not.toContain('evil.example');
    });

    it('keeps the visible text around what it removes', () => {
      const doc = cheerio.load(out, null, false);
      expect(doc('a').map((_, a) => doc(a).text()).get()).toEqual(expect.arrayContaining(['click', 'js', 'raw', 'tab', 'dec']));
    });

    it('keeps details/summary, figure and img', () => {
      const doc = $(
        '<details><summary>More</summary>Hidden text</details>',
        '',
        '<figure><img src="/img/p.png" alt="p"><figcaption>Caption</figcaption></figure>',
      );
      expect(doc('details > summary').text()).toBe('More');
      expect(doc('figure > img').attr('src')).toBe('/img/p.png');
      expect(doc('figure > figcaption').text()).toBe('Caption');
    });

    it('drops style and class attributes from ordinary elements', () => {
      const doc = $('<p style="color:red" class="x" id="y">styled</p>');
      expect(doc('p').attr('style')).toBeUndefined();
      expect(doc('p').attr('class')).toBeUndefined();
    });
  });

  describe('See also slots', () => {
    it('makes a "See also: <slug>" paragraph a ref slot and leaves it out of the HTML', () => {
      const { body } = md('Intro.', '', 'See also: some-slug', '', 'Outro.');
      expect(body.slots[0]).toEqual({ kind: 'ref', ref: 'some-slug' });
      expect(body.parts.join('')).not.toContain('See also');
    });

    it('makes <!-- see-also --> a next slot and <!-- see-also: x --> a ref slot', () => {
      const { body } = md('Intro.', '', '<!-- see-also -->', '', '<!-- see-also: x -->');
      expect(body.slots).toEqual([{ kind: 'next' }, { kind: 'ref', ref: 'x' }]);
    });

    it('does not treat "See also:" inside a fenced code block or a longer paragraph as a slot', () => {
      const { body } = md('```', 'See also: not-a-slot', '```', '', 'Some text', 'See also: inline');
      expect(body.slots.filter((s) => s.kind === 'ref')).toEqual([]);
      expect(body.parts.join('')).toContain('See also: not-a-slot');
      expect(body.parts.join('')).toContain('See also: inline');
    });

    it('puts a section slot before each ## after the first content, and no block slots', () => {
      const { body } = md('Intro.', '', '## First', '', 'One.', '', 'Two.', '', '## Second', '', 'Three.');
      expect(body.slots).toEqual([{ kind: 'section' }, { kind: 'section' }]);
      expect(body.parts[1]).toMatch(/^<h2 id="first">/);
      expect(body.parts[2]).toMatch(/^<h2 id="second">/);
    });

    it('puts no slot before a heading that opens the body', () => {
      const { body } = md('## Start', '', 'Text.', '', '## Next', '', 'More.');
      expect(body.slots).toEqual([{ kind: 'section' }]);
      expect(body.parts[1]).toMatch(/^<h2 id="next">/);
    });

    it('uses block slots between top-level blocks only when there are no sections', () => {
      const { body } = md('One.', '', 'Two.', '', '- a', '- b', '', '> quote');
      expect(body.slots).toEqual([{ kind: 'block' }, { kind: 'block' }, { kind: 'block' }]);
    });

    it('gives a body whose only ## opens it block slots, with or without blank lines before it', () => {
      const plain = md('## Only', '', 'One.', '', 'Two.').body.slots;
      const afterBlankLine = md('', '', '## Only', '', 'One.', '', 'Two.').body.slots;
      expect(plain).toEqual([{ kind: 'block' }, { kind: 'block' }]);
      expect(afterBlankLine).toEqual(plain);
    });

    it('always cuts the body into one more part than there are slots', () => {
      for (const body of [
        md('Just one paragraph.').body,
        md('See also: a', '', '<!-- see-also -->').body,
        md('Intro.', '', 'See also: a', '', '## S', '', 'x', '', '## T', '', '<!-- see-also -->').body,
        md('One.', '', 'Two.', '', 'Three.').body,
      ]) {
        expect(body.parts.length).toBe(body.slots.length + 1);
      }
    });

    it('ignores the private slot-marker character in the source, so text cannot fake a slot', () => {
      const { body } = md('Odd \uE0000\uE000 text.', '', 'More.');
      expect(body.parts.length).toBe(body.slots.length + 1);
      expect(body.parts.join('')).not.toContain('\uE000');
    });
  });

  // Worked out from the Markdown without rendering it, for excerpts, reading time and search.
  describe('plainText and firstParagraph', () => {
    const text = (...lines: string[]) => summarize(lines.join('\n'));

    it('leaves footnote references and note labels out of excerpts and search text', () => {
      const { plainText, firstParagraph } = text('Tea came late[^tea] to Europe.', '', '[^tea]: Dutch traders, 1610.');
      expect(firstParagraph).toBe('Tea came late to Europe.');
      expect(plainText).toContain('Dutch traders, 1610.');
      expect(plainText).not.toContain('[^');
    });

    it('gives the visible text without markup, marker lines or highlighting', () => {
      const { plainText } = text(
        '# Title',
        '',
        'Some **bold** and <b>inline</b> [link](https://example.com) text.',
        '',
        'See also: other-post',
        '',
        '<!-- see-also -->',
        '',
        '```js',
        'if (a < b && c) { return "x"; }',
        '```',
        '',
        '| h1 | h2 |',
        '|----|----|',
        '| c1 | c2 |',
      );
      expect(plainText).toBe('Title\n\nSome bold and inline link text.\n\nif (a < b && c) { return "x"; }\n\nh1 h2\nc1 c2');
      expect(plainText).not.toMatch(/<\/?[a-z]|hljs|See also|see-also/i);
    });

    it('decodes the entities Markdown text escapes', () => {
      expect(text('Tom &amp; Jerry said &quot;hi&quot; 5 &lt; 6').plainText).toBe('Tom & Jerry said "hi" 5 < 6');
    });

    it('gives the first paragraph as one line of plain text, skipping a leading See also line', () => {
      const { firstParagraph } = text('## Heading', '', 'See also: x', '', 'The *first*', 'real paragraph.', '', 'Second.');
      expect(firstParagraph).toBe('The first real paragraph.');
    });

    it('gives an empty first paragraph when there is none', () => {
      expect(text('## Only a heading').firstParagraph).toBe('');
    });
  });
});
