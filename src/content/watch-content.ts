import { join, relative } from 'node:path';
import { watch } from 'chokidar';
import type { ContentProblem } from '../errors.js';
import { buildArticle } from './build-article.js';
import type { LiveCatalog } from './catalog.js';
import { fingerprintOf, listSources, readSource, sourceFor } from './load-articles.js';
import type { MarkdownRenderer } from './markdown.js';

export interface ContentEvent {
  readonly file: string;
  readonly change: 'published' | 'updated' | 'removed' | 'rejected';
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
}): ContentWatcher {
  const { dir, catalog, render, onEvent, loaded } = options;
  const timers = new Map<string, NodeJS.Timeout>();
  const verifiers = new Set<NodeJS.Timeout>();
  let closed = false;
  const queue = new Map<string, Promise<void>>();
  // Files refused because another file had their slug, tried again once a slug is given up: moving
  // x.md to x/index.md may be seen as "add x/index.md" before "unlink x.md".
  const waiting = new Set<string>();
  const retryWaiting = () => {
    for (const other of waiting) schedule(join(dir, other));
  };

  /** Size and time of the file as it was read, or '' when missing. */
  const fingerprint = async (file: string) => (await fingerprintOf(join(dir, file))) ?? '';

  async function refresh(file: string): Promise<void> {
    const seen = await fingerprint(file);
    // A change that lands while this one is handled can be folded into one event by the watcher;
    // one look a moment later catches it.
    const verify: NodeJS.Timeout = setTimeout(() => {
      verifiers.delete(verify);
      void fingerprint(file).then((now) => {
        if (now !== seen && !closed) schedule(join(dir, file));
      });
    }, VERIFY_MS);
    verifiers.add(verify);
    verify.unref();
    const source = await readSource(dir, file);
    if (!source) {
      waiting.delete(file);
      if (catalog.removeFile(file)) {
        onEvent({ file, change: 'removed', problems: [] });
        retryWaiting();
      }
      return;
    }
    const built = buildArticle(source, render);
    if (!built.ok) {
      waiting.delete(file);
      onEvent({ file, change: 'rejected', problems: built.problems });
      return;
    }
    const previous = catalog.byFile(file);
    const refused = catalog.upsert(built.article);
    const fatal = refused.some((p) => p.severity === 'error');
    if (fatal) waiting.add(file);
    else waiting.delete(file);
    onEvent({ file, change: fatal ? 'rejected' : previous ? 'updated' : 'published', problems: [...built.warnings, ...refused] });
    if (!fatal && previous && previous.slug !== built.article.slug) retryWaiting();
  }

  function schedule(path: string): void {
    const file = sourceFor(relative(dir, path));
    if (!file) return;
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

  const watcher = watch(dir, {
    ignoreInitial: true,
    depth: 1,
    ignored: (path) => relative(dir, path).split(/[\\/]/).some((part) => part.startsWith('.') || part.startsWith('_')),
  });
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, schedule);
  watcher.on('unlinkDir', (path) => schedule(`${path}/index.md`));
  watcher.on('addDir', (path) => {
    if (path !== dir) schedule(`${path}/index.md`);
  });

  /** Re-reads files added or changed since loading and notices files gone since then. */
  async function reconcile(seen: ReadonlyMap<string, string>): Promise<void> {
    const onDisk = await listSources(dir);
    const present = new Set(onDisk.map((ref) => ref.file));
    for (const ref of onDisk) {
      if (seen.get(ref.file) !== (await fingerprintOf(ref.path))) schedule(ref.path);
    }
    for (const file of catalog.files()) if (!present.has(file)) schedule(join(dir, file));
  }

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const reconciled = loaded === undefined ? ready : ready.then(() => reconcile(loaded));

  return {
    ready: reconciled,
    async close() {
      closed = true;
      for (const timer of [...timers.values(), ...verifiers]) clearTimeout(timer);
      await watcher.close();
      await Promise.all(queue.values());
    },
  };
}

