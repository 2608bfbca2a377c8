import { Router } from 'express';
import { articleComments } from '../../comments/article-comments.js';
import type { Comment } from '../../comments/comment.js';
import { commentsRss } from '../../feeds/comment-feed.js';
import { cachedBodyHtml } from '../comment-views.js';
import type { RouteDeps } from '../deps.js';
import type { PageDeps } from '../page-cache.js';

/** /comments/feed.xml (whole site) and /articles/:slug/comments/feed.xml: approved comments only. */
export function commentFeedRoutes({ catalog, comments, site }: RouteDeps): Router {
  const router = Router();
  const items = (list: readonly Comment[]) =>
    list
      .filter((c) => c.status === 'approved')
      .flatMap((comment) => {
        // A comment posted under a former slug belongs to the article that slug now redirects to.
        const article = catalog.get(comment.article) ?? catalog.get(catalog.aliasTarget(comment.article) ?? '');
        return article ? [{ comment, articleSlug: article.slug, articleTitle: article.title, bodyHtml: cachedBodyHtml(comment) }] : [];
      })
      .reverse();

  router.get('/comments/feed.xml', async (_req, res) => {
    const xml = commentsRss(site, `Comments on ${site.title}`, '/comments/feed.xml', '/', items(await comments.store.list()));
    res.locals.pageDeps = { comments: 'all' } satisfies PageDeps;
    res.type('application/rss+xml; charset=utf-8').set('Cache-Control', 'public, max-age=60').send(xml);
  });

  router.get('/articles/:slug/comments/feed.xml', async (req, res, next) => {
    const article = catalog.get(req.params.slug);
    if (!article) return next();
    const path = `/articles/${article.slug}`;
    const xml = commentsRss(site, `Comments on “${article.title}”`, `${path}/comments/feed.xml`, path, items(await articleComments(comments.store, article)));
    res.locals.pageDeps = { comments: 'all' } satisfies PageDeps;
    res.type('application/rss+xml; charset=utf-8').set('Cache-Control', 'public, max-age=60').send(xml);
  });
  return router;
}
