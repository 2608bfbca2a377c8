import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ContentProblem } from '../errors.js';

/** What the loader may use an entry of the content folder as. */
export type EntryKind = 'file' | 'folder';

/** The type tests a folder listing (Dirent) or an lstat (Stats) answers alike. */
export interface EntryType {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * Decides, for every name the loader and the watcher meet in the content folder, whether it may be
 * read. One rule everywhere: a symbolic link is followed like the file it points to when it resolves
 * inside the content folder, and never followed when it resolves outside it, so no file from
 * elsewhere on the machine can be published or served.
 */
export interface LinkGuard {
  /**
   * What `rel` (relative to the content folder, forward slashes) is: a file, a folder, or undefined
   * when it is missing, a dangling link, something else, or a link leading outside the content
   * folder. The first time a link leading outside is met, a warning naming it goes to `problems`.
   * `entry` is the entry from a listing just made, which saves a system call for plain files.
   */
  kindOf(rel: string, problems: ContentProblem[], entry?: EntryType): Promise<EntryKind | undefined>;
}

/** True when the real path `path` is the real path `root` or lies below it. */
function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** How a warning names a link: top-level names other than `.md` files are looked at as bundle folders. */
function linkLabel(rel: string): string {
  return rel.includes('/') || /\.(md|markdown|mdx)$/i.test(rel) ? rel : `${rel}/`;
}

const OUTSIDE_LINK = 'is a link to a place outside the content folder; it is not followed. Move or copy what it points to into the content folder';

/**
 * Missing, a dangling link, a link loop, a path through a file, or a link into a place this process
 * may not look at: nothing to read there, and no reason to stop loading the rest.
 */
const isUnreachable = (err: unknown) => ['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * The content folder's real path, resolved on first use and then kept: the folder itself does not move
 * while the server runs (the watcher watches that same real path). A failed lookup is tried again.
 */
export function realRootOf(dir: string): () => Promise<string> {
  let root: Promise<string> | undefined;
  return () => (root ??= realpath(dir).catch((err: unknown) => {
    root = undefined;
    throw err;
  }));
}

/**
 * The real path of `path` when it still resolves inside the content folder whose real path `root`
 * gives; undefined when it is gone or now leads outside (a file may be swapped for a link after it was listed).
 */
export async function realPathInside(root: () => Promise<string>, path: string): Promise<string | undefined> {
  try {
    const [top, real] = await Promise.all([root(), realpath(path)]);
    return isWithin(top, real) ? real : undefined;
  } catch (err) {
    if (isUnreachable(err)) return undefined;
    throw err;
  }
}

const kindFrom = (type: EntryType): EntryKind | undefined => (type.isFile() ? 'file' : type.isDirectory() ? 'folder' : undefined);

/**
 * The link guard of one content folder. It remembers which outside links it has reported, so each
 * is logged once per process however often the watcher meets it: share one guard between the first
 * load and the watcher.
 */
export function createLinkGuard(dir: string): LinkGuard {
  const reported = new Set<string>();
  const root = realRootOf(dir);
  return {
    async kindOf(rel, problems, entry) {
      const path = join(dir, rel);
      try {
        const type = entry ?? await lstat(path);
        if (!type.isSymbolicLink()) return kindFrom(type);
        // Real paths on both sides: the content folder itself may be reached through a link.
        const [top, target] = await Promise.all([root(), realpath(path)]);
        if (!isWithin(top, target)) {
          // A link moved to point elsewhere is a new link, and is reported again.
          const key = `${path}\0${target}`;
          if (!reported.has(key)) {
            reported.add(key);
            problems.push({ severity: 'warning', file: linkLabel(rel), message: OUTSIDE_LINK });
          }
          return undefined;
        }
        return kindFrom(await stat(path));
      } catch (err) {
        if (isUnreachable(err)) return undefined;
        throw err;
      }
    },
  };
}
