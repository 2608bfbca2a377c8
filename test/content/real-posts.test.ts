import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { formatProblem } from '../../src/errors.js';
import { makeTestApp } from '../helpers/test-app.js';

/** Posts as Jekyll, Hugo, Astro, Gatsby, Eleventy and Next.js starters write them, unchanged. */
const REAL_POSTS = fileURLToPath(new URL('../fixtures/real-posts', import.meta.url));

async function loaded() {
  const result = await loadArticles(REAL_POSTS, createMarkdownRenderer());
  const bySlug = new Map(result.articles.map((a) => [a.slug, a]));
  const get = (slug: string): Article => {
    const article = bySlug.get(slug);
    if (!article) throw new Error(`no article "${slug}" among ${[...bySlug.keys()].join(', ')}`);
    return article;
  };
  return { ...result, get };
}

const tagNames = (a: Article) => a.tags.map((t) => t.name);

describe('posts moved in from other blog engines', () => {
  it('loads every one of them, warning only about keys this blog does not use', async () => {
    const { articles, problems } = await loaded();
    expect(articles.map((a) => a.file).sort()).toEqual([
      '2014-12-17-welcome-to-jekyll.markdown',
      '2016-10-06-markdown-style-guide.md',
      'astro-first-post.md',
      'eleventy-fourth-post.md',
      'gatsby-hello-world/index.md',
      'hugo-bundle/index.md',
      'nextjs-preview.md',
    ]);
    expect(problems.map(formatProblem)).toEqual([
      '2014-12-17-welcome-to-jekyll.markdown:2: warning: unknown front matter key "layout" is ignored',
      'hugo-bundle/index.md:10: warning: unknown front matter key "weight" is ignored',
      'nextjs-preview.md:4: warning: unknown front matter key "coverImage" is ignored',
      'nextjs-preview.md:9: warning: unknown front matter key "ogImage" is ignored; did you mean "image"?',
    ]);
  });

  it('reads a Jekyll post: its date with an offset, its categories as tags, and the slug without the date', async () => {
    const post = (await loaded()).get('welcome-to-jekyll');
    expect(post.title).toBe('Welcome to Jekyll!');
    expect(post.date.toISOString()).toBe('2014-12-17T19:16:21.000Z');
    expect(tagNames(post)).toEqual(['jekyll update']);
    expect(post.aliases).toEqual(['2014-12-17-welcome-to-jekyll']);
  });

  it('takes the date of a post without one from its file name, and keeps Hugo aliases apart from old paths', async () => {
    const post = (await loaded()).get('markdown-style-guide');
    expect(post.date.toISOString()).toBe('2016-10-06T00:00:00.000Z');
    expect(post.author).toBe('Hugo Authors');
    expect(post.description).toBe('Sample article showcasing basic Markdown syntax and formatting for HTML elements.');
    expect(tagNames(post)).toEqual(['markdown', 'css', 'html', 'themes', 'syntax']);
    expect(post.aliases).toEqual(['migrate-from-jekyl', '2016-10-06-markdown-style-guide']);
    expect(post.redirectFrom).toEqual(['/extras/shortcodes/']);
  });

  it('reads a Hugo bundle with TOML front matter: lastmod, a single category, url and a cover map', async () => {
    const post = (await loaded()).get('hugo-bundle');
    expect(post.title).toBe('Math Typesetting');
    expect(post.date.toISOString()).toBe('2019-03-08T09:04:12.000Z');
    expect(post.updated?.toISOString()).toBe('2019-03-10T00:00:00.000Z');
    expect(tagNames(post)).toEqual(['katex', 'math', 'guides']);
    expect(post.redirectFrom).toEqual(['/post/math-typesetting/']);
    expect(post.image).toBe('/articles/hugo-bundle/katex.png');
    expect(post.draft).toBe(false);
    expect(post.body.parts.join('')).toContain('Mathematical notation');
  });

  it("reads Astro's pubDate, updatedDate and heroImage", async () => {
    const post = (await loaded()).get('astro-first-post');
    expect(post.date.toISOString()).toBe('2022-07-08T00:00:00.000Z');
    expect(post.updated?.toISOString()).toBe('2022-07-15T00:00:00.000Z');
    expect(post.image).toBe('/blog-placeholder-3.jpg');
  });

  it("reads Gatsby's quoted date-time with milliseconds", async () => {
    expect((await loaded()).get('gatsby-hello-world').date.toISOString()).toBe('2015-05-01T22:12:03.284Z');
  });

  it("splits Eleventy's comma-separated tags", async () => {
    expect(tagNames((await loaded()).get('eleventy-fourth-post'))).toEqual(['second tag', 'posts with two tags']);
  });

  it("reads a Next.js post's excerpt, author map and published: false as a draft", async () => {
    const post = (await loaded()).get('nextjs-preview');
    expect(post.description).toBe('Lorem ipsum dolor sit amet, consectetur adipiscing elit.');
    expect(post.author).toBe('Joe Haddad');
    expect(post.draft).toBe(true);
  });

  it('answers the old dated slug and a Hugo alias with a permanent redirect', async () => {
    const { app } = await makeTestApp({ contentDir: REAL_POSTS });
    const dated = await request(app).get('/articles/2014-12-17-welcome-to-jekyll');
    expect(dated.status).toBe(301);
    expect(dated.headers.location).toBe('/articles/welcome-to-jekyll');
    const alias = await request(app).get('/articles/migrate-from-jekyl');
    expect(alias.status).toBe(301);
    expect(alias.headers.location).toBe('/articles/markdown-style-guide');
    expect((await request(app).get('/articles/welcome-to-jekyll')).text).toContain('Welcome to Jekyll!');
  });
});
