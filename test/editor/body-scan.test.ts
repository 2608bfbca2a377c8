import { describe, expect, it } from 'vitest';
import { scanBody } from '../../src/editor/body-scan.js';
import { relativeTarget } from '../../src/editor/check-links.js';
import { findTemplateSyntax } from '../../src/editor/template-syntax.js';

/** Each template finding as `line: start of message`, lines counted in the body. */
function findings(body: string): string[] {
  const scan = scanBody(body);
  return findTemplateSyntax(scan.prose).map((f) => `${scan.lineAt(f.offset)}: ${f.message.split(':')[0]}`);
}

describe('template syntax that reaches a reader', () => {
  it('is found in text, lists, quotes, headings and raw HTML, on its own line', () => {
    expect(findings([
      '# {{ page.title }}',
      '',
      '- item {%- if x -%}',
      '',
      '> quoted {{% note %}} inside {{% /note %}}',
      '',
      '<p>{{ html }}</p>',
      '',
      'A stray {{< /highlight >}}',
    ].join('\n'))).toEqual([
      '1: template expressions are not filled in here and would show as text',
      '3: Liquid tags are not run here and would show as text',
      '5: Hugo shortcodes are not run here and would show as text',
      '7: template expressions are not filled in here and would show as text',
      '9: Hugo shortcodes are not run here and would show as text',
    ]);
  });

  it('is left alone in code: fences, indented blocks, code spans, code in quotes and lists, <pre>, comments', () => {
    expect(findings([
      '~~~',
      '{% for p in posts %}',
      '~~~',
      '',
      '    {{ indented }}',
      '',
      'Write `{{ name }}` or ``{% tag %}``.',
      '',
      '> ```',
      '> {{ quoted.code }}',
      '> ```',
      '',
      '- ```',
      '  {% in_list %}',
      '  ```',
      '',
      '<pre>{{ pre }}</pre> <code>{% code %}</code> <!-- {{ hidden }} -->',
    ].join('\n'))).toEqual([]);
  });

  it('reports a pair of tags once, at the opening one', () => {
    expect(findings('{% comment %}\nold note\n{% endcomment %}\n\n{{< youtube id >}}')).toEqual([
      '1: Liquid tags are not run here and would show as text',
      '5: Hugo shortcodes are not run here and would show as text',
    ]);
  });

  it('finds each link and image with its line, in Markdown and raw HTML', () => {
    const scan = scanBody('Intro\n\n[a](one.md) and `[not](code.md)`\n\n<img\n  src="two.png">\n\n[ref][r]\n\n[r]: three.pdf\n');
    expect(scan.urls.map((u) => [u.line, u.kind, u.url])).toEqual([
      [3, 'link', 'one.md'],
      [6, 'src', 'two.png'],
      [8, 'link', 'three.pdf'],
    ]);
  });
});

describe('relativeTarget (the page\'s own rule for relative URLs in the article "s")', () => {
  it.each([
    ['x.png', { kind: 'file', slug: 's', name: 'x.png' }],
    ['./x.png', { kind: 'file', slug: 's', name: 'x.png' }],
    ['images/x.png', { kind: 'file', slug: 's', name: 'images/x.png' }],
    ['my%20photo.png', { kind: 'file', slug: 's', name: 'my photo.png' }],
    ['../t/', { kind: 'article', slug: 't' }],
    ['../t', { kind: 'article', slug: 't' }],
    ['../t/index.md', { kind: 'article', slug: 't' }],
    ['../t.md', { kind: 'article', slug: 't' }],
    ['./t.md#part', { kind: 'article', slug: 't' }],
    ['t.md', { kind: 'article', slug: 't' }],
    ['../t/x.png', { kind: 'file', slug: 't', name: 'x.png' }],
  ])('reads %s as %o', (url, target) => {
    expect(relativeTarget(url, 's')).toEqual(target);
  });

  it.each(['/articles/t', 'https://example.org/x.png', '#top', '?page=2', 'mailto:a@example.org', '//cdn.example.org/x.png', ''])(
    'leaves %s to other checks',
    (url) => {
      expect(relativeTarget(url, 's')).toBeUndefined();
    },
  );
});
