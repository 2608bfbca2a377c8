import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { buildArticle } from '../../src/content/build-article.js';
import { createCatalog } from '../../src/content/catalog.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { createRedirectTable, normalizePath } from '../../src/content/redirects.js';
import { article } from '../helpers/content-dir.js';

const render = createMarkdownRenderer();

/** A real article from front matter lines, as loading builds it. */
function post(file: string, frontMatter: Record<string, string>): Article {
  const built = buildArticle({ file, raw: article({ title: file, date: '2024-01-01', ...frontMatter }), assets: new Map() }, render);
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('; '));
  return built.article;
}

const slugAt = (articles: readonly Article[], path: string, query = '') => {
  const table = createRedirectTable(articles);
  return (query ? table.byQuery(path, query) : table.byPath(path))?.slug;
};

describe('normalizePath', () => {
  it.each([
    ['/2019/05/caf%C3%A9/', '/2019/05/café'],
    ['/2019/05/cafe\u0301', '/2019/05/café'],
    ['/blog/slug///', '/blog/slug'],
    ['/', '/'],
    ['///', '/'],
    ['/bad%E0%A4%A', '/bad%E0%A4%A'],
  ])('reads %s as %s', (raw, normal) => {
    expect(normalizePath(raw)).toBe(normal);
  });
});

describe('createRedirectTable', () => {
  const cafe = post('cafe.md', { redirect_from: '[/2019/05/café/, /blog/Cafe, "/?p=123", "/index.php?p=5&lang=fr"]' });

  it('matches an old path whatever its percent-encoding and trailing slash, but not another letter case', () => {
    expect(slugAt([cafe], '/2019/05/caf%C3%A9')).toBe('cafe');
    expect(slugAt([cafe], '/2019/05/café/')).toBe('cafe');
    expect(slugAt([cafe], '/blog/Cafe/')).toBe('cafe');
    expect(slugAt([cafe], '/blog/cafe')).toBeUndefined();
  });

  it('matches an old path with a query when the request holds those parameters, whatever else it holds', () => {
    expect(slugAt([cafe], '/', 'p=123')).toBe('cafe');
    expect(slugAt([cafe], '/', 'utm_source=feed&p=123')).toBe('cafe');
    expect(slugAt([cafe], '/index.php', 'lang=fr&p=5&x=1')).toBe('cafe');
    expect(slugAt([cafe], '/index.php', 'p=5')).toBeUndefined();
    expect(slugAt([cafe], '/', 'p=1234')).toBeUndefined();
    expect(slugAt([cafe], '/')).toBeUndefined();
  });

  it('leaves drafts out', () => {
    const draft = post('draft.md', { draft: 'true', redirect_from: '[/old-draft/]' });
    expect(slugAt([draft], '/old-draft')).toBeUndefined();
  });

  it('gives an old path two articles claim to the first by file path, and reports the other', () => {
    const a = post('a.md', { redirect_from: '[/old/]' });
    const b = post('b.md', { redirect_from: '[/old]' });
    const table = createRedirectTable([b, a]);
    expect(table.byPath('/old')?.slug).toBe('a');
    expect(table.conflicts).toEqual([
      { file: 'b.md', from: '/old', index: 0, message: 'redirect_from "/old" is already claimed by a.md (redirect_from "/old/"), which keeps it; remove it from one of them' },
    ]);
  });

  it('refuses old paths that are live URLs of this site, and an article\'s own address', () => {
    const other = post('other.md', { tags: '[Gardens]', aliases: '[older-name]' });
    const greedy = post('greedy.md', {
      redirect_from: '[/articles/greedy/, /articles/other, /articles/older-name/, /tags/gardens, /feed.xml, /search, /admin/comments, /css/site.css, /Feed.XML, "/?page=2", "/search?q=x", /tags/unused]',
    });
    const table = createRedirectTable([other, greedy]);
    expect(table.conflicts.map((c) => c.message)).toEqual([
      'redirect_from "/articles/greedy/" is this article\'s own address; remove it',
      'redirect_from "/articles/other" is the address of the article "other", which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/articles/older-name/" is the address of the alias "older-name" (front matter "aliases"), which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/tags/gardens" is the address of the tag page "gardens", which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/feed.xml" is the address of the RSS feed, which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/search" is the address of the search page, which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/admin/comments" is the address of the moderation pages, which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/css/site.css" is the address of the site\'s style sheets, which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/Feed.XML" is the address of the RSS feed, which this site serves itself; remove it or write the old site\'s path',
      'redirect_from "/?page=2" uses "page", which the home page reads itself; remove it or write the old site\'s path',
      'redirect_from "/search?q=x" uses "q", which the search page reads itself; remove it or write the old site\'s path',
    ]);
    expect(table.redirects.map((r) => r.from)).toEqual(['/tags/unused']);
  });
});

describe('the catalog\'s redirects', () => {
  const options = { now: () => new Date('2026-01-01T00:00:00Z'), seeAlsoCount: 0, relatedCount: 0 };

  it('reports conflicts as errors among its problems', () => {
    const catalog = createCatalog([post('a.md', { redirect_from: '[/old]' }), post('b.md', { redirect_from: '[/old]' })], options);
    expect(catalog.problems).toContainEqual({
      severity: 'error',
      file: 'b.md',
      message: 'redirect_from "/old" is already claimed by a.md (redirect_from "/old"), which keeps it; remove it from one of them',
    });
  });

  it('follows articles added, changed and removed one at a time', () => {
    const catalog = createCatalog([], options);
    expect(catalog.upsert(post('a.md', { redirect_from: '[/2019/old/]' }))).toEqual([]);
    expect(catalog.redirects().byPath('/2019/old')?.slug).toBe('a');
    catalog.upsert(post('a.md', { redirect_from: '[/2020/old/]' }));
    expect(catalog.redirects().byPath('/2019/old')).toBeUndefined();
    expect(catalog.redirects().byPath('/2020/old')?.slug).toBe('a');
    // A second claim is accepted with the article but the old path stays with the first.
    expect(catalog.upsert(post('b.md', { redirect_from: '[/2020/old]' }))).toEqual([{
      severity: 'warning',
      file: 'b.md',
      message: 'redirect_from "/2020/old" is already claimed by a.md (redirect_from "/2020/old/"), which keeps it; remove it from one of them; it is ignored',
    }]);
    expect(catalog.get('b')).toBeDefined();
    catalog.removeFile('a.md');
    expect(catalog.redirects().byPath('/2020/old')?.slug).toBe('b');
    expect(catalog.problems).toEqual([]);
  });
});
