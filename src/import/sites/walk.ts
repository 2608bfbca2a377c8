import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders deeper than this under a content folder are not looked into. */
export const MAX_WALK_DEPTH = 12;
/** Entries (files and folders) looked at in one site at most. */
export const MAX_WALK_ENTRIES = 50_000;

export const MARKDOWN_FILE = /\.(md|markdown|mdx)$/i;

export interface WalkResult {
  /** Markdown files, relative to the site root with `/` separators, sorted. */
  readonly files: readonly string[];
  /** Why parts of the tree were not looked into (too deep, too many entries), with the folder. */
  readonly notes: readonly { readonly folder: string; readonly message: string }[];
}

/**
 * Lists Markdown files under `start` (relative to `root`), depth- and count-bounded. Symbolic links
 * are not followed, so a link cannot lead the walk out of the site or around in a circle; hidden
 * folders, `node_modules` and the folders `skip` names are left out.
 */
export async function walkMarkdown(root: string, start: string, skip: (folderRel: string, name: string) => boolean): Promise<WalkResult> {
  const files: string[] = [];
  const notes: { folder: string; message: string }[] = [];
  let seen = 0;
  const visit = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_WALK_DEPTH) {
      notes.push({ folder: rel, message: `is more than ${MAX_WALK_DEPTH} folders deep; nothing inside it was read` });
      return;
    }
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++seen > MAX_WALK_ENTRIES) {
        if (seen === MAX_WALK_ENTRIES + 1) notes.push({ folder: rel, message: `the site holds more than ${MAX_WALK_ENTRIES} files and folders; the rest were not read` });
        return;
      }
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules' || skip(rel, entry.name)) continue;
        await visit(path, depth + 1);
      } else if (entry.isFile() && MARKDOWN_FILE.test(entry.name)) {
        files.push(path);
      }
    }
  };
  await visit(start === '.' ? '' : start, 0);
  return { files: files.sort(), notes };
}
