import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentProblem } from '../errors.js';
import type { Article } from './article.js';
import { articleFrom, prepareArticle, type SourceFile } from './build-article.js';
import type { MarkdownRenderer } from './markdown.js';

export interface LoadResult {
  readonly articles: readonly Article[];
  readonly problems: readonly ContentProblem[];
  /** Size and modification time of every source file read, loaded or rejected, by file. */
  readonly fingerprints: ReadonlyMap<string, string>;
}

const fingerprintFrom = (s: Stats) => `${s.size}:${s.mtimeMs}`;

/** A file, or the folder it was in, no longer there (a bundle folder may have become a file). */
const isGone = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

/** Size and modification time of a file, to tell later whether it changed since it was read. */
export async function fingerprintOf(path: string): Promise<string | undefined> {
  try {
    return fingerprintFrom(await stat(path));
  } catch {
    return undefined;
  }
}

/** Files that may sit beside a bundle's index.md and be served under the article's URL. */
export const ASSET_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|svg|pdf|mp3|mp4|webm|txt|csv)$/i;

const ignored = (name: string) => name.startsWith('.') || name.startsWith('_');

/** Lists `<slug>.md` and `<slug>/index.md` sources under the content folder, with bundle assets. */
export async function listSources(dir: string): Promise<SourceRef[]> {
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
    if (isGone(err)) return undefined;
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

/** A source file found in the content folder. */
export interface SourceRef {
  readonly file: string;
  readonly path: string;
  readonly assets: ReadonlyMap<string, string>;
}

/** Contents and fingerprint of a file, the fingerprint taken before reading so a change made during the read shows later. */
function readWithFingerprint(path: string): { raw: string; fingerprint: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
  try {
    return { fingerprint: fingerprintFrom(fstatSync(fd)), raw: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads every article in the content folder. A broken file is reported and left out; it never stops
 * the others from loading. When two files claim one slug, the first by path wins. Bodies are
 * rendered later, when first shown.
 */
export async function loadArticles(dir: string, render: MarkdownRenderer): Promise<LoadResult> {
  const refs = await listSources(dir);
  const fingerprints = new Map<string, string>();
  const problems: ContentProblem[] = [];
  const bySlug = new Map<string, Article>();
  // One file after another, read synchronously: nothing else is waiting at start, and each file's
  // text can be let go as soon as it is prepared instead of all of them being held at once.
  for (const ref of refs) {
    const read = readWithFingerprint(ref.path);
    // Gone since the folder was listed: the watcher reconciles it.
    if (!read) continue;
    fingerprints.set(ref.file, read.fingerprint);
    const result = prepareArticle({ file: ref.file, raw: read.raw, assets: ref.assets });
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    problems.push(...result.warnings);
    const existing = bySlug.get(result.prepared.slug);
    if (existing) {
      const slugLine = read.raw.split('\n').findIndex((l) => l.startsWith('slug:'));
      problems.push({
        severity: 'error',
        file: ref.file,
        line: slugLine < 0 ? 1 : slugLine + 1,
        message: `slug "${result.prepared.slug}" is already used by ${existing.file}; give one of them another file name or a "slug"`,
      });
      continue;
    }
    const article = articleFrom(result.prepared, render);
    bySlug.set(article.slug, article);
  }
  return { articles: [...bySlug.values()], problems, fingerprints };
}
