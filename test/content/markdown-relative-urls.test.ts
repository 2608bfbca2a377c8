import { describe, expect, it } from 'vitest';
import { resolveBodyUrl, resolveSrcset } from '../../src/content/relative-urls.js';

describe('resolveBodyUrl, in the body of the article "tea"', () => {
  it.each([
    // Files beside the article.
    ['x.png', '/articles/tea/x.png'],
    ['./x.png', '/articles/tea/x.png'],
    ['images/x.png', '/articles/tea/images/x.png'],
    ['./images/x.png?v=2#top', '/articles/tea/images/x.png?v=2#top'],
    ['slides.pdf', '/articles/tea/slides.pdf'],
    // Other articles, however the editor's file tree names them.
    ['../coffee/', '/articles/coffee'],
    ['../coffee', '/articles/coffee'],
    ['../coffee/index.md', '/articles/coffee'],
    ['../coffee/index.markdown', '/articles/coffee'],
    ['../coffee.md', '/articles/coffee'],
    ['../coffee.markdown', '/articles/coffee'],
    ['./coffee.md', '/articles/coffee'],
    ['coffee.md', '/articles/coffee'],
    ['coffee.markdown#brewing', '/articles/coffee#brewing'],
    ['../coffee/#brewing', '/articles/coffee#brewing'],
    ['../coffee/index.md#brewing', '/articles/coffee#brewing'],
    // The article itself.
    ['index.md#part-2', '/articles/tea#part-2'],
    ['./', '/articles/tea'],
    // A file beside another article.
    ['../coffee/beans.jpg', '/articles/coffee/beans.jpg'],
  ])('%s → %s', (written, expected) => {
    expect(resolveBodyUrl(written, '/articles/tea/')).toBe(expected);
  });

  it.each([
    'https://example.com/a.png', 'http://example.com/', '/about', '/articles/coffee', '#notes', '?page=2',
    'mailto:editor@example.com', 'tel:+441234', '//cdn.example.com/x.png', '',
  ])('leaves %s as written', (written) => {
    expect(resolveBodyUrl(written, '/articles/tea/')).toBe(written);
  });

  it('reads the URL as a browser does, so hidden characters cannot disguise a scheme', () => {
    expect(resolveBodyUrl(' java\tscript:alert(1)', '/articles/tea/')).toBe(' java\tscript:alert(1)');
    expect(resolveBodyUrl('\n../coffee/ ', '/articles/tea/')).toBe('/articles/coffee');
  });

  it('resolves every candidate of a srcset, keeping the descriptors', () => {
    expect(resolveSrcset('a.png 1x, images/a@2x.png 2x,https://cdn.example/b.png 3x', '/articles/tea/'))
      .toBe('/articles/tea/a.png 1x, /articles/tea/images/a@2x.png 2x, https://cdn.example/b.png 3x');
    expect(resolveSrcset('small.jpg 480w,large.jpg 1080w', '/articles/tea/')).toBe('/articles/tea/small.jpg 480w, /articles/tea/large.jpg 1080w');
    expect(resolveSrcset('a.png,b.png', '/articles/tea/')).toBe('/articles/tea/a.png,b.png');
    expect(resolveSrcset('a.png, b.png', '/articles/tea/')).toBe('/articles/tea/a.png, /articles/tea/b.png');
  });
});
