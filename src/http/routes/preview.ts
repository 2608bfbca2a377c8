import { Router } from 'express';
import { safeEqual } from '../admin-session.js';
import { renderArticle } from '../article-response.js';
import type { RouteDeps } from '../deps.js';

/**
 * /preview/<slug>?token=<PREVIEW_TOKEN>: a draft or scheduled article exactly as it will look, with a
 * "Draft preview" banner and noindex. Without PREVIEW_TOKEN, or with a wrong token, it is a 404.
 */
export function previewRoutes(deps: RouteDeps): Router {
  const router = Router();
  const token = deps.config.previewToken;
  if (!token) return router;
  router.get('/preview/:slug', async (req, res, next) => {
    const given = req.query.token;
    if (typeof given !== 'string' || !safeEqual(given, token)) return next();
    const article = deps.catalog.getAny(req.params.slug);
    if (!article) return next();
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    await renderArticle(deps, req, res, article, { preview: true });
  });
  return router;
}
