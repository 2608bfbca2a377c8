import { lstatSync, readdirSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface FolderWatchOptions {
  /** Names (relative to the folder, `/`-separated) that are neither reported nor entered. */
  readonly ignored: (rel: string) => boolean;
  /**
   * `rel` was added, removed or renamed (`rename`), or its contents changed (`change`). Names are
   * those in the folder and in its direct subfolders.
   */
  readonly onChange: (rel: string, kind: 'rename' | 'change') => void;
  /** The system reported a change without saying where: the folder must be compared again. */
  readonly onRescan: () => void;
}

export interface FolderWatch {
  close(): void;
}

type Kind = 'folder' | 'link' | 'other' | 'gone';

function kindOf(path: string): Kind {
  try {
    const stats = lstatSync(path);
    return stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'gone';
  }
}

/**
 * Watches a folder and its direct subfolders with one system watch per folder, so that a saved file
 * costs one event: a watch per file, or listing the folder again on every event, costs memory and
 * a pass over every file with thousands of articles. Links are not followed into folders; each link
 * gets a watch of its own, so that a change to the file it points to is seen. Throws when the folder
 * itself cannot be watched.
 */
export function watchFolder(root: string, options: FolderWatchOptions): FolderWatch {
  const { ignored, onChange, onRescan } = options;
  /** By the name watched: '' for the folder itself. */
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  function start(rel: string, listener: (kind: string, name: string | Buffer | null) => void): void {
    if (watchers.has(rel)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(join(root, rel), listener);
    } catch {
      // Gone or unreadable since it was seen: the event that follows says which.
      return;
    }
    // A watched folder or link that disappears may end its watch with an error; the parent's event reports it.
    watcher.on('error', () => stop(rel));
    watchers.set(rel, watcher);
  }

  function stop(rel: string): void {
    for (const [name, watcher] of watchers) {
      if (name === rel || name.startsWith(`${rel}/`)) {
        watcher.close();
        watchers.delete(name);
      }
    }
  }

  /** Watches `rel` as what it now is: a folder (at the top only), a link, or nothing of its own. */
  function track(rel: string, depth: number, kind: Kind = kindOf(join(root, rel)), fresh = true): void {
    if (kind === 'folder' && depth === 0) {
      if (!watchers.has(rel)) watchFolderAt(rel, fresh);
    } else if (kind === 'link') {
      stop(rel);
      start(rel, () => report(rel, 'change'));
    } else stop(rel);
  }

  function report(rel: string, kind: string): void {
    if (closed || ignored(rel)) return;
    onChange(rel, kind === 'rename' ? 'rename' : 'change');
  }

  /** `fresh`: the folder appeared while watching, so files written into it before its watch began are reported. */
  function watchFolderAt(folder: string, fresh: boolean): void {
    const depth = folder === '' ? 0 : 1;
    start(folder, (kind, name) => {
      if (closed) return;
      if (name === null) {
        onRescan();
        return;
      }
      const rel = folder === '' ? String(name) : `${folder}/${String(name)}`;
      if (ignored(rel)) return;
      if (kind === 'rename') track(rel, depth);
      report(rel, kind);
    });
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true });
    } catch {
      return;
    }
    // The listing gives each entry's type: no lstat per file for a folder of thousands.
    for (const entry of entries) {
      const rel = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (ignored(rel)) continue;
      if (entry.isSymbolicLink()) track(rel, depth, 'link', fresh);
      else if (entry.isDirectory()) track(rel, depth, 'folder', fresh);
      // Some file systems do not say: asked one by one.
      else if (!entry.isFile()) track(rel, depth, undefined, fresh);
      if (fresh) report(rel, 'rename');
    }
  }

  watchFolderAt('', false);
  if (!watchers.has('')) throw new Error(`${root} cannot be watched`);
  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
