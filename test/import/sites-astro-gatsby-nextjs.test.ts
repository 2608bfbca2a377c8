import { describe, expect, it } from 'vitest';
import { postOf, problemsOf, readFixture } from './sites-samples.js';

describe('reading an Astro site', () => {
  it('imports collection entries (.md, .mdx, folders) and Markdown pages; skips _ files; drafts stay drafts', async () => {
    const batch = await readFixture('astro');
    expect(batch.posts.map((p) => `${p.kind} ${p.slug} ${p.status}`).sort()).toEqual([
      'page about published',
      'post drafty draft',
      'post first-post published',
      'post second-post published',
      'post trip published',
    ]);
    expect(problemsOf(batch, 'src/content/blog/_unfinished-notes.md')[0]?.message).toMatch(/starts with _/);
  });

  it('reads pubDate as the template writes it, updatedDate, and heroImage relative to the file', async () => {
    const batch = await readFixture('astro');
    expect(postOf(batch, 'first-post')).toMatchObject({ date: '2022-07-08', image: 'blog-placeholder-3.jpg', description: 'Lighting the first lantern.' });
    expect(postOf(batch, 'second-post')).toMatchObject({ date: '2022-07-15T09:00:00-04:00', updated: '2022-07-20', tags: ['mdx', 'video'] });
    expect(postOf(batch, 'trip')).toMatchObject({ image: 'photo.png' });
    expect(postOf(batch, 'first-post').assets.map((a) => a.from.replace(/.*\/astro\//, '')).sort()).toEqual(['public/images/diagram.svg', 'src/assets/blog-placeholder-3.jpg']);
  });

  it('turns MDX into Markdown: imports gone, components converted, unknown ones and expressions removed and reported', async () => {
    const batch = await readFixture('astro');
    const md = postOf(batch, 'second-post').markdown;
    expect(md).not.toMatch(/^import|^export/m);
    expect(md.startsWith('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video"></iframe>\n\n')).toBe(true);
    expect(md).toContain('![A lantern in the window](cover.png)');
    expect(md).toContain('> **Warning**\n>\n> Never leave a lit lantern **unattended**.');
    expect(md).toContain('<div class="note">A note in JSX clothing.</div>');
    expect(md).toContain('```jsx\n<Chart data={[1, 2]} />\n```');
    expect(md).not.toContain('<Chart data={[1, 2, 3]}');
    expect(problemsOf(batch, 'src/content/blog/second-post/index.mdx').map((p) => `${p.source} ${p.lost}`)).toEqual([
      'src/content/blog/second-post/index.mdx:14 false',
      'src/content/blog/second-post/index.mdx:25 true',
      'src/content/blog/second-post/index.mdx:27 false',
      'src/content/blog/second-post/index.mdx:29 true',
    ]);
  });

  it('links sibling posts and gives /blog/<id>/ and page paths as old URLs', async () => {
    const batch = await readFixture('astro');
    expect(postOf(batch, 'trip').markdown).toContain('[first post](/articles/first-post)');
    expect(postOf(batch, 'trip').markdown).toContain('<img src="photo.png" alt="The furnace again, in HTML">');
    expect(postOf(batch, 'second-post').redirectFrom).toEqual(['/blog/second-post/']);
    expect(postOf(batch, 'about').redirectFrom).toEqual(['/about/']);
    expect(postOf(batch, 'drafty').redirectFrom).toEqual([]);
  });
});

describe('reading a Gatsby site (gatsby-starter-blog layout)', () => {
  it('imports content/blog bundles with relative images, raw HTML and files of other posts', async () => {
    const batch = await readFixture('gatsby');
    expect(batch.posts.map((p) => p.slug).sort()).toEqual(['hello-world', 'hi-folks', 'my-second-post', 'new-beginnings']);
    expect(batch.problems).toEqual([]);
    expect(postOf(batch, 'hello-world')).toMatchObject({ date: '2015-05-01T22:12:03Z', description: 'Hello World' });
    expect(postOf(batch, 'hello-world').markdown).toContain('![Chinese Salty Egg](salty_egg.jpg)');
    const second = postOf(batch, 'my-second-post');
    expect(second.markdown).toContain('[first post](/articles/hello-world)');
    expect(second.markdown).toContain('<img src="salty_egg.jpg"');
    expect(second.markdown).toContain('[first post\'s old address](/articles/hello-world)');
    expect(second.assets.map((a) => a.from.replace(/.*\/gatsby\//, '')).sort()).toEqual(['content/blog/hello-world/salty_egg.jpg', 'static/diagram.png']);
    expect(postOf(batch, 'new-beginnings').assets.map((a) => a.name)).toEqual(['clip.webm']);
    expect(postOf(batch, 'hi-folks').markdown).toBe('> **Note**\n>\n> Stones are older than they look.\n');
  });

  it('gives /<slug>/ as the old URL', async () => {
    const batch = await readFixture('gatsby');
    expect(batch.posts.map((p) => p.redirectFrom.join(' ')).sort()).toEqual(['/hello-world/', '/hi-folks/', '/my-second-post/', '/new-beginnings/']);
  });
});

describe('reading a Next.js site (blog-starter layout)', () => {
  it('imports _posts with an author object, excerpt and a cover image from public/', async () => {
    const batch = await readFixture('nextjs');
    expect(batch.posts.map((p) => p.slug).sort()).toEqual(['dynamic-routing', 'hello-world', 'preview']);
    const hello = postOf(batch, 'hello-world');
    expect(hello).toMatchObject({
      author: 'Jo Rivera',
      description: 'A lamp, a desk and a first post about building the site.',
      image: 'cover.jpg',
      date: '2020-03-16T05:35:07Z',
      redirectFrom: ['/posts/hello-world'],
    });
    expect(hello.assets).toEqual([expect.objectContaining({ name: 'cover.jpg' })]);
    expect(hello.markdown).toContain('[dynamic routing](/articles/dynamic-routing)');
    const preview = postOf(batch, 'preview');
    expect(preview.markdown).toBe('![The routing cover again](cover.jpg)\n\n[Post on X](https://x.com/i/status/1234567890123456789)\n');
    expect(problemsOf(batch, '_posts/preview.mdx').map((p) => `${p.source} ${p.lost}`)).toEqual(['_posts/preview.mdx:8 false', '_posts/preview.mdx:14 false']);
  });
});
