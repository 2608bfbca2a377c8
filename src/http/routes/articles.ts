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
  /** Approved comments of each article listed, by slug. */
  const approvedCounts = async (articles: readonly Article[]) => new Map(await Promise.all(articles.map(async (article) =>
    [article.slug, (await articleComments(comments.store, article)).filter((c) => c.status === 'approved').length] as const)));

  router.get('/', async (req, res, next) => {
    const page = pageParam(req.query.page);
    const slice = page === undefined ? undefined : paginate(catalog.published(), page, config.pageSize);
    if (!slice || page === undefined) return next();
    const counts = await approvedCounts(slice.items);
    res.locals.pageDeps = { comments: 'all', query: ['page'] } satisfies PageDeps;
    res.render('pages/home', homePage(site, slice.items, page, slice.pages, (article) => counts.get(article.slug) ?? 0));
  });

  router.get('/articles/:slug', async (req, res, next) => {
    // Just after start, the related index may still be in the making: waiting for it here, rather than
    // building it at once, lets other pages be answered meanwhile.
    if (!catalog.isReady()) await catalog.linksReady;
    const article = catalog.get(req.params.slug);
    if (!article) return next();
    res.locals.pageDeps = { comments: [article.slug, ...article.aliases], query: ['replytocom'] } satisfies PageDeps;
    await renderArticle(deps, req, res, article);
  });

  router.get('/articles/:slug/:file', (req, res, next) => {
    const path = catalog.get(req.params.slug)?.assets.get(req.params.file);
    if (!path) return next();
    res.locals.pageDeps = { comments: [] } satisfies PageDeps;
    return sendBundleFile(res, next, path);
  });

  return router;
}
