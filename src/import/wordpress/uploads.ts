import { statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { ASSET_EXTENSIONS } from '../../content/load-articles.js';
import type { ImportedAsset } from '../model.js';

/**
 * Files of the old site's uploads folder, and where each lands in a bundle. WordPress serves uploads
 * from `/wp-content/uploads/2013/03/x.jpg` (WordPress.com: `<site>.files.wordpress.com/2013/03/x.jpg`);
 * an export holds only their URLs, so the files are copied only from the folder given with --uploads.
 */

/** `2013/03/x.jpg` for an upload URL of the old site; undefined for any other URL. */
export function uploadPathOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    path = u.pathname;
  }
  const m = /\/wp-content\/uploads\/(.+)$/.exec(path);
  if (m) return m[1];
  if (u.hostname.endsWith('.files.wordpress.com') && path.length > 1) return path.slice(1);
  return undefined;
}

/** A name the blog serves from a bundle: no folders, no leading dot or underscore (those are ignored), no spaces. */
function bundleName(file: string): string {
  const cleaned = basename(file).replace(/[^\w.-]+/g, '-').replace(/^[._-]+/, '');
  return cleaned || 'file';
}

export interface UploadsOptions {
  /** The old site's uploads folder (the one holding 2013/03/…), or undefined when not given. */
  readonly dir: string | undefined;
  /** Every upload URL left pointing at the old site. */
  readonly notCopied: Set<string>;
  readonly problem: (message: string, lost: boolean) => void;
}

/** The files one post brings into its bundle, by the URL they had. */
export class BundleUploads {
  readonly assets: ImportedAsset[] = [];
  private readonly byUrl = new Map<string, string | undefined>();

  constructor(private readonly options: UploadsOptions) {}

  /** The bundle name the body should use for this URL, or undefined to keep the URL as it is. */
  nameFor(url: string): string | undefined {
    const clean = url.trim().replace(/[?#].*$/, '');
    if (this.byUrl.has(clean)) return this.byUrl.get(clean);
    const name = this.resolve(clean);
    this.byUrl.set(clean, name);
    return name;
  }

  private resolve(url: string): string | undefined {
    const rel = uploadPathOf(url);
    if (rel === undefined) return undefined;
    const { dir, notCopied, problem } = this.options;
    if (!ASSET_EXTENSIONS.test(rel) || !dir) {
      notCopied.add(url);
      return undefined;
    }
    const from = this.findFile(dir, rel);
    if (!from) {
      notCopied.add(url);
      problem(`${url} is not in the uploads folder (looked for ${join(dir, rel)}); the old URL is kept`, true);
      return undefined;
    }
    const existing = this.assets.find((a) => a.from === from);
    if (existing) return existing.name;
    const wanted = bundleName(from);
    let name = wanted;
    for (let n = 2; this.assets.some((a) => a.name === name); n += 1) {
      name = `${wanted.slice(0, wanted.length - extname(wanted).length)}-${n}${extname(wanted)}`;
    }
    this.assets.push({ name, from });
    return name;
  }

  /** The file itself, or the full-size original of a resized copy (`x-300x200.jpg` → `x.jpg`). */
  private findFile(dir: string, rel: string): string | undefined {
    const root = resolve(dir);
    for (const candidate of [rel, rel.replace(/-\d+x\d+(\.\w+)$/, '$1'), rel.replace(/-scaled(\.\w+)$/, '$1')]) {
      const full = resolve(root, candidate);
      // Never outside the folder given, whatever the URL says.
      if (relative(root, full).startsWith('..') || !full.startsWith(root + sep)) continue;
      if (statSync(full, { throwIfNoEntry: false })?.isFile()) return full;
    }
    return undefined;
  }
}
