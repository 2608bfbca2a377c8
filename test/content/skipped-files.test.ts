import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { createSkippedFiles } from '../../src/content/skipped-files.js';
import { formatProblem } from '../../src/errors.js';
import { articleSource } from '../helpers/articles.js';
import { contentDir } from '../helpers/content-dir.js';

const render = createMarkdownRenderer();
let dir: string;

/** Makes the test's content folder, holding exactly these files (removed after the test). */
function files(tree: Record<string, string>): void {
  dir = contentDir(tree);
}

const post = (title: string) => articleSource({ file: 'unused.md', title, date: '2024-03-05' });

async function load() {
  const { articles, problems } = await loadArticles(dir, render);
  return { slugs: articles.map((a) => a.slug), lines: problems.map(formatProblem) };
}

describe('Markdown files the loader does not read', () => {
  it('reads <slug>.markdown and <slug>/index.markdown like .md', async () => {
    files({ 'hello.markdown': post('Hello'), 'bundle/index.markdown': post('Bundle') });
    expect(await load()).toEqual({ slugs: ['bundle', 'hello'], lines: [] });
  });

  it('says why each one is not read and what to do, and still loads the articles', async () => {
    files({
      'hello.md': post('Hello'),
      'astro-post.mdx': post('MDX'),
      'post/post.md': post('Misnamed bundle'),
      'posts/_index.md': '---\ntitle: Posts\n---\n',
      'posts/one.md': post('One'),
      'blog/2019/deep.md': post('Deep'),
      '_posts/2019-05-01-jekyll.md': post('Jekyll'),
      '_drafts/idea.markdown': post('Idea'),
      '_includes/footer.md': 'footer',
      '_template.md': post('Template'),
      'bundle/index.md': post('Bundle'),
      'bundle/notes.md': 'notes',
    });
    const { slugs, lines } = await load();
    expect(slugs).toEqual(['bundle', 'hello']);
    expect(lines).toEqual([
      "_drafts/idea.markdown:1: warning: Jekyll's _drafts folder is not read: run npm run import -- <Jekyll site folder> --from jekyll",
      '_includes/footer.md:1: warning: folders whose name starts with _ are not read (_includes/); move footer.md to the top of the content folder to publish it',
      "_posts/2019-05-01-jekyll.md:1: warning: Jekyll's _posts folder is not read: run npm run import -- <Jekyll site folder> --from jekyll",
      '_template.md:1: warning: files whose name starts with _ are not read; rename it to template.md to publish it',
      'astro-post.mdx:1: warning: MDX is not read: remove its import lines and components and rename it astro-post.md, or convert the site with npm run import -- <site folder> --from astro',
      'blog/2019/deep.md:1: warning: only <slug>.md and <slug>/index.md at the top of the content folder are read; move it to deep.md there, or convert the site with npm run import -- <site folder> --from <generator>',
      "bundle/notes.md:1: warning: only a bundle's index.md is read as its article; move notes.md to the top of the content folder to publish it on its own",
      "post/post.md:1: warning: a bundle's article must be named index.md: rename post/post.md to post/index.md",
      "posts/_index.md:1: warning: _index.md is Hugo's section list page, not an article; it is not read, as this blog makes its own lists. Move any text worth keeping into an article",
      'posts/one.md:1: warning: only <slug>.md and <slug>/index.md at the top of the content folder are read; move it to one.md there, or convert the site with npm run import -- <site folder> --from <generator>',
    ]);
  });

  it('names the folder to move for a bundle found too deep, and the one read when a bundle has index.md and index.markdown', async () => {
    files({
      'hello.md': post('Hello'),
      'content/posts/deep-bundle/index.md': post('Deep bundle'),
      'both/index.md': post('Both'),
      'both/index.markdown': post('Both again'),
    });
    const { slugs, lines } = await load();
    expect(slugs).toEqual(['both', 'hello']);
    expect(lines).toEqual([
      'both/index.markdown:1: warning: both/ has both index.md and index.markdown; only index.md is read. Remove or rename index.markdown',
      'content/posts/deep-bundle/index.md:1: warning: only <slug>.md and <slug>/index.md at the top of the content folder are read; move the folder content/posts/deep-bundle to deep-bundle/ there, or convert the site with npm run import -- <site folder> --from <generator>',
    ]);
  });

  it('is an error for the folder when it holds Markdown but no article it can read', async () => {
    files({ '_posts/2019-05-01-a.md': post('A'), '_posts/2019-05-02-b.md': post('B'), '_config.yml': 'title: Old' });
    const { slugs, lines } = await load();
    expect(slugs).toEqual([]);
    expect(lines.at(-1)).toBe(
      '.:1: error: no article is read from the content folder: its 2 Markdown files are all in places that are not read (e.g. _posts/2019-05-01-a.md; see the warnings). Articles are <slug>.md, <slug>.markdown or <slug>/index.md at the top of the folder',
    );
  });

  it('says nothing of an empty content folder or one holding no Markdown', async () => {
    files({ 'images/logo.png': 'png' });
    expect(await load()).toEqual({ slugs: [], lines: [] });
  });

  it('stops looking more than 8 folders deep', async () => {
    files({
      'hello.md': post('Hello'),
      'a/b/c/d/e/f/g/h/seen.md': 'in 8 folders',
      'a/b/c/d/e/f/g/h/i/unseen.md': 'in 9 folders',
    });
    const { lines } = await load();
    expect(lines.map((l) => l.split(':')[0])).toEqual(['a/b/c/d/e/f/g/h/seen.md']);
  });

  it('stops listing at its limit with one warning saying so', () => {
    const skipped = createSkippedFiles(2);
    for (const name of ['c.mdx', 'a.mdx', 'b.mdx']) skipped.add(name);
    expect(skipped.problems().map((p) => `${p.file}: ${p.message}`)).toEqual([
      expect.stringMatching(/^a\.mdx: MDX is not read/),
      expect.stringMatching(/^c\.mdx: MDX is not read/),
      '.: the list of Markdown files that are not read stops at 2; there may be more',
    ]);
  });
});
