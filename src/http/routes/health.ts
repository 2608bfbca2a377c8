import { Router } from 'express';
import type { RouteDeps } from '../deps.js';

export function healthRoutes({ catalog }: RouteDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', articles: catalog.published().length });
  });
  return router;
}
