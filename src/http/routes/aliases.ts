import { Router } from 'express';
import type { RouteDeps } from '../deps.js';

/**
 * Old URLs of renamed articles (front matter `aliases`) answer a permanent redirect to the new one,
 * keeping the rest of the path and the query: images, comment feeds and comment posts follow too.
 */
export function aliasRoutes({ catalog }: RouteDeps): Router {
  const router = Router();
  router.all('/articles/:slug{/*rest}', (req, res, next) => {
    const target = catalog.aliasTarget(req.params.slug as string);
    if (!target) return next();
    const rest = req.path.slice(`/articles/${encodeURIComponent(req.params.slug as string)}`.length);
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    // 308 keeps a POST a POST (a comment sent to the old address); 301 for everything else.
    res.redirect(req.method === 'GET' || req.method === 'HEAD' ? 301 : 308, `/articles/${target}${rest}${query}`);
  });
  return router;
}
