import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { ArticleLink } from '../../src/content/article.js';
import { buildArticle } from '../../src/content/build-article.js';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../src/content/markdown.js';
import { MAX_NESTING } from '../../src/content/nesting.js';
import { placeSeeAlso } from '../../src/content/see-also.js';
import { article } from '../helpers/content-dir.js';

const render = createMarkdownRenderer();
const md = (...lines: string[]) => render(lines.join('\n'), { assetBase: '/articles/hello/' }).body;
const load = (...lines: string[]) => cheerio.load(md(...lines).parts.join(''), null, false);

/** Elements whose content a reader never sees (or sees only after opening it). */
const HIDING = 'details, script, style, template, iframe, textarea, title, noscript, object, video, audio';

/** The paragraph holding exactly `text`, checked to be shown to readers. */
function visibleParagraph(doc: cheerio.CheerioAPI, text: string) {
  const found = doc('p').filter((_, p) => doc(p).text() === text);
  expect(found, `"${text}" is missing`).toHaveLength(1);
  expect(found.parents(HIDING), `"${text}" is inside a hidden element`).toHaveLength(0);
  return found;
}

describe('raw HTML never removes or hides the text around it', () => {
  it.each([
    ['a self-closed iframe', '<iframe src="https://video.example/embed/1" />'],
    ['a self-closed video', '<video src="clip.mp4" />'],
    ['a self-closed div', '<div/>'],
    ['a self-closed script', '<script/>'],
    ['a script that is never closed', '<script src="https://evil.example/x.js">'],
    ['an unclosed details', '<details>\n<summary>Spoiler</summary>'],
    ['a comment', '<!-- a note for editors -->'],
    ['a comment that is never closed', '<!-- a note for editors'],
    ['an inline self-closed iframe', 'Watch this <iframe src="https://video.example/embed/1"/> clip.'],
    ['a tag whose attribute quote never closes', '<span title="oops'],
  ])('keeps everything after %s', (_, html) => {
    const doc = load('Intro.', '', html, '', 'After paragraph.', '', '## Next part', '', 'Last words.');
    visibleParagraph(doc, 'Intro.');
    visibleParagraph(doc, 'After paragraph.');
    visibleParagraph(doc, 'Last words.');
    expect(doc('h2#next-part').parents(HIDING)).toHaveLength(0);
    expect(doc('script, iframe')).toHaveLength(0);
    // A video is allowed now, but it holds none of the text around it.
    expect(doc('video').text()).toBe('');
  });

  it('still wraps Markdown in a details element that is closed', () => {
    const doc = load('<details>', '<summary>More</summary>', '', 'Inside.', '', '</details>', '', 'Outside.');
    expect(doc('details p').text()).toBe('Inside.');
    visibleParagraph(doc, 'Outside.');
  });

  it('keeps a long article after an embed whole: every section is there', () => {
    const sections = Array.from({ length: 40 }, (_, i) => `## Section ${i}\n\n${'Word '.repeat(400)}`);
    const body = md('Intro.', '', '<iframe width="560" height="315" src="https://video.example/embed/2" />', '', ...sections);
    const text = cheerio.load(body.parts.join(''), null, false).text();
    expect(text.match(/Section \d+/g)).toHaveLength(40);
    expect(text.split('Word').length - 1).toBe(40 * 400);
  });

  it('drops protocol-relative links and images, which would leave the site', () => {
    const out = md('[a](//evil.example/a) <a href="//evil.example/b">b</a>', '', '![c](//evil.example/c.png) <img src="//evil.example/d.png" alt="d">').parts.join('');
    expect(out).not.toContain('evil.example');
    expect(cheerio.load(out, null, false)('a').text()).toBe('ab');
  });
});

describe('"See also" slots cannot be faked by the body', () => {
  const links: ArticleLink[] = [
    { slug: 'one', title: 'One', href: '/articles/one' },
    { slug: 'two', title: 'Two', href: '/articles/two' },
  ];
  /** The body as the article page puts it together, See also lines and all. */
  const page = (body: ReturnType<typeof md>) => cheerio.load(placeSeeAlso(body, links, () => undefined)
    .map((part) => part.bodyHtml + part.seeAlso.map((l) => `<p class="see-also"><a href="${l.href}">${l.title}</a></p>`).join(''))
    .join(''), null, false);

  it('ignores marker characters written as entities, in text and in attributes', () => {
    const body = md('Odd &#xE000;0&#xE000; text and <abbr title="&#xE000;1&#xE000;">WHO</abbr>.', '', '## A', '', 'One.', '', '## B', '', 'Two.');
    expect(body.slots).toEqual([{ kind: 'section' }, { kind: 'section' }]);
    const doc = page(body);
    expect(doc('abbr').attr('title')).not.toMatch(/see|href|</i);
    expect(doc('abbr').text()).toBe('WHO');
    // Each link sits between the blocks, never inside an element.
    expect(doc.root().children('p.see-also')).toHaveLength(2);
    expect(doc('p.see-also').map((_, p) => doc(p).text()).get()).toEqual(['One', 'Two']);
  });

  it('moves a slot out of an element the body opens and closes around sections', () => {
    const body = md('<div class="box">', '', '## Inside', '', 'Boxed.', '', '</div>', '', '## Outside', '', 'Free.');
    expect(body.parts.length).toBe(body.slots.length + 1);
    const doc = page(body);
    expect(doc('div p.see-also')).toHaveLength(0);
    expect(doc.root().children('p.see-also').length).toBeGreaterThan(0);
    expect(doc('div p').text()).toBe('Boxed.');
  });
});

describe('bodies nested too deeply', () => {
  const quotes = (n: number) => `${'> '.repeat(n)}deep\n`;
  const list = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');

  it.each([
    ['5,000 nested block quotes', quotes(5000)],
    ['600 nested list levels', list(600)],
    ['2,000 list markers on one line', `${'- '.repeat(2000)}x`],
    ['quotes and lists mixed on one line', `${'> - '.repeat(1000)}x`],
  ])('refuses %s with a reason instead of rendering it', (_, body) => {
    const rendered = md(body);
    expect(rendered.failure).toMatch(/nested more than \d+ levels/);
    expect(rendered.parts).toEqual(['']);
    expect(rendered.slots).toEqual([]);
  });

  it(`renders real nesting up to ${MAX_NESTING} levels, and rules drawn with spaced dashes`, () => {
    const ok = md(quotes(MAX_NESTING - 1), '', list(MAX_NESTING), '', '- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -');
    expect(ok.failure).toBeUndefined();
    const doc = cheerio.load(ok.parts.join(''), null, false);
    expect(doc('blockquote')).toHaveLength(MAX_NESTING - 1);
    expect(doc('ul')).toHaveLength(MAX_NESTING);
    expect(doc('hr')).toHaveLength(1);
  });

  it('renders a refused body once and remembers the failure', () => {
    let calls = 0;
    const counting: MarkdownRenderer = (markdown, options) => {
      calls += 1;
      return render(markdown, options);
    };
    const built = buildArticle({ file: 'deep.md', raw: article({ title: 'Deep', date: '2026-01-01' }, quotes(5000)), assets: new Map() }, counting);
    if (!built.ok) throw new Error('the article should load, with its body refused');
    expect(built.warnings).toEqual([expect.objectContaining({ severity: 'error', file: 'deep.md', line: 6, message: expect.stringMatching(/nested/) })]);
    for (let i = 0; i < 3; i += 1) expect(built.article.body.failure).toMatch(/nested/);
    expect(calls).toBe(1);
  });
});
