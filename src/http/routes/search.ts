import { Router } from 'express';
import { MAX_QUERY_LENGTH } from '../../content/search.js';
import type { RouteDeps } from '../deps.js';
import type { PageDeps } from '../page-cache.js';
import { pageParam } from '../page-param.js';
import { paginate, searchPage } from '../view-models.js';

export function searchRoutes({ catalog, config, site }: RouteDeps): Router {
  const router = Router();
  router.get('/search', (req, res, next) => {
    // A repeated or nested ?q= is not a query.
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUERY_LENGTH) : '';
    const page = pageParam(req.query.page);
    const hits = query ? catalog.search(query) : [];
    // Passages are cut only for the hits on the page shown.
    const slice = page === undefined ? undefined : paginate(hits, page, config.pageSize);
    if (!slice || page === undefined) return next();
    res.locals.pageDeps = { comments: [], query: ['q', 'page'] } satisfies PageDeps;
    res.render('pages/search', searchPage(site, query, slice.items, { page, pages: slice.pages, total: hits.length, pageSize: config.pageSize }));
  });
  return router;
}
