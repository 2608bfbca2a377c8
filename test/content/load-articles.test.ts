import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { formatProblem } from '../../src/errors.js';
import { articleSource } from '../helpers/articles.js';

const render = createMarkdownRenderer();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inkwell-content-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes files under the temp content folder, creating folders as needed. */
async function files(tree: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(tree)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const post = (title: string, extra: Partial<Parameters<typeof articleSource>[0]> = {}) =>
  articleSource({ file: 'unused.md', title, date: '2024-03-05', ...extra });

describe('loadArticles', () => {
  it('loads <slug>.md files and <slug>/index.md bundles', async () => {
    await files({
      'hello.md': post('Hello'),
      'bundle/index.md': post('A bundle'),
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.slug, a.file, a.title])).toEqual([
      ['bundle', 'bundle/index.md', 'A bundle'],
      ['hello', 'hello.md', 'Hello'],
    ]);
  });

  it('lists the image files beside a bundle as assets, with their absolute paths', async () => {
    await files({
      'bundle/index.md': post('A bundle', { body: '![A photo](photo.png)' }),
      'bundle/photo.png': 'png bytes',
      'bundle/notes.docx': 'not an asset type',
      'bundle/.hidden.png': 'a dotfile',
      'bundle/_draft.png': 'an underscore file',
      'bundle/nested/deep.png': 'in a subfolder',
    });
    const { articles } = await loadArticles(dir, render);
    expect(articles).toHaveLength(1);
    expect([...articles[0]!.assets]).toEqual([['photo.png', join(dir, 'bundle', 'photo.png')]]);
    expect(articles[0]!.body.parts.join('')).toContain('src="/articles/bundle/photo.png"');
  });

  it('gives a single-file article no assets', async () => {
    await files({ 'hello.md': post('Hello'), 'photo.png': 'beside but not in a bundle' });
    const { articles } = await loadArticles(dir, render);
    expect(articles.map((a) => a.slug)).toEqual(['hello']);
    expect(articles[0]!.assets.size).toBe(0);
  });

  it('ignores dotfiles, dot-folders, node_modules, non-Markdown files and folders without Markdown, without a word', async () => {
    await files({
      'hello.md': post('Hello'),
      '.wip.md': post('Work in progress'),
      'README.txt': 'not an article',
      'images/logo.png': 'a folder of images',
      '.drafts/index.md': post('Hidden bundle'),
      '.obsidian/notes.md': 'editor settings',
      'node_modules/some-package/README.md': '# A package',
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles.map((a) => a.slug)).toEqual(['hello']);
    expect(problems).toEqual([]);
  });

  it('reports a broken file with its path and line and still loads the others', async () => {
    await files({
      'a-good.md': post('Good'),
      'broken.md': ['---', 'title: Broken', 'tags: [x]', 'date: yesterday', '---', 'Body'].join('\n'),
      'bundle/index.md': ['---', 'title: Bad YAML', 'date: 2024-03-05', 'tags: [a, b', '---', 'Body'].join('\n'),
      'z-good/index.md': post('Also good'),
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles.map((a) => a.slug)).toEqual(['a-good', 'z-good']);
    expect(problems.map((p) => [p.severity, p.file, p.line])).toEqual([
      ['error', 'broken.md', 4],
      ['error', 'bundle/index.md', 4],
    ]);
    expect(formatProblem(problems[0]!)).toMatch(/^broken\.md:4: error: "date" must be a date/);
  });

  it('reports two files with one slug as a single error naming both, keeping the first by path', async () => {
    await files({
      'hello.md': post('First hello'),
      'hello/index.md': post('Second hello'),
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles.map((a) => [a.slug, a.title])).toEqual([['hello', 'First hello']]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe('error');
    const text = formatProblem(problems[0]!);
    expect(text).toContain('hello.md');
    expect(text).toContain('hello/index.md');
  });

  it('treats a slug from front matter as clashing with a file name', async () => {
    await files({
      'a-first.md': post('Claims hello', { slug: 'hello' }),
      'hello.md': post('Hello'),
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles.map((a) => [a.slug, a.file])).toEqual([['hello', 'a-first.md']]);
    expect(problems.map((p) => p.file)).toEqual(['hello.md']);
    expect(problems[0]!.message).toContain('a-first.md');
  });

  it('warns when image names a file that is not beside the article, and loads it without an image', async () => {
    await files({ 'bundle/index.md': post('Pictured', { image: 'missing.png' }) });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles.map((a) => a.slug)).toEqual(['bundle']);
    expect(articles[0]!.image).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'warning', file: 'bundle/index.md' });
    expect(problems[0]!.message).toContain('missing.png');
  });

  it('serves an image that is beside the bundle from the article URL', async () => {
    await files({ 'bundle/index.md': post('Pictured', { image: './cover.jpg' }), 'bundle/cover.jpg': 'jpeg bytes' });
    const { articles, problems } = await loadArticles(dir, render);
    expect(problems).toEqual([]);
    expect(articles[0]!.image).toBe('/articles/bundle/cover.jpg');
  });

  it('passes on front matter warnings while loading the article', async () => {
    await files({ 'hello.md': ['---', 'title: Hello', 'date: 2024-03-05', 'catgory: misc', '---', 'Body'].join('\n') });
    const { articles, problems } = await loadArticles(dir, render);
    expect(articles).toHaveLength(1);
    expect(problems.map((p) => [p.severity, p.file, p.line])).toEqual([['warning', 'hello.md', 4]]);
  });

  it('serves a dated file name at the slug without the date, keeping the dated slug as an alias', async () => {
    await files({
      '2016-10-06-title.md': ['---', 'title: Dated', '---', 'Body'].join('\n'),
      '2017-01-02-named/index.md': ['---', 'title: Named', 'date: 2017-05-05', 'slug: chosen', '---', 'Body'].join('\n'),
    });
    const { articles, problems } = await loadArticles(dir, render);
    expect(problems).toEqual([]);
    expect(articles.map((a) => [a.slug, a.date.toISOString().slice(0, 10), a.aliases])).toEqual([
      ['title', '2016-10-06', ['2016-10-06-title']],
      // A slug in front matter was the URL: the file name was not.
      ['chosen', '2017-05-05', []],
    ]);
  });
});
