import { describe, expect, it } from 'vitest';
import { postOf, problemsOf, readFixture } from './sites-samples.js';

describe('reading an Eleventy site', () => {
  it('reads the input folder from the config, directory data for tags, and tells posts from pages', async () => {
    const batch = await readFixture('eleventy');
    expect(batch.from).toBe('eleventy');
    expect(batch.posts.map((p) => `${p.kind} ${p.slug} ${p.source}`).sort()).toEqual([
      'page about src/about.md',
      'page finish src/notes/finish.md',
      'post first-post src/blog/2018-01-01-first-post.md',
      'post glue-up src/blog/glue-up.md',
    ]);
    // `posts` names Eleventy's collection, not a subject.
    expect(postOf(batch, 'first-post').tags).toEqual(['woodwork']);
    expect(postOf(batch, 'glue-up').tags).toEqual(['woodwork', 'glue']);
    expect(postOf(batch, 'glue-up').date).toBe('2018-02-11T20:15:00Z');
  });

  it('converts Nunjucks: comments, image and highlight shortcodes, url filters; removes includes and values', async () => {
    const batch = await readFixture('eleventy');
    const first = postOf(batch, 'first-post');
    expect(first.markdown).not.toContain('note to myself');
    expect(first.markdown).toContain('![A cat asleep on shavings](cat.png)');
    expect(first.markdown).toContain('```js\nconst angle = 25; // degrees\n```');
    expect(first.markdown).toContain('![logo](logo.png)');
    expect(first.markdown).toContain('[the glue-up](/articles/glue-up)');
    expect(first.assets.map((a) => a.from.replace(/.*\/eleventy\//, ''))).toEqual(['src/blog/cat.png', 'src/img/logo.png']);
    expect(postOf(batch, 'glue-up').markdown).toContain('[first post](/articles/first-post)');
    expect(problemsOf(batch, 'src/blog/2018-01-01-first-post.md')).toEqual([
      expect.objectContaining({ source: 'src/blog/2018-01-01-first-post.md:16', lost: true, message: expect.stringMatching(/newsletter\.njk/) }),
    ]);
    expect(problemsOf(batch, 'src/blog/glue-up.md')).toEqual([expect.objectContaining({ source: 'src/blog/glue-up.md:12', lost: true })]);
  });

  it('gives old URLs from permalink templates and the path-based default', async () => {
    const batch = await readFixture('eleventy');
    expect(postOf(batch, 'first-post').redirectFrom).toEqual(['/blog/2018-01-01-first-post/']);
    expect(postOf(batch, 'glue-up').redirectFrom).toEqual(['/blog/glue-up/']);
    expect(postOf(batch, 'about').redirectFrom).toEqual(['/about/']);
  });

  it('says why files were skipped, that JavaScript data is not run and which dates it could not read', async () => {
    const batch = await readFixture('eleventy');
    expect(problemsOf(batch, 'src/feed.md')[0]?.message).toMatch(/permalink: false/);
    expect(problemsOf(batch, 'src/404.md')[0]?.message).toMatch(/not imported/);
    expect(problemsOf(batch, 'src/notes/notes.11tydata.js')[0]?.message).toMatch(/not run/);
    expect(problemsOf(batch, 'src/notes/finish.md').map((p) => p.source)).toEqual(['src/notes/finish.md:3', 'src/notes/finish.md:1']);
    expect(batch.problems.some((p) => p.source.includes('_includes') || p.source.includes('_data'))).toBe(false);
  });
});
