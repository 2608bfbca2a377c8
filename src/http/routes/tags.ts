import { Router } from 'express';
import type { RouteDeps } from '../deps.js';
import type { PageDeps } from '../page-cache.js';
import { pageParam } from '../page-param.js';
import { paginate, tagIndexPage, tagPage } from '../view-models.js';

export function tagRoutes({ catalog, config, site }: RouteDeps): Router {
  const router = Router();

  router.get('/tags', (_req, res) => {
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    res.render('pages/tags', tagIndexPage(site, catalog.tags()));
  });

  router.get('/tags/:tag', (req, res, next) => {
    const found = catalog.byTag(req.params.tag);
    const page = pageParam(req.query.page);
    const slice = found && page !== undefined ? paginate(found.articles, page, config.pageSize) : undefined;
    if (!found || !slice || page === undefined) return next();
    res.locals.pageDeps = { comments: [], query: ['page'] } satisfies PageDeps;
    res.render('pages/tag', tagPage(site, found.tag, slice.items, page, slice.pages, found.articles.length));
  });

  return router;
}
