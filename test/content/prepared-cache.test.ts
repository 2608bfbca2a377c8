import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { openPreparedCache } from '../../src/content/prepared-cache.js';
import { articleSource } from '../helpers/articles.js';

const render = createMarkdownRenderer();
let root: string;
let content: string;
let cacheFile: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'blog-prepared-cache-'));
  content = join(root, 'content');
  cacheFile = join(root, 'cache', 'content.bin');
  for (const [slug, title, tags] of [['river', 'Walking by the river', ['travel']], ['harbor', 'Harbor mornings', ['travel', 'sea']], ['bread', 'Baking bread', ['cooking']]] as const) {
    writeArticle(`${slug}.md`, articleSource({ file: `${slug}.md`, title, date: '2024-03-05', tags, see_also: slug === 'river' ? ['harbor'] : [],
      body: `# ${title}\n\nA first paragraph about ${slug} and more ${slug}.\n\nSee also: harbor\n\n## Notes\n\nThe ${slug} notes, with *emphasis* and [a link](https://example.org).\n` }));
  }
  writeArticle('broken.md', '---\ntitle: Broken\ndate: not-a-date\n---\n\nNo date.\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeArticle(name: string, text: string): void {
  mkdirSync(content, { recursive: true });
  writeFileSync(join(content, name), text);
}

/** Everything an article page, list or index is made from, as comparable data. */
const served = (a: Article) => ({ ...a, body: a.body.parts.join(''), assets: [...a.assets], bodyTerms: { terms: [...a.bodyTerms.terms], counts: [...a.bodyTerms.counts] } });

async function load(code = 'v1', warnings: string[] = []) {
  const cache = await openPreparedCache(cacheFile, code, (m) => warnings.push(m));
  const loaded = await loadArticles(content, render, undefined, { cache });
  await cache.save();
  return { loaded, stats: { ...cache.stats }, warnings };
}

describe('the prepared content cache', () => {
  it('serves a restart from the cache, with articles and problems exactly as a fresh read gives them', async () => {
    const fresh = await loadArticles(content, render);
    const first = await load();
    expect(first.stats).toEqual({ hits: 0, misses: 4 });
    const second = await load();
    expect(second.stats).toEqual({ hits: 4, misses: 0 });
    for (const run of [first, second]) {
      expect(run.loaded.articles.map(served)).toEqual(fresh.articles.map(served));
      expect(run.loaded.problems).toEqual(fresh.problems);
    }
  });

  it('gives back bodies with accented letters, and with bytes that are not UTF-8, exactly as a fresh read', async () => {
    writeArticle('cafe.md', articleSource({ file: 'cafe.md', title: 'Café', date: '2024-03-05', body: 'Naïve café — crème brûlée, 東京 and 🍞.' }));
    writeFileSync(join(content, 'latin.md'), Buffer.concat([Buffer.from('---\ntitle: Latin\ndate: 2024-03-05\n---\n\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait.\n')]));
    const fresh = await loadArticles(content, render);
    await load();
    const { loaded, stats } = await load();
    expect(stats.hits).toBe(6);
    const body = (a: Article) => [a.slug, a.markdown, a.body.parts.join('')];
    expect(loaded.articles.map(body)).toEqual(fresh.articles.map(body));
    expect(loaded.articles.find((a) => a.slug === 'cafe')!.markdown).toContain('crème brûlée, 東京 and 🍞.');
  });

  it('prepares again a file whose bytes changed, and only that one', async () => {
    await load();
    writeArticle('bread.md', articleSource({ file: 'bread.md', title: 'Baking rye bread', date: '2024-03-06', body: 'Rye and salt.' }));
    const { loaded, stats } = await load();
    expect(stats).toEqual({ hits: 3, misses: 1 });
    const bread = loaded.articles.find((a) => a.slug === 'bread')!;
    expect(bread.title).toBe('Baking rye bread');
    expect(bread.markdown).toBe('\nRye and salt.\n');
    expect(bread.bodyTerms.terms).toContain('rye');
  });

  it('uses nothing cached by another version of the code', async () => {
    await load('v1');
    const { loaded, stats, warnings } = await load('v2');
    expect(stats).toEqual({ hits: 0, misses: 4 });
    expect(warnings).toEqual([]);
    expect(loaded.articles.map((a) => a.slug).sort()).toEqual(['bread', 'harbor', 'river']);
  });

  it.each([
    ['bytes that are not a cache', () => writeFileSync(cacheFile, 'not a cache at all')],
    ['a cut-off file', () => writeFileSync(cacheFile, readFileSync(cacheFile).subarray(0, 200))],
    ['term numbers past the end of the term list', () => writeFileSync(cacheFile, serialize({
      format: 'inkwell-prepared-content', code: 'v1', terms: ['river'], termIds: Uint32Array.of(7), counts: Uint32Array.of(1), records: [],
    }))],
    ['a record of the wrong shape', () => writeFileSync(cacheFile, serialize({
      format: 'inkwell-prepared-content', code: 'v1', terms: [], termIds: new Uint32Array(), counts: new Uint32Array(),
      records: [{ file: 'river.md', hash: 'x', assets: '', result: { ok: true, fields: { slug: 'river', title: 42 }, at: 0, length: 0, body: 0, warnings: [] } }],
    }))],
  ])('ignores %s with one warning, loads every article, and writes a good cache again', async (_, spoil) => {
    await load();
    spoil();
    const spoiled = await load();
    expect(spoiled.warnings).toHaveLength(1);
    expect(spoiled.warnings[0]).toMatch(/content\.bin: the content cache is not valid .*; it is ignored and rebuilt/);
    expect(spoiled.stats).toEqual({ hits: 0, misses: 4 });
    expect(spoiled.loaded.articles.map((a) => a.title).sort()).toEqual(['Baking bread', 'Harbor mornings', 'Walking by the river']);
    expect((await load()).stats).toEqual({ hits: 4, misses: 0 });
  });

  it('never takes a cached record for a file with the same bytes under another name', async () => {
    await load();
    renameSync(join(content, 'bread.md'), join(content, 'loaf.md'));
    const { loaded, stats } = await load();
    expect(stats).toEqual({ hits: 3, misses: 1 });
    expect(loaded.articles.map((a) => a.slug).sort()).toEqual(['harbor', 'loaf', 'river']);
    expect(loaded.articles.find((a) => a.slug === 'loaf')!.file).toBe('loaf.md');
  });
});
