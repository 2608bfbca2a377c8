import { Router } from 'express';
import type { RouteDeps } from '../deps.js';

export function healthRoutes({ catalog }: RouteDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // Until the indexes are built, pages that need them are answered only after a wait: not ready
    // for a load balancer's traffic yet, though every page served is already right.
    if (!catalog.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    res.json({ status: 'ok', articles: catalog.published().length });
  });
  return router;
}
