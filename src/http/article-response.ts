import type { Request, Response } from 'express';
import type { Article } from '../content/article.js';
import { articleComments, belongsTo } from '../comments/article-comments.js';
import type { Comment } from '../comments/comment.js';
import { threadComments } from '../comments/thread.js';
import type { FieldErrors, FormValues } from '../comments/validate.js';
import { commentFormView, commentViews } from './comment-views.js';
import type { RouteDeps } from './deps.js';
import { readVisitor } from './visitor.js';
import { articlePage } from './view-models.js';

export interface FormOverride {
  readonly values: FormValues;
  readonly errors?: FieldErrors;
  readonly message?: string;
  readonly remember: boolean;
}

export interface RenderOptions {
  /** What the visitor typed, with errors, when a post is refused. */
  readonly form?: FormOverride;
  readonly status?: number;
  /** A draft or scheduled article shown to its editor: banner, noindex, no comment form. */
  readonly preview?: boolean;
}

export const commentCountText = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

/**
 * Renders an article page with its comments and form. Used for GET and to show the form again,
 * with what the visitor typed and the errors, when a post is refused.
 */
export async function renderArticle(deps: RouteDeps, req: Request, res: Response, article: Article, options: RenderOptions = {}): Promise<void> {
  const { form, status = 200, preview = false } = options;
  const { catalog, comments, config, site } = deps;
  const visitor = readVisitor(req);
  const ownKey = visitor.token ? comments.service.commenterKey(visitor.token) : null;
  const replyId = typeof req.query.replytocom === 'string' ? req.query.replytocom : form?.values.parent;
  const [all, replyTarget] = await Promise.all([articleComments(comments.store, article), replyId ? comments.store.get(replyId) : undefined]);
  const approved = all.filter((c) => c.status === 'approved');
  const own = ownKey ? all.filter((c) => c.status === 'pending' && c.commenterKey === ownKey) : [];
  const shown: Comment[] = own.length ? all.filter((c) => c.status === 'approved' || own.includes(c)) : approved;
  const open = !preview && comments.service.isOpen(article);
  const href = `/articles/${article.slug}`;

  const replyTo = replyTarget && belongsTo(replyTarget, article) && replyTarget.status === 'approved' ? replyTarget : undefined;
  const remembered = visitor.remembered;
  const values: FormValues = form?.values ?? {
    author: remembered?.author ?? '',
    email: remembered?.email ?? '',
    url: remembered?.url ?? '',
    comment: '',
    parent: replyTo?.id ?? '',
  };

  // A page showing this visitor's own details or held comments must not be stored by shared caches.
  if (remembered || own.length || form) res.set('Cache-Control', 'private, no-store');
  const page = articlePage(site, article, catalog.links(article), preview ? {} : catalog.neighbours(article));
  res.status(status).render('pages/article', {
    ...page,
    meta: preview ? { ...page.meta, robots: 'noindex, nofollow' } : page.meta,
    preview,
    comments: {
      count: approved.length,
      countText: commentCountText(approved.length),
      heading: approved.length === 0 ? 'No comments yet' : commentCountText(approved.length),
      list: commentViews(threadComments(shown, config.comments.maxDepth), site, href, config.comments.maxDepth, open),
      feedHref: `${href}/comments/feed.xml`,
    },
    form: commentFormView({
      slug: article.slug,
      open,
      values: { ...values, parent: replyTo?.id ?? (form ? values.parent : '') },
      ...(form?.errors ? { errors: form.errors } : {}),
      message: form?.message ?? null,
      remember: form?.remember ?? remembered !== null,
      replyTo,
    }),
  });
}
