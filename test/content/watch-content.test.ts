import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer, type MarkdownRenderer } from '../../src/content/markdown.js';
import { watchContent, type ContentEvent, type ContentWatcher } from '../../src/content/watch-content.js';
import { article, contentDir } from '../helpers/content-dir.js';

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const watchers: ContentWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
});

async function setUp(count: number) {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    files[`post-${i}.md`] = article({ title: `"Post ${i}"`, date: `2026-01-${String(i + 1).padStart(2, '0')}`, tags: '[garden]' },
      `Garden volunteers and reading benches, part ${i}.`);
  }
  files['linker.md'] = article({ title: 'Linker', date: '2026-02-01', see_also: '[post-0]' });
  const dir = contentDir(files);
  const real = createMarkdownRenderer();
  let renders = 0;
  const render: MarkdownRenderer = (md, options) => {
    renders += 1;
    return real(md, options);
  };
  const loaded = await loadArticles(dir, render);
  const catalog = createCatalog(loaded.articles, { now: () => new Date('2026-06-01'), seeAlsoCount: 2, relatedCount: 3 });
  const events: ContentEvent[] = [];
  const watcher = watchContent({ dir, catalog, render, onEvent: (e) => events.push(e) });
  watchers.push(watcher);
  await watcher.ready;
  return { dir, catalog, events, renders: () => renders };
}

describe('watchContent', () => {
  it('re-renders only the file that changed', async () => {
    const { dir, catalog, renders } = await setUp(20);
    const showAll = () => catalog.published().forEach((a) => a.body);
    showAll();
    const before = renders();
    await writeFile(join(dir, 'post-5.md'), article({ title: '"Post five, edited"', date: '2026-01-06', tags: '[garden]' }));
    await waitFor(() => catalog.get('post-5')?.title === 'Post five, edited');
    showAll();
    expect(renders() - before).toBe(1);
    expect(catalog.published().length).toBe(21);
  });

  it('renders a body only when it is first shown', async () => {
    const { catalog, renders } = await setUp(5);
    expect(renders()).toBe(0);
    void catalog.get('post-2')!.body;
    void catalog.get('post-2')!.body;
    expect(renders()).toBe(1);
  });

  it('updates another article\'s "See also" link when its target changes', async () => {
    const { dir, catalog } = await setUp(3);
    const linker = () => catalog.get('linker')!;
    const seeAlso = () => catalog.links(linker()).body.flatMap((p) => p.seeAlso).map((l) => l.title);
    expect(seeAlso()).toContain('Post 0');
    await writeFile(join(dir, 'post-0.md'), article({ title: '"Post zero renamed"', date: '2026-01-01', tags: '[garden]' }));
    await waitFor(() => seeAlso().includes('Post zero renamed'));
    await rm(join(dir, 'post-0.md'));
    await waitFor(() => catalog.get('post-0') === undefined);
    expect(catalog.links(linker()).body.flatMap((p) => p.seeAlso).map((l) => l.slug)).not.toContain('post-0');
  });

  it('keeps the last good version when an edit breaks the front matter, and reports the file and line', async () => {
    const { dir, catalog, events } = await setUp(2);
    await writeFile(join(dir, 'post-1.md'), '---\ntitle: "Unclosed\ndate: 2026-01-02\n---\n\nBroken.\n');
    const rejected = await waitFor(() => events.find((e) => e.change === 'rejected'));
    expect(rejected.file).toBe('post-1.md');
    expect(rejected.problems[0]).toMatchObject({ severity: 'error', file: 'post-1.md', line: expect.any(Number) });
    expect(catalog.get('post-1')?.title).toBe('Post 1');
  });

  it('does not publish a new file until it is fixed', async () => {
    const { dir, catalog, events } = await setUp(1);
    await writeFile(join(dir, 'fresh.md'), '---\ntitle: Fresh\ndate: soon\n---\n\nText.\n');
    await waitFor(() => events.find((e) => e.file === 'fresh.md'));
    expect(catalog.get('fresh')).toBeUndefined();
    await writeFile(join(dir, 'fresh.md'), article({ title: 'Fresh', date: '2026-03-01' }));
    await waitFor(() => catalog.get('fresh'));
  });

  it('follows a file renamed or saved through a temporary file', async () => {
    const { dir, catalog } = await setUp(2);
    await rename(join(dir, 'post-0.md'), join(dir, 'moved.md'));
    await waitFor(() => catalog.get('moved') && !catalog.get('post-0'));
    await writeFile(join(dir, '.moved.md.swp'), article({ title: '"Saved atomically"', date: '2026-01-01' }));
    await rename(join(dir, '.moved.md.swp'), join(dir, 'moved.md'));
    await waitFor(() => catalog.get('moved')?.title === 'Saved atomically');
  });

  it('refuses a new file that takes another article\'s slug', async () => {
    const { dir, catalog, events } = await setUp(2);
    await writeFile(join(dir, 'copy.md'), article({ title: 'Copy', date: '2026-01-01', slug: 'post-0' }));
    const rejected = await waitFor(() => events.find((e) => e.file === 'copy.md'));
    expect(rejected.change).toBe('rejected');
    expect(rejected.problems[0]?.message).toContain('post-0.md');
    expect(catalog.get('post-0')?.file).toBe('post-0.md');
  });

  it('catches what changed between loading and the end of its first scan', async () => {
    const dir = contentDir({
      'kept.md': article({ title: 'Kept', date: '2026-01-01' }),
      'gone.md': article({ title: 'Gone', date: '2026-01-02' }),
      'same.md': article({ title: 'Same', date: '2026-01-04' }),
    });
    const render = createMarkdownRenderer();
    const loaded = await loadArticles(dir, render);
    const catalog = createCatalog(loaded.articles, { now: () => new Date('2026-06-01'), seeAlsoCount: 2, relatedCount: 3 });
    // While the server starts: one file deleted, one added, one edited.
    await rm(join(dir, 'gone.md'));
    await writeFile(join(dir, 'late.md'), article({ title: 'Late', date: '2026-01-03' }));
    await writeFile(join(dir, 'kept.md'), article({ title: '"Kept, edited"', date: '2026-01-01' }));
    const events: ContentEvent[] = [];
    const watcher = watchContent({ dir, catalog, render, onEvent: (e) => events.push(e), loaded: loaded.fingerprints });
    watchers.push(watcher);
    await watcher.ready;
    await waitFor(() => catalog.get('late') && !catalog.get('gone') && catalog.get('kept')?.title === 'Kept, edited');
    // Files that did not change are not read again.
    expect(events.map((e) => e.file).sort()).toEqual(['gone.md', 'kept.md', 'late.md']);
  });
});
