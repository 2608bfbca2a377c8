import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ContentProblem } from '../errors.js';
import { buildArticle } from './build-article.js';
import { watchFolder, type FolderWatch } from './folder-watch.js';
import type { LiveCatalog } from './catalog.js';
import { createLinkGuard, type LinkGuard } from './link-guard.js';
import { fingerprintOf, listSources, readSource, sourcesFor } from './load-articles.js';
import type { MarkdownRenderer } from './markdown.js';
import { MARKDOWN_LIKE, whyNotRead, type FolderShape } from './skipped-files.js';
import { BUNDLE_INDEX } from './slug.js';

export interface ContentEvent {
  readonly file: string;
  /** `ignored`: nothing was read, e.g. a link leading outside the content folder (the problems say why). */
  readonly change: 'published' | 'updated' | 'removed' | 'rejected' | 'ignored';
  readonly problems: readonly ContentProblem[];
}

export interface ContentWatcher {
  /** Resolves once the watcher is ready to report changes. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Quiet time after the last event on a file before it is read: editors save in several steps. */
const SETTLE_MS = 25;
const VERIFY_MS = 300;

/**
 * Keeps the catalog in step with the content folder: each saved, added, renamed or deleted file is
 * re-read on its own and swapped into the catalog. A file that no longer parses leaves its last good
 * version online; a broken new file is not published until it is fixed.
 */
export function watchContent(options: {
  dir: string;
  catalog: LiveCatalog;
  render: MarkdownRenderer;
  onEvent: (event: ContentEvent) => void;
  /**
   * Size and time of every file as the catalog was loaded from it (LoadResult.fingerprints). Changes
   * made between then and the watcher being ready are caught by comparing the folder with them once
   * it is ready, so the server need not wait for the watcher's first scan to serve.
   */
  loaded?: ReadonlyMap<string, string>;
  /** The guard the catalog was loaded with, so a link reported then is not reported again. */
  guard?: LinkGuard;
}): ContentWatcher {
  const { dir, catalog, render, onEvent, loaded } = options;
  /** Each file's fingerprint as last read, to find what changed when the folder must be compared again. */
  const known = new Map(loaded ?? []);
  const guard = options.guard ?? createLinkGuard(dir);
  const timers = new Map<string, NodeJS.Timeout>();
  const verifiers = new Set<NodeJS.Timeout>();
  let closed = false;
  const queue = new Map<string, Promise<void>>();
  // Files refused because another file had their slug, tried again once a slug is given up: moving
  // x.md to x/index.md may be seen as "add x/index.md" before "unlink x.md".
  const waiting = new Set<string>();
  const retryWaiting = () => {
    for (const other of waiting) schedule(other);
  };

  /** Size and time of the file as it was read, or '' when missing. */
  const fingerprint = async (file: string) => (await fingerprintOf(join(dir, file))) ?? '';

  async function refresh(file: string): Promise<void> {
    const seen = await fingerprint(file);
    if (seen) known.set(file, seen);
    else known.delete(file);
    // A change that lands while this one is handled can be folded into one event by the watcher;
    // one look a moment later catches it.
    const verify: NodeJS.Timeout = setTimeout(() => {
      verifiers.delete(verify);
      void fingerprint(file).then((now) => {
        if (now !== seen && !closed) schedule(file);
      });
    }, VERIFY_MS);
    verifiers.add(verify);
    verify.unref();
    const linkProblems: ContentProblem[] = [];
    const source = await readSource(dir, file, guard, linkProblems);
    if (!source) {
      waiting.delete(file);
      if (catalog.removeFile(file)) {
        onEvent({ file, change: 'removed', problems: linkProblems });
        retryWaiting();
      } else if (linkProblems.length) {
        onEvent({ file, change: 'ignored', problems: linkProblems });
      }
      return;
    }
    const built = buildArticle(source, render);
    if (!built.ok) {
      waiting.delete(file);
      onEvent({ file, change: 'rejected', problems: [...linkProblems, ...built.problems] });
      return;
    }
    const previous = catalog.byFile(file);
    const refused = catalog.upsert(built.article);
    const fatal = refused.some((p) => p.severity === 'error');
    if (fatal) waiting.add(file);
    else waiting.delete(file);
    onEvent({ file, change: fatal ? 'rejected' : previous ? 'updated' : 'published', problems: [...linkProblems, ...built.warnings, ...refused] });
    if (!fatal && previous && previous.slug !== built.article.slug) retryWaiting();
  }

  /** Re-reads, after a quiet moment, the sources an event on `rel` (relative to the content folder) concerns. */
  function schedule(rel: string): void {
    for (const file of sourcesFor(rel)) scheduleFile(file);
  }

  function scheduleFile(file: string): void {
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => {
      timers.delete(file);
      // One refresh per file at a time, in the order the events came.
      const previous = queue.get(file) ?? Promise.resolve();
      const next = previous.then(() => refresh(file)).catch((err: unknown) => {
        onEvent({ file, change: 'rejected', problems: [{ severity: 'error', file, message: `could not be read: ${(err as Error).message}` }] });
      });
      queue.set(file, next);
      void next.finally(() => {
        if (queue.get(file) === next) queue.delete(file);
      });
    }, SETTLE_MS));
  }

  // Links are not followed into folders: following one that leads outside would watch, and report,
  // files from elsewhere. A link itself (added, retargeted, removed, or its file changed) is reported
  // as a file, and refresh() applies the one rule of LinkGuard. The real folder is watched, and paths
  // are taken relative to it.
  const root = realFolder(dir);
  const isIgnored = (rel: string) => rel.split('/').some((part) => part.startsWith('.') || part.startsWith('_'));
  /** Starts watching; it starts once the catalog's indexes are built, so that it never slows them. */
  function startWatching(): FolderWatch | undefined {
    try {
      return watchFolder(root, {
        ignored: isIgnored,
        onChange(rel, kind) {
          if (kind === 'rename') reportNotRead(rel);
          schedule(rel);
        },
        onRescan: () => void reconcile(known).catch(() => undefined),
      });
    } catch (err) {
      onEvent({ file: '.', change: 'ignored', problems: [{ severity: 'warning', file: dir, message: `changes are not seen until a restart: ${(err as Error).message}` }] });
      return undefined;
    }
  }

  /** A Markdown file dropped where no article is read from is said at once, as loading says it at start. */
  function reportNotRead(rel: string): void {
    if (!MARKDOWN_LIKE.test(rel) || sourcesFor(rel).includes(rel) || !existsSync(join(dir, rel))) return;
    const message = whyNotRead(rel, folderShape(dir, rel));
    onEvent({ file: rel, change: 'ignored', problems: [{ severity: 'warning', file: rel, line: 1, message }] });
  }

  /** Re-reads files added or changed since loading and notices files gone since then. */
  async function reconcile(seen: ReadonlyMap<string, string>): Promise<void> {
    const linkProblems: ContentProblem[] = [];
    const onDisk = await listSources(dir, guard, linkProblems);
    const present = new Set(onDisk.map((ref) => ref.file));
    for (const ref of onDisk) {
      if (seen.get(ref.file) !== (await fingerprintOf(ref.path))) schedule(ref.file);
    }
    for (const file of catalog.files()) if (!present.has(file)) schedule(file);
    // Links leading outside made since the load: reported here, and their article read again.
    for (const problem of linkProblems) {
      onEvent({ file: problem.file, change: 'ignored', problems: [problem] });
      schedule(problem.file);
    }
  }

  // A server answers while the indexes are built; changes made meanwhile are found by reconcile().
  const started = catalog.ready.then(() => (closed ? undefined : startWatching()));
  const reconciled = loaded === undefined ? started.then(() => undefined) : started.then(() => reconcile(known));

  return {
    ready: reconciled,
    async close() {
      closed = true;
      for (const timer of [...timers.values(), ...verifiers]) clearTimeout(timer);
      (await started)?.close();
      await Promise.all(queue.values());
    },
  };
}

/** What the bundle folder of `rel` (`trip/notes.md`) holds, as far as the reason it is not read depends on it. */
function folderShape(dir: string, rel: string): FolderShape {
  const parts = rel.split('/');
  if (parts.length !== 2) return {};
  let names: string[];
  try {
    names = readdirSync(join(dir, parts[0]!));
  } catch {
    return {};
  }
  const bundleIndex = names.find((name) => BUNDLE_INDEX.test(name));
  if (bundleIndex) return { bundleIndex };
  return { loneMarkdown: names.filter((name) => MARKDOWN_LIKE.test(name)).length === 1 };
}

/** The folder's real path; the path as given when it cannot be resolved (watching it then reports the error). */
function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
