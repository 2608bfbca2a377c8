import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { watchContent, type ContentEvent, type ContentWatcher } from '../../src/content/watch-content.js';
import { article, contentDir } from '../helpers/content-dir.js';

async function waitFor(probe: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const watchers: ContentWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
});

/** A content folder with these files, loaded and watched as the server does; every event is kept. */
async function watching(files: Record<string, string>) {
  const dir = contentDir(files);
  const render = createMarkdownRenderer();
  const loaded = await loadArticles(dir, render);
  const catalog = createCatalog(loaded.articles, { now: () => new Date('2026-06-01'), seeAlsoCount: 0, relatedCount: 0 });
  const events: ContentEvent[] = [];
  const watcher = watchContent({ dir, catalog, render, onEvent: (e) => events.push(e) });
  watchers.push(watcher);
  await watcher.ready;
  return { dir, catalog, events };
}

describe('watchContent and .markdown files', () => {
  it('publishes a <slug>.markdown file and an index.markdown bundle added while the server runs, and sees its images', async () => {
    const { dir, catalog, events } = await watching({ 'hello.md': article({ title: 'Hello', date: '2026-01-01' }) });

    await writeFile(join(dir, '2026-02-03-late.markdown'), article({ title: 'Late', date: '2026-02-03' }));
    await waitFor(() => catalog.get('late')?.title === 'Late');
    await mkdir(join(dir, 'trip'));
    await writeFile(join(dir, 'trip', 'index.markdown'), article({ title: 'Trip', date: '2026-02-04', image: 'map.png' }));
    await waitFor(() => catalog.get('trip')?.title === 'Trip');
    await writeFile(join(dir, 'trip', 'map.png'), 'png bytes');
    await waitFor(() => catalog.get('trip')?.assets.has('map.png') === true);
    expect(catalog.get('trip')?.file).toBe('trip/index.markdown');
    expect(events.filter((e) => e.change === 'rejected')).toEqual([]);
  });

  it('says at once why a Markdown file dropped where no article is read from is not published', async () => {
    const { dir, catalog, events } = await watching({
      'hello.md': article({ title: 'Hello', date: '2026-01-01' }),
      'trip/index.md': article({ title: 'Trip', date: '2026-01-02' }),
    });

    const said = (file: string) => events.find((e) => e.file === file)?.problems[0];
    await writeFile(join(dir, 'garden.mdx'), article({ title: 'Garden', date: '2026-02-03' }));
    await writeFile(join(dir, 'trip', 'notes.md'), article({ title: 'Notes', date: '2026-02-03' }));
    await mkdir(join(dir, 'walk'));
    await writeFile(join(dir, 'walk', 'walk.md'), article({ title: 'Walk', date: '2026-02-04' }));
    await waitFor(() => ['garden.mdx', 'trip/notes.md', 'walk/walk.md'].every((f) => said(f) !== undefined));
    expect(said('garden.mdx')).toMatchObject({ severity: 'warning', message: expect.stringMatching(/^MDX is not read: .*rename it garden\.md/) });
    expect(said('trip/notes.md')?.message).toMatch(/only a bundle's index\.md is read/);
    expect(said('walk/walk.md')?.message).toBe("a bundle's article must be named index.md: rename walk/walk.md to walk/index.md");
    // Files that are read say nothing of the kind.
    await writeFile(join(dir, 'fresh.md'), article({ title: 'Fresh', date: '2026-02-05' }));
    await waitFor(() => catalog.get('fresh') !== undefined);
    expect(events.filter((e) => e.change === 'ignored').map((e) => e.file).sort()).toEqual(['garden.mdx', 'trip/notes.md', 'walk/walk.md']);
    expect(catalog.get('garden')).toBeUndefined();
  });
});
