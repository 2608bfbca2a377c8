import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Catalog } from '../../content/catalog.js';
import type { Redirect } from '../../content/redirects.js';

/**
 * Old site paths (front matter `redirect_from`) answer a permanent redirect to their article, in two
 * stages:
 * - an old path with a query (`/?p=123`) is answered before anything else, the page cache included:
 *   its path is often a live page (`/` is the home page) that must not answer for it;
 * - an old path without a query is answered only after every route has passed, just before the 404
 *   page, so it can never hide a live URL (an article, a tag, a feed, a file in public/).
 * Drafts, scheduled and expired articles redirect nowhere: the request goes on as if there were none.
 */

const splitUrl = (url: string) => {
  const at = url.indexOf('?');
  return at < 0 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
};

/** The article address an old path with a query leads to for this request URL, if it is published. */
function queryTarget(catalog: Catalog, url: string): string | undefined {
  const { path, query } = splitUrl(url);
  if (query === '') return undefined;
  const table = catalog.redirects();
  if (!table.hasQueryOn(path)) return undefined;
  return published(catalog, table.byQuery(path, query));
}

function published(catalog: Catalog, redirect: Redirect | undefined): string | undefined {
  return redirect && catalog.get(redirect.slug) ? `/articles/${redirect.slug}` : undefined;
}

/** True when a redirect answers this request: the page cache must leave it to the app. */
export const hasQueryRedirect = (catalog: Catalog, req: IncomingMessage): boolean =>
  req.url !== undefined && queryTarget(catalog, req.url) !== undefined;

// 308 keeps a POST a POST, as the alias redirects do; 301 for everything else.
const statusFor = (method: string) => (method === 'GET' || method === 'HEAD' ? 301 : 308);

/** Mounted before the page cache records and before every route. */
export function queryRedirects({ catalog }: { catalog: Catalog }): RequestHandler {
  return (req, res, next) => {
    const target = queryTarget(catalog, req.url);
    if (!target) return next();
    res.redirect(statusFor(req.method), target);
  };
}

/** Mounted after every route, just before the 404 page. */
export function pathRedirects({ catalog }: { catalog: Catalog }): RequestHandler {
  return (req, res, next) => {
    const target = published(catalog, catalog.redirects().byPath(req.path));
    if (!target) return next();
    res.redirect(statusFor(req.method), target);
  };
}
