import { describe, expect, it } from 'vitest';
import type { ImportProblem } from '../../src/import/model.js';
import { convertBody, type Attachment } from '../../src/import/wordpress/body.js';
import { commentPlainText } from '../../src/import/wordpress/comment-text.js';
import { createHtmlToMarkdown } from '../../src/import/wordpress/html-to-markdown.js';
import { replaceShortcodes } from '../../src/import/wordpress/shortcodes.js';

const toMarkdown = createHtmlToMarkdown();
const attachments: Attachment[] = [
  { id: '5', url: 'https://old.example.org/wp-content/uploads/2019/01/a.png', alt: 'First', caption: 'The first one' },
  { id: '6', url: 'https://old.example.org/wp-content/uploads/2019/01/b.png', alt: 'Second', caption: '' },
];

/** Converts a body as the importer does, collecting its problems. */
function convert(html: string) {
  const problems: Omit<ImportProblem, 'source'>[] = [];
  const markdown = convertBody(html, {
    attachment: (id) => attachments.find((a) => a.id === id),
    childAttachments: () => attachments,
    rewriteUrl: (url) => (url === 'https://old.example.org/2019/01/other/' ? '/articles/other' : undefined),
    toMarkdown,
    problem: (message, lost) => problems.push({ message, lost }),
  });
  return { markdown, problems };
}

describe('convertBody: paragraphs as WordPress shows them', () => {
  it('keeps blank-line paragraphs and single-newline breaks of classic-editor text', () => {
    const { markdown } = convert('First line\nsecond line\n\nNew paragraph with <strong>bold</strong>.\n<h2>Section</h2>\nAfter the heading.');
    expect(markdown).toBe('First line  \nsecond line\n\nNew paragraph with **bold**.\n\n## Section\n\nAfter the heading.');
  });

  it('drops block-editor comments and leaves block-editor paragraphs as they are', () => {
    const { markdown } = convert('<!-- wp:paragraph -->\n<p>One\nline.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator {"x":1} -->\n<hr/>\n<!-- /wp:separator -->');
    expect(markdown).toBe('One line.\n\n---');
    expect(markdown).not.toContain('wp:');
  });

  it('drops <!--more--> and joins <!--nextpage--> pages', () => {
    expect(convert('Before<!--more-->After\n\n<!--nextpage-->\n\nPage two').markdown).toBe('Before\n\nAfter\n\nPage two');
  });
});

describe('convertBody: shortcodes', () => {
  it('turns [caption] into a figure with its caption', () => {
    const { markdown, problems } = convert('[caption id="attachment_5" width="300"]<a href="https://x.example/a.png"><img src="https://x.example/a.png" alt="Bell" /></a> The <em>bell</em>[/caption]');
    expect(markdown).toBe('<figure>\n\n[![Bell](https://x.example/a.png)](https://x.example/a.png)\n\n<figcaption>\n\nThe _bell_\n\n</figcaption>\n\n</figure>');
    expect(problems).toEqual([]);
  });

  it('shows the attachments a [gallery] names, with their captions', () => {
    const { markdown } = convert('[gallery ids="6,5"]');
    expect(markdown.indexOf('![Second]')).toBeLessThan(markdown.indexOf('![First]'));
    expect(markdown).toContain('<figcaption>\n\nThe first one\n\n</figcaption>');
  });

  it('shows the post\'s own attachments for a [gallery] without ids, and reports missing ones as lost', () => {
    expect(convert('[gallery columns="2"]').markdown).toContain('![First](https://old.example.org/wp-content/uploads/2019/01/a.png)');
    expect(convert('[gallery ids="5,99"]').problems).toEqual([{ message: '[gallery] shows attachment 99, which is not in the export', lost: true }]);
  });

  it('turns YouTube and Vimeo embeds into the allowed players on a line of their own', () => {
    const { markdown, problems } = convert('Watch:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n[embed]https://vimeo.com/76979871[/embed]\n\nhttps://youtu.be/dQw4w9WgXcQ');
    expect(markdown.split('\n\n')).toEqual([
      'Watch:',
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video"></iframe>',
      '<iframe src="https://player.vimeo.com/video/76979871" title="Vimeo video"></iframe>',
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video"></iframe>',
    ]);
    expect(problems).toEqual([]);
  });

  it('turns other embeds into links and says so', () => {
    const { markdown, problems } = convert('https://twitter.com/someone/status/1');
    expect(markdown).toBe('[https://twitter.com/someone/status/1](https://twitter.com/someone/status/1)');
    expect(problems[0]).toMatchObject({ lost: false });
    expect(problems[0]?.message).toContain('is now a link');
  });

  it('turns [code] and [sourcecode] into fenced code with its language, characters intact', () => {
    const { markdown } = convert('[code lang="js"]\nif (a &lt; b && c > d) {\n\n  return "x";\n}\n[/code]\n\n[sourcecode language="css"]p { color: red; }[/sourcecode]');
    expect(markdown).toBe('```js\nif (a < b && c > d) {\n\n  return "x";\n}\n```\n\n```css\np { color: red; }\n```');
  });

  it('keeps the text of an unknown shortcode and reports one that showed something as lost', () => {
    const { markdown, problems } = convert('[box style="big"]Sign up.[/box]\n\n[poll id="3"]\n\nA [sic] stays.');
    expect(markdown).toBe('Sign up.\n\nA \\[sic\\] stays.');
    expect(problems).toEqual([
      { message: 'shortcode [box] is not supported: it was removed, its text kept', lost: false },
      { message: 'shortcode [poll] is not supported: it was removed with what it showed', lost: true },
    ]);
  });

  it('leaves an escaped [[gallery]] as the literal text', () => {
    expect(replaceShortcodes('Write [[gallery]] to show images.', () => 'X')).toBe('Write [gallery] to show images.');
  });
});

describe('convertBody: HTML → Markdown', () => {
  it('keeps tables, strikethrough, nested lists, code with its language and definition lists', () => {
    const { markdown } = convert('<table><thead><tr><th>Day</th><th>N</th></tr></thead><tbody><tr><td>Sat</td><td>120</td></tr></tbody></table>\n\n<del>old</del> new\n\n<ul><li>one\n<ol><li>inner</li></ol></li><li>two</li></ul>\n\n<pre><code class="language-python">print("hi")\n\nprint(2)</code></pre>\n\n<pre class="brush: php">echo 1;</pre>\n\n<dl><dt>Term</dt><dd>Meaning</dd></dl>');
    expect(markdown).toMatch(/^\| Day \| N +\|\n\| --- \| --- \|\n\| Sat \| 120 \|$/m);
    expect(markdown).toContain('~~old~~ new');
    expect(markdown).toContain('-   one\n    1.  inner\n-   two');
    expect(markdown).toContain('```python\nprint("hi")\n\nprint(2)\n```');
    expect(markdown).toContain('```php\necho 1;\n```');
    expect(markdown).toContain('<dl><dt>Term</dt><dd>Meaning</dd></dl>');
  });

  it('rewrites links through the context and drops scripts and event handlers', () => {
    const { markdown } = convert('<p>See <a href="https://old.example.org/2019/01/other/" onclick="steal()">the other post</a>.</p><script>alert(1)</script>');
    expect(markdown).toBe('See [the other post](/articles/other).');
  });
});

describe('commentPlainText', () => {
  it('keeps paragraphs and line breaks, writes link URLs and drops markup', () => {
    expect(commentPlainText('<p>Hello <strong>you</strong>,<br/>nice post.</p><p>See <a href="https://ex.example/p">my photos</a> &amp; <a href="https://ex.example/">https://ex.example/</a></p><script>x()</script>'))
      .toBe('Hello you,\nnice post.\n\nSee my photos (https://ex.example/p) & https://ex.example/');
  });

  it('keeps the blank lines of a plain-text comment', () => {
    expect(commentPlainText('First.\n\nSecond &lt;3')).toBe('First.\n\nSecond <3');
  });
});
