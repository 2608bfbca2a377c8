import type { Article } from './article.js';

/**
 * Old site paths (front matter `redirect_from`) and the articles they now lead to. Pure: built from
 * the articles alone; whether the target is published is decided when a request comes.
 *
 * Matching: percent-encoding, Unicode composition and trailing slashes do not matter
 * (`/2019/05/caf%C3%A9/` is `/2019/05/café`); letter case does. An old path with a query
 * (`/?p=123`) matches a request whose query holds each of those parameters with that value, whatever
 * else it holds; an old path without one matches whatever the query.
 */

/** A parameter an old path's query requires: name and value, decoded. */
export type QueryParam = readonly [name: string, value: string];

export interface Redirect {
  /** As written in front matter. */
  readonly from: string;
  /** Position in the article's `redirect_from`, to find its line. */
  readonly index: number;
  /** Decoded path without trailing slashes; `/` stays `/`. */
  readonly path: string;
  readonly query: readonly QueryParam[];
  readonly slug: string;
  readonly file: string;
}

/** A `redirect_from` entry that is not used, and why. */
export interface RedirectConflict {
  readonly file: string;
  readonly from: string;
  readonly index: number;
  readonly message: string;
}

export interface RedirectTable {
  /** Every redirect in use, by file, then in the order written. */
  readonly redirects: readonly Redirect[];
  readonly conflicts: readonly RedirectConflict[];
  /** The redirect an old path with a query claims for this request (raw path and raw query), if any. */
  byQuery(rawPath: string, rawQuery: string): Redirect | undefined;
  /** The redirect a path without a query claims, if any. */
  byPath(rawPath: string): Redirect | undefined;
  /** True when some redirect with a query is on this path: only then is a request's query read. */
  hasQueryOn(rawPath: string): boolean;
}

/** More than this many required parameters is no URL an old site had; such an entry is refused. */
export const MAX_QUERY_PARAMS = 20;

/** Decodes percent escapes; a path with a malformed escape is matched as written. */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The form paths are compared in: decoded, composed (NFC), without trailing slashes. */
export function normalizePath(rawPath: string): string {
  const path = decodePath(rawPath).normalize('NFC').replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

function queryParams(rawQuery: string): QueryParam[] {
  return [...new URLSearchParams(rawQuery)].map(([name, value]) => [name.normalize('NFC'), value.normalize('NFC')] as const);
}

/** An old path split into the normalised path and the parameters its query requires. */
export function parseOldPath(from: string): { path: string; query: QueryParam[] } {
  const at = from.indexOf('?');
  return at < 0 ? { path: normalizePath(from), query: [] } : { path: normalizePath(from.slice(0, at)), query: queryParams(from.slice(at + 1)) };
}

/** Same path and same required parameters, in any order. */
const keyOf = (path: string, query: readonly QueryParam[]) =>
  `${path}?${query.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).sort().join('&')}`;

/** Pages whose own query parameters a redirect with a query must not claim: the page reads them. */
function parametersReadBy(path: string, slugs: ReadonlySet<string>): readonly string[] {
  const lower = path.toLowerCase();
  if (lower === '/' || lower.startsWith('/tags/')) return ['page'];
  if (lower === '/search') return ['q', 'page'];
  const article = /^\/articles\/([^/]+)$/.exec(path)?.[1];
  return article !== undefined && slugs.has(article) ? ['replytocom'] : [];
}

/** Paths the site answers itself, whatever the content (Express matches these without regard to case). */
const FIXED_PAGES: ReadonlyMap<string, string> = new Map([
  ['/', 'the home page'],
  ['/tags', 'the list of tags'],
  ['/search', 'the search page'],
  ['/feed.xml', 'the RSS feed'],
  ['/atom.xml', 'the Atom feed'],
  ['/sitemap.xml', 'the sitemap'],
  ['/robots.txt', 'robots.txt'],
  ['/comments/feed.xml', 'the comments feed'],
  ['/healthz', 'the health check'],
  ['/favicon.svg', 'the site icon'],
]);
/** Path prefixes of the site's own pages and of the files in public/. */
const FIXED_PREFIXES: readonly (readonly [string, string])[] = [
  ['/admin', 'the moderation pages'],
  ['/preview/', 'the draft previews'],
  ['/css/', 'the site\'s style sheets'],
  ['/js/', 'the site\'s scripts'],
];

export interface SiteNames {
  /** Slugs of every article, drafts included: a draft's address is live once it is published. */
  readonly slugs: ReadonlySet<string>;
  /** Former slugs (`aliases`), which redirect already. */
  readonly aliases: ReadonlySet<string>;
  /** Tag slugs of articles that are not drafts. */
  readonly tags: ReadonlySet<string>;
}

/** What the site shows at this path itself, described for a message; undefined when nothing. */
export function liveUrlAt(path: string, site: SiteNames): string | undefined {
  const lower = path.toLowerCase();
  const fixed = FIXED_PAGES.get(lower);
  if (fixed) return fixed;
  for (const [prefix, what] of FIXED_PREFIXES) {
    if (lower === prefix.replace(/\/$/, '') || lower.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return what;
  }
  const article = /^\/articles\/([^/]+)/.exec(path)?.[1];
  if (article !== undefined && site.slugs.has(article)) return `the article "${article}"`;
  if (article !== undefined && site.aliases.has(article)) return `the alias "${article}" (front matter "aliases")`;
  const tag = /^\/tags\/([^/]+)$/i.exec(path)?.[1];
  if (tag !== undefined && site.tags.has(tag)) return `the tag page "${tag}"`;
  return undefined;
}

/** Why this entry cannot be used on its own (before comparing it with other articles' entries). */
function refusal(from: string, path: string, query: readonly QueryParam[], article: Article, site: SiteNames): string | undefined {
  if (query.length > MAX_QUERY_PARAMS) return `redirect_from "${from}" requires ${query.length} query parameters; at most ${MAX_QUERY_PARAMS} are matched`;
  if (query.length === 0 && path === `/articles/${article.slug}`) return `redirect_from "${from}" is this article's own address; remove it`;
  const live = liveUrlAt(path, site);
  if (!live) return undefined;
  if (query.length === 0) return `redirect_from "${from}" is the address of ${live}, which this site serves itself; remove it or write the old site's path`;
  const lower = path.toLowerCase();
  if (lower === '/admin' || lower.startsWith('/admin/') || lower.startsWith('/preview/')) {
    return `redirect_from "${from}" points into ${live}, which never redirect; remove it`;
  }
  const read = parametersReadBy(path, site.slugs);
  const clash = query.find(([name]) => read.includes(name));
  if (clash) return `redirect_from "${from}" uses "${clash[0]}", which ${live} reads itself; remove it or write the old site's path`;
  return undefined;
}

/** The names an article's redirects are compared with. */
export function siteNamesOf(articles: readonly Article[]): SiteNames {
  return {
    slugs: new Set(articles.map((a) => a.slug)),
    aliases: new Set(articles.flatMap((a) => a.aliases)),
    tags: new Set(articles.filter((a) => !a.draft).flatMap((a) => a.tags.map((t) => t.slug))),
  };
}

const byFile = (a: Article, b: Article) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/**
 * Builds the table from every article held (drafts included, as they claim names; their own
 * redirects are not used until they are published). When two articles claim one old path, the first
 * by file path keeps it and the other's entry is a conflict.
 */
export function createRedirectTable(articles: readonly Article[]): RedirectTable {
  const redirects: Redirect[] = [];
  const conflicts: RedirectConflict[] = [];
  const claimed = new Map<string, Redirect>();
  // Rebuilt on every saved file: the names of all articles are gathered only when some article has a redirect.
  let site: SiteNames | undefined;
  for (const article of articles.filter((a) => !a.draft && a.redirectFrom.length > 0).sort(byFile)) {
    site ??= siteNamesOf(articles);
    article.redirectFrom.forEach((from, index) => {
      const { path, query } = parseOldPath(from);
      const conflict = (message: string) => conflicts.push({ file: article.file, from, index, message });
      const refused = refusal(from, path, query, article, site!);
      if (refused) return conflict(refused);
      const key = keyOf(path, query);
      const owner = claimed.get(key);
      if (owner?.file === article.file) return;
      if (owner) return conflict(`redirect_from "${from}" is already claimed by ${owner.file} (redirect_from "${owner.from}"), which keeps it; remove it from one of them`);
      const redirect: Redirect = { from, index, path, query, slug: article.slug, file: article.file };
      claimed.set(key, redirect);
      redirects.push(redirect);
    });
  }
  const pathOnly = new Map<string, Redirect>();
  const withQuery = new Map<string, Redirect[]>();
  for (const r of redirects) {
    if (r.query.length === 0) pathOnly.set(r.path, r);
    else (withQuery.get(r.path) ?? withQuery.set(r.path, []).get(r.path)!).push(r);
  }
  // The most specific old path wins: `/?p=1&lang=en` before `/?p=1`.
  for (const list of withQuery.values()) list.sort((a, b) => b.query.length - a.query.length);

  return {
    redirects,
    conflicts,
    hasQueryOn: (rawPath) => withQuery.size > 0 && withQuery.has(normalizePath(rawPath)),
    byQuery(rawPath, rawQuery) {
      const candidates = withQuery.get(normalizePath(rawPath));
      if (!candidates || rawQuery === '') return undefined;
      const given = queryParams(rawQuery);
      return candidates.find((r) => r.query.every(([name, value]) => given.some(([n, v]) => n === name && v === value)));
    },
    byPath: (rawPath) => pathOnly.get(normalizePath(rawPath)),
  };
}
