import { describe, expect, it } from 'vitest';
import { postOf, problemsOf, readFixture } from './sites-samples.js';

describe('reading a Jekyll site', () => {
  it('imports _posts (any folder), _drafts, unpublished posts and pages, with dates as written', async () => {
    const batch = await readFixture('jekyll');
    expect(batch.from).toBe('jekyll');
    expect(batch.posts.map((p) => `${p.kind} ${p.slug} ${p.status}`).sort()).toEqual([
      'page about published',
      'post a-draft-idea draft',
      'post category-from-folder published',
      'post date-only-in-file-name published',
      'post not-yet-published draft',
      'post welcome-to-jekyll published',
    ]);
    expect(postOf(batch, 'welcome-to-jekyll').date).toBe('2014-12-17T11:16:21-08:00');
    expect(postOf(batch, 'date-only-in-file-name').date).toBe('2016-10-06');
    expect(postOf(batch, 'category-from-folder').date).toBe('2019-05-01');
  });

  it('reads space-separated tags and categories, folder categories, author and excerpt', async () => {
    const batch = await readFixture('jekyll');
    expect(postOf(batch, 'welcome-to-jekyll').tags).toEqual(['jekyll', 'update']);
    const dated = postOf(batch, 'date-only-in-file-name');
    expect(dated.tags).toEqual(['travel', 'photos']);
    expect(dated.author).toBe('Mara Ellison');
    expect(dated.description).toBe('A walk over the old bridge, with a short film.');
    expect(postOf(batch, 'category-from-folder').tags).toEqual(['workshop', 'news']);
  });

  it('turns highlight, raw, post_url, link, site.baseurl and relative_url into Markdown', async () => {
    const batch = await readFixture('jekyll');
    const welcome = postOf(batch, 'welcome-to-jekyll').markdown;
    expect(welcome).toContain('```ruby\ndef print_hi(name)');
    expect(welcome).not.toContain('highlight');
    // {% raw %} text in prose is shown as the code it is; in a code span it stays as it was.
    expect(welcome).toContain('I wrap it: `{{ page.title }}` prints');
    expect(welcome).toContain('`{{ page.title }}`');
    expect(welcome).toContain('[about dates](/articles/date-only-in-file-name)');
    expect(welcome).toContain('![A tree by the path](tree.png)');
    const dated = postOf(batch, 'date-only-in-file-name').markdown;
    expect(dated).toContain('![The old bridge](bridge.jpg)');
    expect(dated).toContain('[about me](/articles/about)');
    expect(dated).toContain('[welcome post](/articles/welcome-to-jekyll)');
    expect(dated).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video"></iframe>');
    expect(dated).not.toMatch(/TOC|\{:/);
  });

  it('copies images and videos named by Markdown and raw HTML into the bundle', async () => {
    const batch = await readFixture('jekyll');
    const folder = postOf(batch, 'category-from-folder');
    expect(folder.assets.map((a) => [a.name, a.from.replace(/.*\/jekyll\//, '')])).toEqual([
      ['tree.png', 'assets/images/tree.png'],
      ['clip.mp4', 'assets/video/clip.mp4'],
    ]);
    expect(folder.markdown).toContain('<img src="tree.png" alt="The tree again">');
    expect(folder.markdown).toContain('<source src="clip.mp4" type="video/mp4">');
  });

  it('leaves template syntax inside code alone, dropping only the raw markers Jekyll drops', async () => {
    const folder = postOf(await readFixture('jekyll'), 'category-from-folder').markdown;
    expect(folder).toMatch(/```liquid\n\n\{% for post in site\.posts %\}\n {2}<a href="\{\{ post\.url \}\}">/);
    expect(folder).not.toContain('{% raw %}');
    expect(folder).toContain('Comments are welcome.');
    expect(folder).not.toContain('{% if');
  });

  it('gives old URLs from the pretty style, categories, permalink, redirect_from and baseurl; drafts have none', async () => {
    const batch = await readFixture('jekyll');
    expect(postOf(batch, 'welcome-to-jekyll').redirectFrom).toEqual(['/blog/jekyll/update/2014/12/17/welcome-to-jekyll/']);
    expect(postOf(batch, 'date-only-in-file-name').redirectFrom).toEqual(['/blog/2016/10/06/date-only-in-file-name/']);
    expect(postOf(batch, 'category-from-folder').redirectFrom).toEqual(['/blog/workshops/spring-2019/', '/blog/news/spring-workshop/']);
    expect(postOf(batch, 'about').redirectFrom).toEqual(['/blog/about/']);
    expect(postOf(batch, 'a-draft-idea').redirectFrom).toEqual([]);
    expect(postOf(batch, 'not-yet-published').redirectFrom).toEqual([]);
  });

  it('names each file it skipped and each thing lost, with file and line', async () => {
    const batch = await readFixture('jekyll');
    expect(problemsOf(batch, 'README.md').map((p) => p.lost)).toEqual([false]);
    expect(problemsOf(batch, 'index.md')[0]?.message).toMatch(/not imported/);
    const dated = problemsOf(batch, '_posts/2016-10-06-date-only-in-file-name.md');
    expect(dated.filter((p) => p.lost).map((p) => p.source)).toEqual([
      '_posts/2016-10-06-date-only-in-file-name.md:18',
      '_posts/2016-10-06-date-only-in-file-name.md:22',
    ]);
    expect(dated.find((p) => p.source.endsWith(':18'))?.message).toMatch(/\{% include toc\.html %\} was removed/);
    expect(dated.find((p) => p.source.endsWith(':22'))?.message).toMatch(/\/assets\/images\/missing\.png was not found/);
    expect(problemsOf(batch, 'news/_posts/2019-05-01-category-from-folder.md')).toEqual([
      expect.objectContaining({ source: 'news/_posts/2019-05-01-category-from-folder.md:30', lost: true }),
    ]);
    expect(problemsOf(batch, '_drafts/a-draft-idea.md')[0]?.message).toMatch(/has no date/);
  });
});
