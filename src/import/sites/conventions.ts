import type { SiteKind } from './detect.js';

/**
 * What differs between Jekyll, Hugo, Eleventy, Astro, Gatsby and Next.js: where posts are kept,
 * which files are not posts, where site-absolute files are served from, the template syntax in
 * bodies and the URLs the old site gave its posts. Each tool has one file that fills this in.
 */

/** A Markdown file found in the site, with its front matter read. */
export interface SourceFile {
  /** Path from the site root, `/`-separated: `_posts/2019-05-01-hello.md`. */
  readonly rel: string;
  /** The content folder it was found under (`content`, `_posts`…; `` for the site root). */
  readonly base: string;
  /** Path from that content folder. */
  readonly inBase: string;
  /** Front matter, with data the tool adds from elsewhere (Eleventy directory data) underneath. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly hasFrontMatter: boolean;
  /** The body, for tools whose non-post files may still hold text (a Hugo section's _index.md). */
  readonly body: string;
}

export type Classified =
  | { readonly role: 'post' | 'draft' | 'page'; readonly categories?: readonly string[] }
  | { readonly skip: string; readonly lost: boolean };

/** What the old site's URL of a post is made of. */
export interface UrlFacts {
  readonly file: SourceFile;
  readonly role: 'post' | 'draft' | 'page';
  /** Date as written (normalized): `2019-05-01` or `2019-05-01T10:00:00+02:00`. */
  readonly date: string;
  /** The file's own name without date prefix and extension, or its bundle folder's name. */
  readonly fileSlug: string;
  readonly title: string;
  readonly categories: readonly string[];
}

export interface OldUrls {
  readonly paths: readonly string[];
  /** Why a URL could not be worked out (a permalink holding template code…). */
  readonly problems: readonly string[];
}

export type Dialect = 'liquid' | 'hugo' | 'plain';

export interface ToolConventions {
  readonly kind: SiteKind;
  /** Folders, from the site root, where posts are looked for. `.` is the root itself. */
  readonly contentRoots: readonly string[];
  /** Folders that site-absolute paths (`/images/a.png`) are served from. `.` is the root itself. */
  readonly staticDirs: readonly string[];
  /** Template syntax of Markdown bodies (MDX files are read as MDX whatever the tool). */
  readonly dialect: Dialect;
  /** Path the old site was served under (Jekyll `baseurl`, the path of Hugo's `baseURL`), e.g. `/blog`; `` at the root. */
  readonly basePath?: string;
  /** Problems reading the tool's configuration, as `file: message`. */
  readonly configProblems: readonly string[];
  /** Folders never looked into (layouts, includes, build output). */
  skipFolder(folderRel: string, name: string): boolean;
  /** Data that applies to a file besides its front matter (Eleventy directory data files). */
  dataFor?(rel: string): Promise<{ readonly data: Record<string, unknown>; readonly problems: readonly string[] }>;
  /** A post, a draft, a page, or not an article (and whether the old site showed text of it). */
  classify(file: SourceFile, allFiles: ReadonlySet<string>): Classified;
  /** Paths the old site served the item at. */
  oldUrls(facts: UrlFacts): OldUrls;
  /** Tags that name a collection of the tool rather than a subject (Eleventy's `posts`). */
  readonly collectionTags?: readonly string[];
}

const README = /^(readme|changelog|license|licence|contributing|code_of_conduct|security)\.(md|markdown)$/i;

/** Files in every site that are documentation of the repository, not articles. */
export const isRepositoryDoc = (name: string) => README.test(name);

/** `a/b/c.md` → `c.md`. */
export const baseName = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);
/** `a/b/c.md` → `a/b`. */
export const folderOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
export const withoutExtension = (name: string) => name.replace(/\.(md|markdown|mdx)$/i, '');
export const isIndexFile = (name: string) => /^index\.(md|markdown|mdx)$/i.test(name);

/** `/a/b/` from its segments: empty ones dropped, each encoded as a browser would send it. */
export function sitePath(segments: readonly string[], trailingSlash: boolean): string {
  const parts = segments.flatMap((s) => s.split('/')).filter(Boolean).map((s) => encodeURI(s));
  if (parts.length === 0) return '/';
  return `/${parts.join('/')}${trailingSlash ? '/' : ''}`;
}

/** A permalink as written in front matter (`/2019/hello/`, `blog/x.html`) as a site path. */
export function normalizePermalink(value: string): string {
  const trimmed = value.trim().replace(/^https?:\/\/[^/]+/i, '');
  const path = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return path.replace(/\/index\.html?$/i, '/').replace(/\/{2,}/g, '/').replace(/ /g, '%20');
}

/** Front matter list or single value as strings: `tags: a` and `tags: [a, b]` alike. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === 'string' && value.trim()) return [value.trim()];
  return [];
}

/** `/blog/` or `https://example.org/blog/` → `/blog`; `` for the root. */
export function basePathOf(value: string | undefined): string {
  if (!value) return '';
  let path = value.trim();
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  } catch {
    return '';
  }
  path = path.replace(/\/+$/, '');
  return /^\/[^\s#?]*$/.test(path) ? path : '';
}
