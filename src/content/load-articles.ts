import { closeSync, fstatSync, openSync, readSync, type Dirent, type Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContentProblem } from '../errors.js';
import type { Article } from './article.js';
import { bodyStart, memorySpool, type BodySpool } from './body-spool.js';
import { articleFrom, prepareArticle, type PrepareResult, type SourceFile } from './build-article.js';
import { createLinkGuard, type LinkGuard } from './link-guard.js';
import type { MarkdownRenderer } from './markdown.js';
import { hashSource, type PreparedCache } from './prepared-cache.js';
import { MARKDOWN_LIKE, MAX_SKIP_DEPTH, createSkippedFiles, isHiddenFolder, nothingReadProblem, type SkippedFiles } from './skipped-files.js';
import { ARTICLE_FILE } from './slug.js';

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
export const ASSET_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|svg|pdf|mp3|mp4|webm|m4a|ogg|ogv|vtt|txt|csv)$/i;

/** Names the loader and watcher pass by: tools' files (`.git`, `.DS_Store`) and underscore names (reported when Markdown). */
const ignored = (name: string) => name.startsWith('.') || name.startsWith('_');

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/**
 * Lists `<slug>.md`, `<slug>.markdown` and `<slug>/index.md` (or `index.markdown`) sources under the
 * content folder, with bundle assets. Links are followed only into the content folder (see
 * LinkGuard); warnings about the others go to `problems`. Every other Markdown file met (`.mdx`,
 * deeper folders, `_posts/`…) is a warning in `skipped` saying why it is not read; a file is never
 * opened to find out.
 */
export async function listSources(dir: string, guard: LinkGuard = createLinkGuard(dir), problems: ContentProblem[] = [], skipped: SkippedFiles = createSkippedFiles()): Promise<SourceRef[]> {
  const warnings: ContentProblem[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  const found = await Promise.all(entries.filter((e) => !isHiddenFolder(e.name)).map(async (entry): Promise<SourceRef[]> => {
    const name = entry.name;
    // Only Markdown is of interest among files; folders may hold it.
    if (!entry.isDirectory() && !entry.isSymbolicLink() && !MARKDOWN_LIKE.test(name)) return [];
    const kind = await guard.kindOf(name, warnings, entry);
    if (kind === 'file') {
      if (ARTICLE_FILE.test(name) && !name.startsWith('_')) return [{ file: name, path: join(dir, name), assets: new Map<string, string>(), linked: entry.isSymbolicLink() }];
      if (MARKDOWN_LIKE.test(name)) skipped.add(name);
      return [];
    }
    if (kind !== 'folder') return [];
    const inner = await listFolder(join(dir, name));
    if (name.startsWith('_')) {
      await reportSkipped(dir, name, inner, guard, warnings, skipped);
      return [];
    }
    const index = INDEX_NAMES.map((n) => inner.find((e) => e.name === n)).find((e) => e !== undefined);
    const isBundle = index !== undefined && (await guard.kindOf(`${name}/${index.name}`, warnings, index)) === 'file';
    await reportSkipped(dir, name, inner, guard, warnings, skipped, isBundle ? index.name : undefined);
    if (!isBundle) return [];
    const assets = await bundleAssets(dir, name, guard, warnings, inner);
    return [{ file: `${name}/${index.name}`, path: join(dir, name, index.name), assets, linked: entry.isSymbolicLink() || index.isSymbolicLink() }];
  }));
  // Listed in parallel: put the warnings in a stable order.
  problems.push(...warnings.sort(byFile));
  return found.flat().sort(byFile);
}

/** A bundle's article file, by preference. */
const INDEX_NAMES = ['index.md', 'index.markdown'];

/**
 * Reports the Markdown files in `folder` (relative, already listed as `entries`) and below it that
 * are not read: everything but the bundle's own `index`. Walks at most MAX_SKIP_DEPTH folders deep,
 * and only into folders that exist; links are judged by the guard like everywhere else.
 */
async function reportSkipped(dir: string, folder: string, entries: readonly Dirent[], guard: LinkGuard, warnings: ContentProblem[], skipped: SkippedFiles, bundleIndex?: string): Promise<void> {
  const depth = folder.split('/').length;
  const candidates = entries.filter((e) => !isHiddenFolder(e.name) && e.name !== bundleIndex && (e.isDirectory() || e.isSymbolicLink() || MARKDOWN_LIKE.test(e.name)));
  const kinds = await Promise.all(candidates.map((e) => guard.kindOf(`${folder}/${e.name}`, warnings, e)));
  const files = candidates.filter((e, i) => kinds[i] === 'file' && MARKDOWN_LIKE.test(e.name));
  const loneMarkdown = depth === 1 && !bundleIndex && files.length === 1 && ARTICLE_FILE.test(files[0]!.name) && !files[0]!.name.startsWith('_');
  for (const file of files) skipped.add(`${folder}/${file.name}`, { ...(bundleIndex ? { bundleIndex } : {}), loneMarkdown });
  if (depth >= MAX_SKIP_DEPTH) return;
  for (const [i, sub] of candidates.entries()) {
    if (kinds[i] !== 'folder' || skipped.full) continue;
    const rel = `${folder}/${sub.name}`;
    await reportSkipped(dir, rel, await listFolder(join(dir, rel)), guard, warnings, skipped);
  }
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
    // A bundle with both is read from index.md, as the loader does.
    if (parts.length === 2 && parts[1] === 'index.markdown' && (await guard.kindOf(`${parts[0]}/index.md`, problems)) === 'file') return undefined;
    const raw = await readFile(join(dir, file), 'utf8');
    const bundle = parts.length > 1 ? parts[0] : undefined;
    return { file, raw, assets: bundle === undefined ? new Map() : await bundleAssets(dir, bundle, guard, problems) };
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/**
 * The source files an event on `relativePath` may concern: the article itself, or the bundle an asset
 * sits in, whose article is index.md or else index.markdown (both are named; the one missing reads as nothing).
 */
export function sourcesFor(relativePath: string): string[] {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some(ignored)) return [];
  // Any other top-level name may be a bundle folder: the watcher reports a linked one as a file.
  if (parts.length === 1 && ARTICLE_FILE.test(parts[0]!)) return [parts[0]!];
  if (parts.length <= 2) return INDEX_NAMES.map((name) => `${parts[0]}/${name}`);
  return [];
}

/**
 * A file in a `_`-folder that a link elsewhere in the content folder points to (`also.md` →
 * `_shared/also.md`) is read through that link: it is not reported as left out.
 */
async function forgetLinkTargets(dir: string, refs: readonly SourceRef[], skipped: SkippedFiles): Promise<void> {
  const linked = refs.filter((ref) => ref.linked);
  if (linked.length === 0 || skipped.count === 0) return;
  const unreachable = () => undefined;
  const targets = new Set(await Promise.all(linked.map((ref) => realpath(ref.path).catch(unreachable))));
  const root = await realpath(dir);
  skipped.forget((rel) => targets.has(join(root, rel)));
}

/** A source file found in the content folder. */
export interface SourceRef {
  readonly file: string;
  readonly path: string;
  readonly assets: ReadonlyMap<string, string>;
  /** Reached through a link inside the content folder: the file it points to is read as this one. */
  readonly linked?: boolean;
}

/** Room for many files: one allocation per few megabytes read rather than one per file. */
const SLAB_BYTES = 4 * 1024 * 1024;

/**
 * Reads whole files into shared slabs, each file a view of its part. A slab is let go once its files
 * are prepared: what is kept of a body is copied to the spool.
 */
function createFileReader(): (path: string) => { bytes: Buffer; fingerprint: string } | undefined {
  let slab = Buffer.allocUnsafeSlow(0);
  let used = 0;
  /** Contents and fingerprint of a file, the fingerprint taken before reading so a change made during the read shows later. */
  return (path) => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
    try {
      const stats = fstatSync(fd);
      const size = stats.size;
      if (size > slab.length - used) {
        slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, size));
        used = 0;
      }
      let got = 0;
      while (got < size) {
        const n = readSync(fd, slab, used + got, size - got, got);
        // Shorter than measured: changed while being read, which its fingerprint shows later.
        if (n === 0) break;
        got += n;
      }
      const bytes = slab.subarray(used, used + got);
      used += got;
      return { fingerprint: fingerprintFrom(stats), bytes };
    } finally {
      closeSync(fd);
    }
  };
}

/** A file's preparation from the cache when its bytes are known there, else made (and kept there when a cache is given). */
function prepare(ref: SourceRef, bytes: Buffer, spool: BodySpool, cache?: PreparedCache): PrepareResult {
  const hash = cache ? hashSource(bytes) : '';
  const known = cache?.get(ref, hash, bytes, spool);
  if (known) return known;
  const source = { file: ref.file, raw: bytes.toString('utf8'), assets: ref.assets };
  const result = prepareArticle(source);
  cache?.set(source, hash, bytes, result);
  if (!result.ok) return result;
  // The body waits in the spool rather than as text: the file's text is let go.
  const at = bodyStart(bytes, source.raw, result.prepared.markdown);
  if (at !== undefined) Object.defineProperty(result.prepared, 'markdown', { enumerable: true, get: spool.keep(bytes, at) });
  return result;
}

/**
 * Reads every article in the content folder. A broken file is reported and left out; it never stops
 * the others from loading. When two files claim one slug, the first by path wins. Bodies are
 * rendered later, when first shown, and wait in `spool` (in memory without one). With a cache, a file
 * whose bytes were prepared before is not prepared again.
 */
export async function loadArticles(
  dir: string,
  render: MarkdownRenderer,
  guard: LinkGuard = createLinkGuard(dir),
  options: { readonly cache?: PreparedCache; readonly spool?: BodySpool } = {},
): Promise<LoadResult> {
  const problems: ContentProblem[] = [];
  const skipped = createSkippedFiles();
  const refs = await listSources(dir, guard, problems, skipped);
  await forgetLinkTargets(dir, refs, skipped);
  problems.push(...skipped.problems());
  if (refs.length === 0 && skipped.count > 0) problems.push(nothingReadProblem(skipped));
  const fingerprints = new Map<string, string>();
  const bySlug = new Map<string, Article>();
  // One file after another, read synchronously: nothing else is waiting at start, and each file's
  // text can be let go as soon as it is prepared instead of all of them being held at once.
  const readFile = createFileReader();
  for (const ref of refs) {
    const read = readFile(ref.path);
    // Gone since the folder was listed: the watcher reconciles it.
    if (!read) continue;
    fingerprints.set(ref.file, read.fingerprint);
    const result = prepare(ref, read.bytes, options.spool ?? memorySpool, options.cache);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    problems.push(...result.warnings);
    const existing = bySlug.get(result.prepared.slug);
    if (existing) {
      const slugLine = read.bytes.toString('utf8').split('\n').findIndex((l) => l.startsWith('slug:'));
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
