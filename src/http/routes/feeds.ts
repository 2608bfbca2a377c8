import { Router, type Response } from 'express';
import { atomFeed, rssFeed } from '../../feeds/article-feed.js';
import { robotsTxt, sitemapXml } from '../../feeds/sitemap.js';
import type { RouteDeps } from '../deps.js';
import type { PageDeps } from '../page-cache.js';

/** /feed.xml, /atom.xml, /sitemap.xml and /robots.txt, rebuilt only when the published set changes. */
export function feedRoutes({ catalog, site }: RouteDeps): Router {
  const router = Router();
  const built = new Map<string, { version: string; body: Promise<string> }>();
  const once = (key: string, build: () => string | Promise<string>): Promise<string> => {
    const version = catalog.version();
    const hit = built.get(key);
    if (hit && hit.version === version) return hit.body;
    const body = Promise.resolve().then(build);
    built.set(key, { version, body });
    return body;
  };
  const send = (res: Response, type: string, body: string) => {
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    res.type(type).set('Cache-Control', 'public, max-age=300').send(body);
  };

  router.get('/feed.xml', async (_req, res) => {
    send(res, 'application/rss+xml; charset=utf-8', await once('rss', () => rssFeed(site, catalog.published())));
  });
  router.get('/atom.xml', async (_req, res) => {
    send(res, 'application/atom+xml; charset=utf-8', await once('atom', () => atomFeed(site, catalog.published())));
  });
  router.get('/sitemap.xml', async (_req, res) => {
    send(res, 'application/xml; charset=utf-8', await once('sitemap', () => sitemapXml(site.url, catalog.published(), catalog.tags())));
  });
  router.get('/robots.txt', (_req, res) => {
    send(res, 'text/plain; charset=utf-8', robotsTxt(site.url));
  });
  return router;
}
