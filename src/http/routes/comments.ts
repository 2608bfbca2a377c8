import { createHmac } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Article } from '../../content/article.js';
import { FORM_FIELDS, validateCommentForm, type FormValues } from '../../comments/validate.js';
import { renderArticle } from '../article-response.js';
import { commentJson } from '../comment-views.js';
import type { RouteDeps } from '../deps.js';
import { rememberAuthor, readVisitor, setCommenterToken } from '../visitor.js';

/** Big enough for the longest allowed comment percent-encoded; anything larger is refused with 413. */
export const COMMENT_BODY_LIMIT = '1mb';
const TEN_MINUTES = 10 * 60_000;

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

function typedValues(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, typeof b[f] === 'string' ? b[f] : ''])) as FormValues;
}

const ticked = (body: unknown) => {
  const v = (body as Record<string, unknown> | undefined)?.['remember'];
  return v === '1' || v === 'on' || v === 'yes' || v === true;
};

/** POST /articles/:slug/comments: the comment form's fixed interface, for browsers and for tools. */
export function commentRoutes(deps: RouteDeps): Router {
  const { catalog, comments, config, secret } = deps;
  const router = Router();

  const refuse = async (req: Request, res: Response, article: Article, status: number, message: string, fields: Record<string, string> = {}): Promise<void> => {
    if (wantsJson(req)) return void res.status(status).json({ error: message, fields });
    await renderArticle(deps, req, res, article, { form: { values: typedValues(req.body), errors: fields, message, remember: ticked(req.body) }, status });
  };

  const limiter = rateLimit({
    windowMs: TEN_MINUTES,
    limit: config.comments.rateLimit,
    skip: () => config.comments.rateLimit === 0,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore('comment-posts') } : {}),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res, next) => {
      const article = catalog.get(String(req.params.slug));
      if (!article) return next();
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + TEN_MINUTES) - Date.now()) / 1000));
      res.set('Retry-After', String(seconds));
      refuse(req, res, article, 429, `You have posted many comments in a short time. Please wait ${Math.ceil(seconds / 60)} minutes and send it again; your text is kept below.`).catch(next);
    },
  });

  const parsers = [
    express.urlencoded({ extended: false, limit: COMMENT_BODY_LIMIT, parameterLimit: 50 }),
    express.json({ limit: COMMENT_BODY_LIMIT, strict: true }),
  ];

  router.get('/articles/:slug/comments', (req, res, next) => {
    const article = catalog.get(req.params.slug);
    if (!article) return next();
    res.redirect(303, `/articles/${article.slug}#comments`);
  });

  router.post('/articles/:slug/comments', ...parsers, (req, res, next) => {
    // Unknown, draft and scheduled articles take no comments and store nothing.
    if (!catalog.get(req.params.slug as string)) return next();
    limiter(req, res, next);
  }, async (req, res, next) => {
    const article = catalog.get(req.params.slug as string);
    if (!article) return next();
    const form = validateCommentForm(req.body);
    if (!form.ok && form.malformed) {
      return refuse(req, res, article, 400, 'The comment form was sent in a shape we cannot read. Please check the fields below and send it again.', form.errors);
    }
    if (!form.ok) {
      return refuse(req, res, article, 422, 'Your comment could not be posted. Please correct the fields marked below.', form.errors);
    }
    const visitor = readVisitor(req);
    const token = visitor.token ?? comments.service.newCommenterToken();
    const ipKey = createHmac('sha256', secret).update(`ip:${req.ip ?? ''}`).digest('hex');
    const outcome = await comments.service.post({
      article,
      input: form.value,
      honeypot: form.honeypot,
      commenterToken: token,
      ipKey,
    });
    if (outcome.kind === 'invalid') {
      return refuse(req, res, article, 422, 'Your comment could not be posted. Please correct the fields marked below.', outcome.errors);
    }
    if (outcome.kind === 'refused') {
      if (outcome.retryAfter) res.set('Retry-After', String(outcome.retryAfter));
      return refuse(req, res, article, outcome.status, outcome.message);
    }
    const { comment } = outcome;
    setCommenterToken(req, res, token);
    rememberAuthor(req, res, ticked(req.body) ? { author: form.value.author, email: form.value.email, url: form.value.url ?? '' } : null);
    const location = `/articles/${article.slug}#comment-${comment.id}`;
    if (wantsJson(req)) return void res.status(201).location(location).json(commentJson(comment, deps.site));
    // Spam is filed silently: the poster learns nothing that would help them get past the filter.
    res.redirect(303, comment.status === 'spam' ? `/articles/${article.slug}#comments` : location);
  });

  const tooLarge: ErrorRequestHandler = (err, req, res, next) => {
    const e = err as { type?: string; status?: number };
    const article = catalog.get(String(req.params.slug));
    if (!article || (e.type !== 'entity.too.large' && e.type !== 'entity.parse.failed' && e.type !== 'parameters.too.many')) return next(err);
    const status = e.type === 'entity.too.large' ? 413 : 400;
    const message = status === 413
      ? 'Your comment is too long to be sent. Please shorten it and send it again.'
      : 'The comment form could not be read. Please send it again.';
    if (wantsJson(req)) return void res.status(status).json({ error: message, fields: {} });
    // The body was not read, so there is nothing to show back; the page says what happened.
    renderArticle(deps, req, res, article, { form: { values: typedValues(undefined), message, remember: false }, status }).catch(next);
  };
  router.use('/articles/:slug/comments', tooLarge);

  return router;
}
