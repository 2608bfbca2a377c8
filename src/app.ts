import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { loadAssets } from './http/assets.js';
import type { AppDeps, RouteDeps } from './http/deps.js';
import { createDateFormatter } from './http/format.js';
import { errorHandler, notFound } from './http/middleware/errors.js';
import { securityHeaders } from './http/middleware/security.js';
import { adminRoutes } from './http/routes/admin.js';
import { aliasRoutes } from './http/routes/aliases.js';
import { previewRoutes } from './http/routes/preview.js';
import { articleRoutes } from './http/routes/articles.js';
import { commentFeedRoutes } from './http/routes/comment-feeds.js';
import { commentRoutes } from './http/routes/comments.js';
import { feedRoutes } from './http/routes/feeds.js';
import { healthRoutes } from './http/routes/health.js';
import { searchRoutes } from './http/routes/search.js';
import { tagRoutes } from './http/routes/tags.js';
import type { Site } from './http/view-models.js';

export type { AppDeps } from './http/deps.js';

/** Builds the whole web app from its dependencies; does no I/O of its own beyond reading public/ and views/. */
export function createApp(deps: AppDeps): Express {
  const { config, log } = deps;
  const site: Site = {
    title: config.siteTitle,
    description: config.siteDescription,
    url: config.siteUrl,
    language: config.siteLanguage,
    formatDate: createDateFormatter(config.siteLanguage),
  };
  const routeDeps: RouteDeps = { ...deps, site };
  let assets = loadAssets(config.publicDir);
  const assetUrls = () => ({ css: assets.url('css/site.css'), favicon: assets.url('favicon.svg'), commentsJs: assets.url('js/comments.js') });

  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', config.viewsDir);
  app.set('view cache', config.mode !== 'development');
  app.set('etag', 'strong');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  Object.assign(app.locals, {
    site: { title: site.title, description: site.description, url: site.url, language: site.language },
    assets: assetUrls(),
    liveReload: deps.liveReload ? { script: assets.url('js/live-reload.js'), endpoint: deps.liveReload.path } : null,
  });
  deps.liveReload?.onChange((reason) => {
    if (reason !== 'assets') return;
    assets = loadAssets(config.publicDir);
    app.locals.assets = assetUrls();
  });

  app.use(pinoHttp({ logger: log, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  app.use(securityHeaders(config.siteUrl));
  app.use(compression());
  app.use((req, res, next) => assets.handler(req, res, next));
  if (deps.liveReload) app.get(deps.liveReload.path, deps.liveReload.handler);
  app.use(cookieParser(deps.secret));
  app.use(
    healthRoutes(routeDeps),
    commentRoutes(routeDeps),
    commentFeedRoutes(routeDeps),
    articleRoutes(routeDeps),
    tagRoutes(routeDeps),
    searchRoutes(routeDeps),
    feedRoutes(routeDeps),
    adminRoutes(routeDeps),
    previewRoutes(routeDeps),
    aliasRoutes(routeDeps),
  );
  app.use(notFound(site));
  app.use(errorHandler(site, log));
  return app;
}
