import { Router } from 'express';
import { articleComments } from '../../comments/article-comments.js';
import type { Article } from '../../content/article.js';
import type { RouteDeps } from '../deps.js';
import { pageParam } from '../page-param.js';
import { renderArticle } from '../article-response.js';
import { bundleFileSender } from '../bundle-file.js';
import type { PageDeps } from '../page-cache.js';
import { homePage, paginate } from '../view-models.js';

/** Home page, article pages and the files beside a bundle article. */
export function articleRoutes(deps: RouteDeps): Router {
  const { catalog, comments, config, site } = deps;
  const router = Router();
  const sendBundleFile = bundleFileSender(config.contentDir);
  const approvedCount = (article: Article) => articleComments(comments.store, article).filter((c) => c.status === 'approved').length;

  router.get('/', (req, res, next) => {
    const page = pageParam(req.query.page);
    const slice = page === undefined ? undefined : paginate(catalog.published(), page, config.pageSize);
    if (!slice || page === undefined) return next();
    res.locals.pageDeps = { comments: 'all', query: ['page'] } satisfies PageDeps;
    res.render('pages/home', homePage(site, slice.items, page, slice.pages, approvedCount));
  });

  router.get('/articles/:slug', async (req, res, next) => {
    // Just after start, the related index may still be in the making: waiting for it here, rather than
    // building it at once, lets other pages be answered meanwhile.
    if (!catalog.isReady()) await catalog.linksReady;
    const article = catalog.get(req.params.slug);
    if (!article) return next();
    res.locals.pageDeps = { comments: [article.slug, ...article.aliases], query: ['replytocom'] } satisfies PageDeps;
    renderArticle(deps, req, res, article);
  });

  router.get('/articles/:slug/:file', (req, res, next) => {
    const path = catalog.get(req.params.slug)?.assets.get(req.params.file);
    if (!path) return next();
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    return sendBundleFile(res, next, path);
  });

  return router;
}
