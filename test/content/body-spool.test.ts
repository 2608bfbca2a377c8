import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { openBodySpool } from '../../src/content/body-spool.js';
import { createCatalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { openPreparedCache } from '../../src/content/prepared-cache.js';
import { watchContent, type ContentEvent, type ContentWatcher } from '../../src/content/watch-content.js';
import { article, contentDir } from '../helpers/content-dir.js';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inkwell-spool-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const watchers: ContentWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
});

describe('the body spool', () => {
  it('gives back every body exactly, before and after it is written out, a body bigger than a write included, and leaves no file behind', () => {
    const dir = folder();
    const warnings: string[] = [];
    const spool = openBodySpool(dir, (m) => warnings.push(m));
    expect(readdirSync(dir)).toEqual([]);
    const texts: string[] = [];
    const readers: Array<() => string> = [];
    for (let i = 0; i < 400; i += 1) {
      // Several scripts and a four-byte character, in sizes up to 60 KB; one body of 5 MB.
      const unit = `Körper ${i} — 本文 é 🌿 body text. `;
      const text = i === 200 ? 'x'.repeat(5 * 1024 * 1024) : unit.repeat(1 + ((i * 7919) % 1500));
      const front = Buffer.from(`---\ntitle: "${i}"\n---\n`);
      const bytes = Buffer.concat([front, Buffer.from(text)]);
      texts.push(text);
      readers.push(spool.keep(bytes, front.length));
      // Reusing the caller's bytes must not change what was kept.
      bytes.fill(0);
    }
    readers.forEach((read, i) => expect(read(), `body ${i}`).toBe(texts[i]));
    // Read twice: the text is not consumed.
    expect(readers[3]!()).toBe(texts[3]);
    expect(warnings).toEqual([]);
  });

  it('keeps bodies in memory, with a warning, when the folder cannot hold a spool file', () => {
    const dir = folder();
    // A file where the folder should be: nothing can be made inside it, whatever the user's rights.
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, 'x');
    const warnings: string[] = [];
    const spool = openBodySpool(join(notAFolder, 'cache'), (m) => warnings.push(m));
    const read = spool.keep(Buffer.from('---\n---\nStill here.'), 8);
    expect(read()).toBe('Still here.');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^article bodies are kept in memory: no spool file could be made in /);
  });

  it('shows the last good text of an article never shown since the start when its file is broken, and the fix once it comes', async () => {
    const dir = contentDir({
      'steady.md': article({ title: 'Steady', date: '2026-01-02' }, 'The text as it was loaded.'),
      'other.md': article({ title: 'Other', date: '2026-01-03' }),
    });
    const render = createMarkdownRenderer();
    const cacheDir = folder();
    const loadOnce = async () => {
      const cache = await openPreparedCache(join(cacheDir, 'cache.bin'), 'test', () => undefined);
      const loaded = await loadArticles(dir, render, undefined, { cache, spool: openBodySpool(cacheDir, () => undefined) });
      await cache.save();
      return loaded;
    };
    await loadOnce();
    // The second load takes its articles from the cache, as a restart does.
    const loaded = await loadOnce();
    const catalog = createCatalog(loaded.articles, { now: () => new Date('2026-06-01'), seeAlsoCount: 0, relatedCount: 0 });
    const events: ContentEvent[] = [];
    const watcher = watchContent({ dir, catalog, render, loaded: loaded.fingerprints, onEvent: (e) => events.push(e) });
    watchers.push(watcher);
    await watcher.ready;

    await writeFile(join(dir, 'steady.md'), '---\ntitle: "Unclosed\n---\n\nA broken save.\n');
    await vi.waitFor(() => expect(events.some((e) => e.change === 'rejected')).toBe(true), { timeout: 3000, interval: 20 });
    expect(catalog.get('steady')?.body.parts.join('')).toContain('The text as it was loaded.');
    expect(catalog.get('steady')?.body.parts.join('')).not.toContain('A broken save');

    await writeFile(join(dir, 'steady.md'), article({ title: 'Steady', date: '2026-01-02' }, 'The fixed text.'));
    await vi.waitFor(() => expect(catalog.get('steady')?.body.parts.join('')).toContain('The fixed text.'), { timeout: 3000, interval: 20 });
  });
});
