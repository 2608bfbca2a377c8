import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readWordPressExport } from '../../src/import/wordpress/read-export.js';
import { WXR_LIMITS } from '../../src/import/wordpress/wxr-parse.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/wordpress/', import.meta.url));
const EXPORT = join(FIXTURES, 'moving-in.wordpress.xml');
const UPLOADS = join(FIXTURES, 'uploads');

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxr-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

const bySource = async (options = {}) => {
  const batch = await readWordPressExport(EXPORT, options);
  const post = (id: number) => batch.posts.find((p) => p.source.endsWith(` ${id}`));
  const problemsOf = (id: number) => batch.problems.filter((p) => p.source.endsWith(` ${id}`)).map((p) => p.message);
  return { batch, post, problemsOf };
};

describe('readWordPressExport: which items become articles', () => {
  it('imports posts and pages with their status, and leaves out trash, attachments and menu items', async () => {
    const { batch, post, problemsOf } = await bySource();
    expect(batch.posts.map((p) => [p.source, p.status])).toEqual([
      ['WordPress post 10', 'published'], ['WordPress post 11', 'published'], ['WordPress post 12', 'scheduled'],
      ['WordPress post 13', 'draft'], ['WordPress post 14', 'private'], ['WordPress post 15', 'draft'],
      ['WordPress post 17', 'published'], ['WordPress post 18', 'published'], ['WordPress post 19', 'draft'],
      ['WordPress page 20', 'published'], ['WordPress post 21', 'published'],
    ]);
    expect(post(20)?.kind).toBe('page');
    expect(problemsOf(16)).toEqual(['"Thrown away" was in the trash on WordPress; not imported']);
  });

  it('imports a password-protected post as a draft and reports it as lost', async () => {
    const { batch } = await bySource();
    expect(batch.problems).toContainEqual({
      source: 'WordPress post 19',
      message: 'was password-protected: imported as a draft, because a password cannot be carried over; remove "draft: true" once it may be public',
      lost: true,
    });
  });

  it('gives the second of two posts with one slug a -2 slug and says so', async () => {
    const { post, problemsOf } = await bySource();
    expect(post(10)?.slug).toBe('reading-garden');
    expect(post(21)?.slug).toBe('reading-garden-2');
    expect(problemsOf(21)[0]).toContain('is at /articles/reading-garden-2');
  });
});

describe('readWordPressExport: what each article carries', () => {
  it('dates each post in the time zone it was written in, and drafts without a UTC date in the usual one', async () => {
    const { post, problemsOf } = await bySource();
    expect(post(10)?.date).toBe('2019-05-03T10:00:00+02:00');
    expect(post(11)?.date).toBe('2019-01-10T09:00:00+01:00');
    expect(post(12)?.date).toBe('2031-06-01T12:00:00+02:00');
    expect(post(13)?.date).toBe('2019-06-01T12:00:00+02:00');
    expect(problemsOf(13)).toContain('has no UTC date (WordPress leaves it empty on drafts); the site\'s usual offset +02:00 was used');
  });

  it('takes the author\'s display name, the excerpt, and categories merged into tags without "Uncategorized"', async () => {
    const p = (await bySource()).post(10);
    expect(p).toMatchObject({ title: 'Opening the reading garden', author: 'Ann Archivist', description: 'The garden is open & lovely.', tags: ['News', 'Libraries'] });
  });

  it('names titles taken from the body or stripped of HTML, and keeps unicode and long titles whole', async () => {
    const { post, problemsOf } = await bySource();
    expect(post(17)?.title).toBe('A post without a title, about benches');
    expect(problemsOf(17)).toEqual(['has no title; it was given the title "A post without a title, about benches"']);
    expect(post(18)?.title).toBe('Café über 東京 & more — a very long title that goes on and on past eighty characters to test how long titles are kept whole');
    expect(problemsOf(18)[0]).toContain('its title holds HTML');
  });

  it('lists every old URL of a post: permalink, ?p= or ?page_id=, and the permalink under a former slug', async () => {
    const { post } = await bySource();
    expect(post(10)?.redirectFrom).toEqual(['/2019/05/reading-garden/', '/?p=10', '/2019/05/garden-opening/']);
    expect(post(20)?.redirectFrom).toEqual(['/about/', '/?page_id=20']);
    expect(post(13)?.redirectFrom).toEqual(['/?p=13']);
  });

  it('rewrites links to other imported posts to their new URLs', async () => {
    const md = (await bySource()).post(10)?.markdown ?? '';
    expect(md).toContain('[the winter post](/articles/winter-harbour)');
    expect(md).toContain('[about](/articles/about)');
  });

  it('closes comments where WordPress had them closed', async () => {
    const { post } = await bySource();
    expect(post(11)?.commentsOpen).toBe(false);
    expect(post(10)?.commentsOpen).toBe(true);
  });
});

describe('readWordPressExport: images', () => {
  it('without --uploads keeps images at their old URLs and lists them as not copied', async () => {
    const { batch, post } = await bySource();
    expect(post(10)?.assets).toEqual([]);
    expect(post(10)?.image).toBe('https://old.example.org/wp-content/uploads/2019/05/cover.gif');
    expect(batch.imagesNotCopied).toContain('https://old.example.org/wp-content/uploads/2019/01/harbour.png');
    expect(batch.problems.filter((p) => p.lost).map((p) => p.source)).not.toContain('WordPress post 11');
  });

  it('with --uploads copies images into the bundle, resized copies from their original, and uses bundle names', async () => {
    const { batch, post } = await bySource({ uploads: UPLOADS });
    const garden = post(10)!;
    expect(garden.assets.map((a) => [a.name, a.from])).toEqual([
      ['bell.png', join(UPLOADS, '2019/05/bell.png')],
      ['cover.gif', join(UPLOADS, '2019/05/cover.gif')],
    ]);
    expect(garden.image).toBe('cover.gif');
    expect(garden.markdown).toContain('[![The old bell](bell.png)](bell.png)');
    expect(post(11)?.markdown).toContain('![Boats in the harbour](harbour.png)');
    expect(batch.imagesNotCopied).toEqual([]);
  });
});

describe('readWordPressExport: comments', () => {
  it('keeps threading, status, author, email, URL and UTC date, and skips pingbacks', async () => {
    const { post, problemsOf } = await bySource();
    const comments = post(10)!.comments;
    expect(comments.map((c) => [c.sourceId, c.parentSourceId, c.status])).toEqual([
      ['501', null, 'approved'], ['502', '501', 'approved'], ['503', null, 'pending'], ['504', null, 'spam'],
      ['505', null, 'trash'], ['507', '999', 'approved'], ['508', null, 'approved'],
    ]);
    expect(comments[0]).toEqual({
      sourceId: '501', parentSourceId: null, author: 'Rosa Reader', email: 'reader@example.org', url: 'https://rosa.example.org',
      text: 'Lovely!\n\nSee my photos (https://example.org/photos).', status: 'approved', createdAt: '2019-05-03T09:00:00.000Z',
    });
    // Only a local date: placed in UTC with the post's offset.
    expect(comments[6]?.createdAt).toBe('2019-05-06T10:00:00.000Z');
    expect(problemsOf(10)).toContain('1 pingback not imported: this blog shows comments only');
  });
});

describe('readWordPressExport: files that are not exports', () => {
  it('refuses an RSS feed that is not a WordPress export, saying what to give instead', async () => {
    const file = tempFile('feed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>');
    await expect(readWordPressExport(file)).rejects.toThrow(/feed\.xml: is not a WordPress export \(WXR\): it starts with <rss> without the WordPress namespace.*Tools → Export/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = tempFile('big.xml', 'x'.repeat(2048));
    await expect(readWordPressExport(file, { limits: { ...WXR_LIMITS, maxBytes: 1024 } })).rejects.toThrow(/at most 0 MB is read. Export the site in parts/);
  });

  it('never expands entities declared in the file', async () => {
    const file = tempFile('entities.xml', `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&b;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_name>x</wp:post_name><wp:post_date>2019-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2019-01-01 10:00:00</wp:post_date_gmt><content:encoded>Hi</content:encoded></item></channel></rss>`);
    const batch = await readWordPressExport(file);
    expect(batch.posts[0]?.title).toBe('&b;');
  });

  it('reports an export that was cut short as lost', async () => {
    const file = tempFile('cut.xml', '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>A</title><wp:post_id>1</wp:post_id>');
    const batch = await readWordPressExport(file);
    expect(batch.problems).toContainEqual(expect.objectContaining({ lost: true, message: expect.stringContaining('cut short') }));
  });
});
