import { closeSync, fstatSync, openSync, readFileSync, type Dirent, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentProblem } from '../errors.js';
import type { Article } from './article.js';
import { articleFrom, prepareArticle, type SourceFile } from './build-article.js';
import { createLinkGuard, type LinkGuard } from './link-guard.js';
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

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/**
 * Lists `<slug>.md` and `<slug>/index.md` sources under the content folder, with bundle assets.
 * Links are followed only into the content folder (see LinkGuard); warnings about the others go to `problems`.
 */
export async function listSources(dir: string, guard: LinkGuard = createLinkGuard(dir), problems: ContentProblem[] = []): Promise<SourceRef[]> {
  const warnings: ContentProblem[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  const found = await Promise.all(entries.filter((e) => !ignored(e.name)).map(async (entry): Promise<SourceRef[]> => {
    const kind = await guard.kindOf(entry.name, warnings, entry);
    if (kind === 'file' && /\.md$/i.test(entry.name)) {
      return [{ file: entry.name, path: join(dir, entry.name), assets: new Map<string, string>() }];
    }
    if (kind !== 'folder') return [];
    const inner = await listFolder(join(dir, entry.name));
    const index = inner.find((e) => e.name === 'index.md');
    if (!index || (await guard.kindOf(`${entry.name}/index.md`, warnings, index)) !== 'file') return [];
    const assets = await bundleAssets(dir, entry.name, guard, warnings, inner);
    return [{ file: `${entry.name}/index.md`, path: join(dir, entry.name, 'index.md'), assets }];
  }));
  // Listed in parallel: put the warnings in a stable order.
  problems.push(...warnings.sort(byFile));
  return found.flat().sort(byFile);
}

/** A folder's entries; none when it is gone since its parent was listed. */
async function listFolder(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if (isGone(err)) return [];
    throw err;
  }
}

/** Files beside a bundle's index.md that may be served, by name → path under the content folder. */
async function bundleAssets(dir: string, bundle: string, guard: LinkGuard, problems: ContentProblem[], listed?: readonly Dirent[]): Promise<Map<string, string>> {
  const folder = join(dir, bundle);
  const candidates = (listed ?? await listFolder(folder)).filter((e) => !ignored(e.name) && ASSET_EXTENSIONS.test(e.name));
  const kinds = await Promise.all(candidates.map((e) => guard.kindOf(`${bundle}/${e.name}`, problems, e)));
  return new Map(candidates.filter((_, i) => kinds[i] === 'file').map((e) => [e.name, join(folder, e.name)] as const));
}

/**
 * Reads one source file (`x.md` or `x/index.md`, relative to the content folder) with its bundle's
 * assets; undefined when it no longer exists or is a link leading outside the content folder
 * (warned about in `problems`).
 */
export async function readSource(dir: string, file: string, guard: LinkGuard = createLinkGuard(dir), problems: ContentProblem[] = []): Promise<SourceFile | undefined> {
  const parts = file.split('/');
  try {
    // Step by step, so a linked bundle folder is judged before anything is read through it.
    for (let i = 1; i <= parts.length; i += 1) {
      const kind = await guard.kindOf(parts.slice(0, i).join('/'), problems);
      if (kind !== (i === parts.length ? 'file' : 'folder')) return undefined;
    }
    const raw = await readFile(join(dir, file), 'utf8');
    const bundle = parts.length > 1 ? parts[0] : undefined;
    return { file, raw, assets: bundle === undefined ? new Map() : await bundleAssets(dir, bundle, guard, problems) };
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/** The source file an event on `relativePath` concerns: the article itself, or the bundle an asset sits in. */
export function sourceFor(relativePath: string): string | undefined {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some(ignored)) return undefined;
  // Any other top-level name may be a bundle folder: the watcher reports a linked one as a file.
  if (parts.length === 1) return /\.md$/i.test(parts[0]!) ? parts[0] : `${parts[0]}/index.md`;
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
export async function loadArticles(dir: string, render: MarkdownRenderer, guard: LinkGuard = createLinkGuard(dir)): Promise<LoadResult> {
  const problems: ContentProblem[] = [];
  const refs = await listSources(dir, guard, problems);
  const fingerprints = new Map<string, string>();
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
