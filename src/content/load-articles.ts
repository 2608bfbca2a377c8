import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentProblem } from '../errors.js';
import type { Article } from './article.js';
import { buildArticle, type SourceFile } from './build-article.js';
import type { MarkdownRenderer } from './markdown.js';

export interface LoadResult {
  readonly articles: readonly Article[];
  readonly problems: readonly ContentProblem[];
}

/** Files that may sit beside a bundle's index.md and be served under the article's URL. */
export const ASSET_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|svg|pdf|mp3|mp4|webm|txt|csv)$/i;

const ignored = (name: string) => name.startsWith('.') || name.startsWith('_');

/** Lists `<slug>.md` and `<slug>/index.md` sources under the content folder, with bundle assets. */
async function listSources(dir: string): Promise<Array<{ file: string; path: string; assets: Map<string, string> }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found = await Promise.all(entries.filter((e) => !ignored(e.name)).map(async (entry) => {
    if (entry.isFile() && /\.md$/i.test(entry.name)) {
      return [{ file: entry.name, path: join(dir, entry.name), assets: new Map<string, string>() }];
    }
    if (!entry.isDirectory()) return [];
    const inner = await readdir(join(dir, entry.name), { withFileTypes: true });
    const index = inner.find((e) => e.isFile() && e.name.toLowerCase() === 'index.md');
    if (!index) return [];
    const assets = new Map(inner
      .filter((e) => e.isFile() && !ignored(e.name) && ASSET_EXTENSIONS.test(e.name))
      .map((e) => [e.name, join(dir, entry.name, e.name)] as const));
    return [{ file: `${entry.name}/${index.name}`, path: join(dir, entry.name, index.name), assets }];
  }));
  return found.flat().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Reads and renders every article in the content folder. A broken file is reported and left out;
 * it never stops the others from loading. When two files claim one slug, the first by path wins.
 */
export async function loadArticles(dir: string, render: MarkdownRenderer): Promise<LoadResult> {
  const sources = await listSources(dir);
  const problems: ContentProblem[] = [];
  const bySlug = new Map<string, Article>();
  const texts = await Promise.all(sources.map((s) => readFile(s.path, 'utf8')));
  sources.forEach((s, i) => {
    const source: SourceFile = { file: s.file, raw: texts[i]!, assets: s.assets };
    const built = buildArticle(source, render);
    if (!built.ok) {
      problems.push(...built.problems);
      return;
    }
    problems.push(...built.warnings);
    const existing = bySlug.get(built.article.slug);
    if (existing) {
      problems.push({
        severity: 'error',
        file: s.file,
        line: 1,
        message: `slug "${built.article.slug}" is already used by ${existing.file}; give one of them another file name or a "slug"`,
      });
      return;
    }
    bySlug.set(built.article.slug, built.article);
  });
  return { articles: [...bySlug.values()], problems };
}
