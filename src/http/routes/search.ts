import { Router } from 'express';
import { MAX_QUERY_LENGTH } from '../../content/search.js';
import type { RouteDeps } from '../deps.js';
import type { PageDeps } from '../page-cache.js';
import { searchPage } from '../view-models.js';

export function searchRoutes({ catalog, site }: RouteDeps): Router {
  const router = Router();
  router.get('/search', (req, res) => {
    // A repeated or nested ?q= is not a query.
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUERY_LENGTH) : '';
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    res.render('pages/search', searchPage(site, query, query ? catalog.search(query) : []));
  });
  return router;
}
