import { realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ASSET_EXTENSIONS } from '../../content/load-articles.js';
import type { ImportedAsset } from '../model.js';
import { replaceOutsideCode } from './code-regions.js';

/**
 * Images, videos and files a post refers to, found in the old site and listed to be copied into the
 * post's bundle; the body then names them by their file name in the bundle (`photo.png`). Links to
 * other posts (by file, folder or old URL) become `/articles/<slug>`. A reference to a file that is
 * not there is reported with its line.
 */

/** Files larger than this are not copied. */
export const MAX_ASSET_BYTES = 100 * 1024 * 1024;

export interface ReferenceContext {
  /** Real path of the site folder: nothing outside it is read. */
  readonly root: string;
  /** Folder of the source file, for relative references. */
  readonly fileDir: string;
  /** Folders site-absolute paths are served from, absolute. */
  readonly staticDirs: readonly string[];
  /** The post's first old URL, for relative links written against it (`../other-post/`). */
  readonly oldUrl?: string;
  readonly firstLine: number;
  /** `/articles/<slug>` of the post kept in a file or bundle folder (absolute path), if any. */
  postAtPath(path: string): string | undefined;
  /** `/articles/<slug>` of the post the old site served at a path, if any. */
  postAtOldUrl(path: string): string | undefined;
  problem(line: number, message: string, lost: boolean): void;
}

type Outcome = { readonly url: string } | { readonly asset: string } | { readonly missing: string; readonly lost: boolean } | { readonly keep: true };

const MARKDOWN_LINK = /(\]\(\s*<?)([^()\s<>]+(?:\([^()\s]*\)[^()\s<>]*)*)(?=>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\))/g;
const REFERENCE = /^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?)(\S+?)(?=>?(?:\s|$))/gm;
const HTML_URL = /(\s(?:src|href|poster|data-src)\s*=\s*)(["'])([^"'\n]*)\2/gi;
const SRCSET = /(\ssrcset\s*=\s*)(["'])([^"'\n]*)\2/gi;

const external = (url: string) => /^([a-z][a-z0-9+.-]*:|\/\/|#|\?)/i.test(url) || url === '';

async function fileInside(root: string, path: string): Promise<{ real: string; size: number; folder: boolean } | undefined> {
  try {
    const real = await realpath(path);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    return { real, size: info.size, folder: info.isDirectory() };
  } catch {
    return undefined;
  }
}

const decode = (path: string) => {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
};

/** Collects the files a post uses and gives each one name in its bundle. */
export class BundleAssets {
  private readonly byFile = new Map<string, string>();
  private readonly names = new Set<string>();

  /** The bundle name of a file: its own name, made safe, numbered when another file took it. */
  nameFor(realPath: string): string {
    const known = this.byFile.get(realPath);
    if (known) return known;
    const ext = extname(realPath).toLowerCase();
    const stem = basename(realPath, extname(realPath)).replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'file';
    let name = `${stem}${ext}`;
    for (let n = 2; this.names.has(name.toLowerCase()); n++) name = `${stem}-${n}${ext}`;
    this.names.add(name.toLowerCase());
    this.byFile.set(realPath, name);
    return name;
  }

  list(): ImportedAsset[] {
    return [...this.byFile].map(([from, name]) => ({ name, from }));
  }
}

/** Where one reference (URL or path as written) leads. */
export async function resolveReference(url: string, ctx: ReferenceContext, assets: BundleAssets): Promise<Outcome> {
  if (external(url)) return { keep: true };
  const cut = url.search(/[?#]/);
  const path = decode(cut < 0 ? url : url.slice(0, cut));
  const hash = cut < 0 ? '' : url.slice(cut).replace(/^\?[^#]*/, '');
  if (/^\/articles\//.test(path)) return { keep: true };
  const candidates = path.startsWith('/')
    ? ctx.staticDirs.map((dir) => join(dir, path))
    : [resolve(ctx.fileDir, path)];
  for (const candidate of candidates) {
    if (!isAbsolute(candidate)) continue;
    const post = ctx.postAtPath(candidate.replace(/[/\\]$/, ''));
    if (post) return { url: post + hash };
    const found = await fileInside(ctx.root, candidate);
    if (!found || found.folder) continue;
    if (found.size > MAX_ASSET_BYTES) return { missing: `${path} is larger than ${MAX_ASSET_BYTES / 1024 / 1024} MB and was not copied`, lost: true };
    return { asset: assets.nameFor(found.real) };
  }
  const oldPath = path.startsWith('/') ? path : ctx.oldUrl ? new URL(path, `http://old.invalid${ctx.oldUrl}`).pathname : undefined;
  const post = oldPath === undefined ? undefined : ctx.postAtOldUrl(oldPath);
  if (post) return { url: post + hash };
  if (path.startsWith('/')) {
    const where = ctx.staticDirs.map((d) => (relative(ctx.root, d) ? `${relative(ctx.root, d)}/` : 'the site folder')).join(' or ');
    if (/\.\w{1,5}$/.test(path) && !/\.html?$/i.test(path)) return { missing: `${path} was not found in ${where}; the reference is kept and will not load: add the file or remove the reference`, lost: true };
    return { missing: `${path} is an address of the old site that no imported post had; the link is kept as written and will not find a page here unless this blog has one at that path`, lost: false };
  }
  return { missing: `${path} is neither a file beside ${relative(ctx.root, ctx.fileDir) || 'the site folder'}/ nor a post; the reference is kept and will not load: add the file or remove the reference`, lost: true };
}

/**
 * Rewrites every link, image and raw HTML `src`/`href`/`poster`/`srcset` outside code to the bundle
 * name of the file it uses or to the article it links to.
 */
export async function rewriteReferences(markdown: string, ctx: ReferenceContext, assets: BundleAssets): Promise<string> {
  const urls = new Set<string>();
  const note = (url: string) => urls.add(url.trim());
  replaceOutsideCode(markdown, MARKDOWN_LINK, 1, (m) => (note(m[2] ?? ''), ''));
  replaceOutsideCode(markdown, REFERENCE, 1, (m) => (note(m[2] ?? ''), ''));
  replaceOutsideCode(markdown, HTML_URL, 1, (m) => (note(m[3] ?? ''), ''));
  replaceOutsideCode(markdown, SRCSET, 1, (m) => {
    for (const part of (m[3] ?? '').split(',')) note(part.trim().split(/\s+/)[0] ?? '');
    return '';
  });
  const outcomes = new Map<string, Outcome>();
  for (const url of urls) outcomes.set(url, await resolveReference(url, ctx, assets));
  const reported = new Set<string>();
  const rewrite = (url: string, line: number): string => {
    const outcome = outcomes.get(url.trim());
    if (!outcome || 'keep' in outcome) return url;
    if ('missing' in outcome) {
      if (!reported.has(url)) ctx.problem(line, outcome.missing, outcome.lost);
      reported.add(url);
      return url;
    }
    if ('asset' in outcome) {
      if (!ASSET_EXTENSIONS.test(outcome.asset) && !reported.has(url)) {
        ctx.problem(line, `${url} was copied as ${outcome.asset}, but the blog serves only images, audio, video, PDF, text and CSV files beside an article`, true);
        reported.add(url);
      }
      return outcome.asset;
    }
    return outcome.url;
  };
  let text = replaceOutsideCode(markdown, MARKDOWN_LINK, ctx.firstLine, (m, line) => `${m[1]}${rewrite(m[2] ?? '', line)}`);
  text = replaceOutsideCode(text, REFERENCE, ctx.firstLine, (m, line) => `${m[1]}${rewrite(m[2] ?? '', line)}`);
  text = replaceOutsideCode(text, HTML_URL, ctx.firstLine, (m, line) => `${m[1]}${m[2]}${rewrite(m[3] ?? '', line)}${m[2]}`);
  return replaceOutsideCode(text, SRCSET, ctx.firstLine, (m, line) => {
    const list = (m[3] ?? '').split(',').map((part) => {
      const [url = '', ...descriptors] = part.trim().split(/\s+/);
      return [rewrite(url, line), ...descriptors].join(' ');
    });
    return `${m[1]}${m[2]}${list.join(', ')}${m[2]}`;
  });
}
