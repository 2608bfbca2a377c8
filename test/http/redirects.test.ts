import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../src/content/build-article.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { listen } from '../helpers/listen.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

const OLD_PATHS = '[/2019/05/café/, /blog/old-garden, "/?p=123", "/index.php?p=5", /tags/old-tag]';

/** A site whose "garden" article answers for old WordPress and Jekyll paths. */
async function site(extra: Record<string, string> = {}): Promise<TestApp> {
  return makeTestApp({
    contentDir: contentDir({
      'garden.md': article({ title: 'Garden', date: '2024-01-01', tags: '[gardens]', redirect_from: OLD_PATHS }),
      'other.md': article({ title: 'Other', date: '2024-02-01' }),
      ...extra,
    }),
  });
}

/** Replaces (or adds) an article as the content watcher does when a file is saved. */
function save(t: TestApp, file: string, frontMatter: Record<string, string>): void {
  const built = buildArticle({ file, raw: article(frontMatter), assets: new Map() }, createMarkdownRenderer());
  if (!built.ok) throw new Error(built.problems.map((p) => p.message).join('; '));
  t.catalog.upsert(built.article);
}

describe('redirect_from', () => {
  it.each([
    ['/2019/05/café/'],
    ['/2019/05/caf%C3%A9'],
    ['/blog/old-garden/'],
    ['/?p=123'],
    ['/?utm_source=feed&p=123'],
    ['/index.php?p=5'],
    ['/tags/old-tag'],
  ])('answers %s with a permanent redirect to the article', async (path) => {
    const t = await site();
    const res = await request(t.app).get(path);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/articles/garden');
    expect((await request(t.app).head(path)).status).toBe(301);
  });

  it('keeps a POST a POST (308), as renamed articles do', async () => {
    const t = await site();
    const res = await request(t.app).post('/blog/old-garden').type('form').send({ comment: 'hello' });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/articles/garden');
  });

  it('does not match another letter case or another query value', async () => {
    const t = await site();
    expect((await request(t.app).get('/Blog/Old-Garden')).status).toBe(404);
    expect((await request(t.app).get('/?p=1234')).status).toBe(200);
    expect((await request(t.app).get('/index.php')).status).toBe(404);
  });

  it('never hides a live page: the home page, articles, tags and feeds answer as before', async () => {
    const t = await site({
      'greedy.md': article({ title: 'Greedy', date: '2024-03-01', redirect_from: '[/articles/other/, /tags/gardens, /feed.xml, /search, /]' }),
    });
    expect((await request(t.app).get('/')).status).toBe(200);
    expect((await request(t.app).get('/articles/other')).status).toBe(200);
    expect((await request(t.app).get('/tags/gardens')).status).toBe(200);
    expect((await request(t.app).get('/feed.xml')).status).toBe(200);
    expect((await request(t.app).get('/search?q=garden')).status).toBe(200);
    expect(t.problems.filter((p) => p.file === 'greedy.md' && p.severity === 'error')).toHaveLength(5);
  });

  it('redirects nowhere for drafts, scheduled and expired articles', async () => {
    const t = await site({
      'draft.md': article({ title: 'Draft', date: '2024-01-01', draft: 'true', redirect_from: '[/old-draft]' }),
      'later.md': article({ title: 'Later', date: '2026-07-01', redirect_from: '[/old-later]' }),
      'gone.md': article({ title: 'Gone', date: '2024-01-01', expires: '2026-05-01', redirect_from: '["/?p=77"]' }),
    });
    expect((await request(t.app).get('/old-draft')).status).toBe(404);
    expect((await request(t.app).get('/old-later')).status).toBe(404);
    expect((await request(t.app).get('/?p=77')).status).toBe(200);
    t.clock.set('2026-07-02T00:00:00Z');
    expect((await request(t.app).get('/old-later')).headers.location).toBe('/articles/later');
  });

  it('follows saved and removed files without a restart', async () => {
    const t = await site();
    save(t, 'garden.md', { title: 'Garden', date: '2024-01-01', redirect_from: '[/2020/new-old-path]' });
    expect((await request(t.app).get('/2020/new-old-path')).headers.location).toBe('/articles/garden');
    expect((await request(t.app).get('/blog/old-garden')).status).toBe(404);
    expect((await request(t.app).get('/?p=123')).status).toBe(200);
    save(t, 'fresh.md', { title: 'Fresh', date: '2024-05-01', redirect_from: '["/?p=9"]' });
    expect((await request(t.app).get('/?p=9')).headers.location).toBe('/articles/fresh');
    t.catalog.removeFile('fresh.md');
    expect((await request(t.app).get('/?p=9')).status).toBe(200);
  });

  it('answers an old path with a query before the page cache, which holds the home page', async () => {
    const t = await site();
    const port = await listen(t);
    // The whole answer is read, so the server has finished it (and the cache kept it) before the next request.
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      return res;
    };
    // Before the article claims /?p=9, that address shows the home page.
    expect((await get('/?p=9')).status).toBe(200);
    await get('/');
    const hits = t.web.pageCache.hits();
    expect((await get('/')).status).toBe(200);
    expect(t.web.pageCache.hits()).toBe(hits + 1);
    save(t, 'fresh.md', { title: 'Fresh', date: '2024-05-01', redirect_from: '["/?p=9"]' });
    const res = await get('/?p=9');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/articles/fresh');
    expect((await get('/?p=123')).headers.get('location')).toBe('/articles/garden');
  });
});
