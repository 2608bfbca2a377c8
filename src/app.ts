import compression from 'compression';
import cookieParser from 'cookie-parser';
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import { createAccessLog } from './http/access-log.js';
import { loadAssets } from './http/assets.js';
import { createPageCache, type PageCache, type PageDeps } from './http/page-cache.js';
import type { AppDeps, RouteDeps } from './http/deps.js';
import { createDateFormatter } from './http/format.js';
import { errorHandler, notFound } from './http/middleware/errors.js';
import { securityHeaders } from './http/middleware/security.js';
import { adminRoutes } from './http/routes/admin.js';
import { aliasRoutes } from './http/routes/aliases.js';
import { previewRoutes } from './http/routes/preview.js';
import { hasQueryRedirect, pathRedirects, queryRedirects } from './http/routes/redirects.js';
import { articleRoutes } from './http/routes/articles.js';
import { commentFeedRoutes } from './http/routes/comment-feeds.js';
import { commentRoutes } from './http/routes/comments.js';
import { feedRoutes } from './http/routes/feeds.js';
import { healthRoutes } from './http/routes/health.js';
import { searchRoutes } from './http/routes/search.js';
import { tagRoutes } from './http/routes/tags.js';
import type { Site } from './http/view-models.js';

export type { AppDeps } from './http/deps.js';

export interface WebApp {
  /** The Express app: the normal path for every request. */
  readonly app: Express;
  /** The request listener to serve: unchanged pages from the page cache, everything else through `app`. */
  readonly handle: RequestListener;
  readonly pageCache: PageCache;
}

/** The Express app alone, as tests drive it; the same as `createWebApp(deps).app`. */
export const createApp = (deps: AppDeps): Express => createWebApp(deps).app;

/** Builds the whole web app from its dependencies; does no I/O of its own beyond reading public/ and views/. */
export function createWebApp(deps: AppDeps): WebApp {
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
  let templatesGeneration = 0;
  const pageCache = createPageCache({
    // With comments closing by age, whether the form shows changes with time: cached pages last a minute.
    contentVersion: () => `${deps.catalog.version()}:${templatesGeneration}${config.comments.closeAfterDays === null ? '' : `:${Math.floor(deps.now().getTime() / 60_000)}`}`,
    commentsVersion: () => deps.comments.changes.version(),
    articleCommentsVersion: (slug) => deps.comments.changes.articleVersion(slug),
    maxBytes: config.pageCacheMb * 1024 * 1024,
  });
  deps.liveReload?.onChange((reason) => {
    templatesGeneration += 1;
    if (reason !== 'assets') return;
    assets = loadAssets(config.publicDir);
    app.locals.assets = assetUrls();
  });

  // One line per request, the same for pages from the cache (see `handle`) and from the app.
  const accessLog = createAccessLog(log, config.accessLog);
  app.use((req, res, next) => {
    accessLog.track(req, res);
    next();
  });
  app.use(securityHeaders(config.siteUrl));
  // Old paths with a query (`/?p=123`) first: their path may be a live page, `/` for one.
  app.use(queryRedirects(deps));
  // Before compression, so the cache keeps exactly the bytes and headers that go out.
  app.use(pageCache.record);
  app.use(compression());
  app.use((req, res, next) => {
    // Only responses a route marks with what they depend on are ever cached.
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    assets.handler(req, res, () => {
      delete res.locals.pageDeps;
      next();
    });
  });
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
  // Old paths without a query last, so they can never hide a live URL.
  app.use(pathRedirects(deps));
  app.use(notFound(site));
  app.use(errorHandler(site, log));
  const handle: RequestListener = (req, res) => {
    const startedAt = accessLog.start();
    // A redirect from an old path with a query is never answered with the cached page of its path.
    const bytes = hasQueryRedirect(deps.catalog, req) ? -1 : pageCache.serve(req, res);
    if (bytes >= 0) return accessLog.cached(req, res, bytes, startedAt);
    accessLog.track(req, res);
    app(req, res);
  };
  return { app, handle, pageCache };
}
