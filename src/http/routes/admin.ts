import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { COMMENT_STATUSES, type CommentStatus } from '../../comments/comment.js';
import { createAdminSessions, safeEqual } from '../admin-session.js';
import { ADMIN_ACTIONS, adminCommentsPage, adminLoginPage, noticeFor, type AdminAction } from '../admin-views.js';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../../errors.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/** /admin/*: moderation behind a password. Without ADMIN_PASSWORD every admin URL is a 404. */
export function adminRoutes(deps: RouteDeps): Router {
  const { catalog, comments, config, secret, site, now } = deps;
  const router = Router();
  const password = config.adminPassword;
  if (!password) return router;
  const sessions = createAdminSessions({ secret, password, revocations: deps.sessionRevocations, now });
  const form = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 2000 });

  router.use('/admin', (_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    next();
  });

  const loginLimiter = rateLimit({
    windowMs: FIFTEEN_MINUTES,
    limit: 5,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore('failed-logins') } : {}),
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.set('Retry-After', String(FIFTEEN_MINUTES / 1000));
      res.status(429).render('pages/admin-login', adminLoginPage(site, 'Too many failed attempts. Please wait 15 minutes before trying again.'));
    },
  });

  /** Answers 303 to the login page unless a valid session is present; passes the session on. */
  const requireSession = async (req: Request, res: Response, next: NextFunction) => {
    const session = await sessions.current(req);
    if (!session) return res.redirect(303, '/admin/login');
    res.locals.session = session;
    next();
  };
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!sessions.checkCsrf(res.locals.session as string, body?._csrf)) {
      return next(new HttpError(403, 'This form has expired. Go back, reload the page and try again.'));
    }
    next();
  };

  router.get('/admin', (_req, res) => res.redirect(303, '/admin/comments'));

  router.get('/admin/login', async (req, res) => {
    if (await sessions.current(req)) return res.redirect(303, '/admin/comments');
    res.render('pages/admin-login', adminLoginPage(site, null));
  });

  router.post('/admin/login', form, loginLimiter, async (req, res) => {
    const given = (req.body as Record<string, unknown> | undefined)?.password;
    if (typeof given !== 'string' || !safeEqual(given, password)) {
      return res.status(401).render('pages/admin-login', adminLoginPage(site, 'That password is not correct.'));
    }
    await sessions.start(req, res);
    res.redirect(303, '/admin/comments');
  });

  // Ends every moderator's session, not only this one: a copied cookie is worthless from now on.
  router.post('/admin/logout', form, requireSession, requireCsrf, async (_req, res) => {
    await sessions.endAll(res);
    res.redirect(303, '/admin/login');
  });

  router.get('/admin/comments', requireSession, async (req, res) => {
    const status: CommentStatus = (COMMENT_STATUSES as readonly unknown[]).includes(req.query.status)
      ? (req.query.status as CommentStatus) : 'pending';
    res.render('pages/admin-comments', adminCommentsPage({
      site,
      catalog,
      comments: await comments.store.list(),
      status,
      csrfToken: sessions.csrfToken(res.locals.session as string),
      notice: noticeFor(req.query.done, req.query.count),
    }));
  });

  router.post('/admin/comments', form, requireSession, requireCsrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    // A row's own button sends "action:id"; the bulk button sends the ticked ids and the chosen action.
    const [oneAction, oneId] = typeof body.one === 'string' ? body.one.split(':') : [];
    const action = oneAction ?? (typeof body.action === 'string' ? body.action : '');
    const rawIds = oneId ? [oneId] : body.ids;
    const ids = (Array.isArray(rawIds) ? rawIds : [rawIds]).filter((id): id is string => typeof id === 'string' && id !== '');
    const back = typeof body.status === 'string' && (COMMENT_STATUSES as readonly string[]).includes(body.status) ? body.status : 'pending';
    if (!Object.hasOwn(ADMIN_ACTIONS, action)) throw new HttpError(400, 'Unknown action.');
    if (!ids.length) return res.redirect(303, `/admin/comments?status=${back}&done=none`);
    const target = ADMIN_ACTIONS[action as AdminAction].status;
    const count = target === null
      ? await comments.store.remove(ids)
      : (await comments.store.setStatus(ids, target, target === 'pending' ? 'Returned to pending by a moderator.' : undefined)).length;
    res.redirect(303, `/admin/comments?status=${back}&done=${action}&count=${count}`);
  });

  router.get('/admin/comments/export', requireSession, async (_req, res) => {
    const stamp = now().toISOString().slice(0, 10);
    const all = await comments.store.list();
    res.set('Content-Disposition', `attachment; filename="comments-${stamp}.json"`);
    res.json({ exportedAt: now().toISOString(), comments: all });
  });

  router.post('/admin/comments/erase', form, requireSession, requireCsrf, async (req, res) => {
    const email = (req.body as Record<string, unknown>).email;
    if (typeof email !== 'string' || !email.includes('@')) throw new HttpError(400, 'Enter the email address whose comments should be erased.');
    const count = await comments.store.eraseByEmail(email);
    res.redirect(303, `/admin/comments?status=pending&done=erase&count=${count}`);
  });

  return router;
}
