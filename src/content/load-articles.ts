import { readdir, readFile, stat } from 'node:fs/promises';
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
    const index = inner.find((e) => e.isFile() && e.name === 'index.md');
    if (!index) return [];
    return [{ file: `${entry.name}/${index.name}`, path: join(dir, entry.name, index.name), assets: await bundleAssets(join(dir, entry.name)) }];
  }));
  return found.flat().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Files beside a bundle's index.md that may be served, by name. */
async function bundleAssets(folder: string): Promise<Map<string, string>> {
  const inner = await readdir(folder, { withFileTypes: true });
  return new Map(inner
    .filter((e) => e.isFile() && !ignored(e.name) && ASSET_EXTENSIONS.test(e.name))
    .map((e) => [e.name, join(folder, e.name)] as const));
}

/**
 * Reads one source file (`x.md` or `x/index.md`, relative to the content folder) with its bundle's
 * assets; undefined when it no longer exists.
 */
export async function readSource(dir: string, file: string): Promise<SourceFile | undefined> {
  const path = join(dir, file);
  try {
    if (!(await stat(path)).isFile()) return undefined;
    const raw = await readFile(path, 'utf8');
    const isBundle = file.includes('/');
    return { file, raw, assets: isBundle ? await bundleAssets(join(dir, file.slice(0, file.lastIndexOf('/')))) : new Map() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The source file an event on `relativePath` concerns: the article itself, or the bundle an asset sits in. */
export function sourceFor(relativePath: string): string | undefined {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some(ignored)) return undefined;
  if (parts.length === 1) return /\.md$/i.test(parts[0]!) ? parts[0] : undefined;
  if (parts.length === 2) return `${parts[0]}/index.md`;
  return undefined;
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
      const slugLine = texts[i]!.split('\n').findIndex((l) => l.startsWith('slug:'));
      problems.push({
        severity: 'error',
        file: s.file,
        line: slugLine < 0 ? 1 : slugLine + 1,
        message: `slug "${built.article.slug}" is already used by ${existing.file}; give one of them another file name or a "slug"`,
      });
      return;
    }
    bySlug.set(built.article.slug, built.article);
  });
  return { articles: [...bySlug.values()], problems };
}
