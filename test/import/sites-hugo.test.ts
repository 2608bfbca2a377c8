import { describe, expect, it } from 'vitest';
import { postOf, problemsOf, readFixture } from './sites-samples.js';

describe('reading a Hugo site', () => {
  it('imports pages, posts, leaf bundles, nested sections and .markdown files; skips lists, resources and headless bundles', async () => {
    const batch = await readFixture('hugo');
    expect(batch.from).toBe('hugo');
    expect(batch.posts.map((p) => `${p.kind} ${p.slug} ${p.status} ${p.source}`).sort()).toEqual([
      'page about published content/about.md',
      'post draft-post draft content/posts/draft-post.md',
      'post guide published content/docs/guide.markdown',
      'post nested-section published content/blog/2023/spring/nested-section.md',
      'post toml-front-matter published content/posts/toml-front-matter.md',
      'post trip-to-lisbon published content/posts/my-trip/index.md',
    ]);
    for (const skipped of ['content/_index.md', 'content/posts/_index.md', 'content/posts/my-trip/packing-list.md', 'content/posts/headless-gallery/index.md']) {
      expect(problemsOf(batch, skipped)).toEqual([expect.objectContaining({ lost: false, message: expect.stringMatching(/^not imported: it is /) })]);
    }
  });

  it('reads TOML front matter: dates with offsets, lastmod, tags with categories, summary', async () => {
    const post = postOf(await readFixture('hugo'), 'toml-front-matter');
    expect(post).toMatchObject({
      title: 'Shortcodes in TOML',
      date: '2019-05-01T10:00:00+02:00',
      updated: '2019-06-12T08:30:00+02:00',
      tags: ['hugo', 'shortcodes', 'guides'],
      description: 'Every built-in shortcode this log used.',
    });
  });

  it('takes slug, an author object and a cover image from a bundle, copying its files', async () => {
    const trip = postOf(await readFixture('hugo'), 'trip-to-lisbon');
    expect(trip.author).toBe('Idris Okafor');
    expect(trip.image).toBe('cover.jpg');
    expect(trip.assets.map((a) => a.name).sort()).toEqual(['cover.jpg', 'prices.csv', 'tram.png']);
    expect(trip.markdown).toContain('![Tram 28](tram.png)');
    expect(trip.markdown).toContain('[prices](prices.csv)');
    expect(trip.markdown).toContain('[shortcodes](/articles/toml-front-matter)');
  });

  it('converts the built-in shortcodes', async () => {
    const md = postOf(await readFixture('hugo'), 'toml-front-matter').markdown;
    expect(md).toContain('<figure>\n<img src="logo.png" alt="The log\'s logo">\n<figcaption>Our logo, drawn on a napkin</figcaption>\n</figure>');
    expect(md).toContain('\n\n<iframe src="https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc" title="YouTube video"></iframe>\n\n');
    expect(md).toContain('<iframe src="https://player.vimeo.com/video/146022717" title="Harbour at dusk"></iframe>');
    expect(md).toContain('```go\npackage main\n\nfunc main() { println("tide") }\n```');
    expect(md).toContain('[the trip](/articles/trip-to-lisbon) and [the guide](/articles/guide#setup)');
    expect(md).toContain('[Gist spf13/7896402](https://gist.github.com/spf13/7896402)');
    expect(md).toContain('Mind the **gap** between boat and quay.');
    expect(md).toContain('## Setting sail\n');
  });

  it('shows a commented-out shortcode as text, and leaves shortcodes in code alone', async () => {
    const md = postOf(await readFixture('hugo'), 'toml-front-matter').markdown;
    expect(md).toContain('write `{{< youtube w7Ft2ymGmfc >}}`;');
    expect(md).toContain('`{{< youtube w7Ft2ymGmfc >}}`');
    expect(md).toContain('```go-html-template\n{{< figure src="elephant.jpg" >}}\n```');
  });

  it('reports shortcodes it removed or turned into links, with their lines', async () => {
    const batch = await readFixture('hugo');
    expect(problemsOf(batch, 'content/posts/toml-front-matter.md').map((p) => `${p.source} ${p.lost}`)).toEqual([
      'content/posts/toml-front-matter.md:31 false',
      'content/posts/toml-front-matter.md:33 true',
    ]);
    expect(problemsOf(batch, 'content/docs/guide.markdown')).toEqual([
      expect.objectContaining({ source: 'content/docs/guide.markdown:10', lost: true, message: expect.stringMatching(/\{\{< param >\}\} was removed/) }),
    ]);
  });

  it('copies files from static/ that posts name by site path', async () => {
    const nested = postOf(await readFixture('hugo'), 'nested-section');
    expect(nested.assets.map((a) => [a.name, a.from.replace(/.*\/hugo\//, '')])).toEqual([
      ['logo.png', 'static/images/logo.png'],
      ['handout.pdf', 'static/files/handout.pdf'],
    ]);
    expect(nested.markdown).toContain('![Logo](logo.png) and the [handout](handout.pdf)');
    expect(nested.markdown).toContain('<img src="logo.png" alt="Logo in HTML">');
  });

  it('gives old URLs from the content path, [permalinks], url and aliases (relative ones in the page\'s folder)', async () => {
    const batch = await readFixture('hugo');
    expect(postOf(batch, 'toml-front-matter').redirectFrom).toEqual(['/2019/05/shortcodes-in-toml/', '/extras/shortcodes/', '/posts/old-shortcodes/']);
    expect(postOf(batch, 'trip-to-lisbon').redirectFrom).toEqual(['/2021/09/trip-to-lisbon/']);
    expect(postOf(batch, 'nested-section').redirectFrom).toEqual(['/blog/2023/spring/nested-section/']);
    expect(postOf(batch, 'guide').redirectFrom).toEqual(['/guide/']);
    expect(postOf(batch, 'about').redirectFrom).toEqual(['/about/']);
    expect(postOf(batch, 'draft-post').redirectFrom).toEqual([]);
  });
});
