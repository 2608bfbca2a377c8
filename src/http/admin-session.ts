import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'admin_session';
const SESSION_MS = 8 * 3_600_000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Compares in time independent of where the strings differ (hashing first equalises lengths). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export interface AdminSessions {
  /** The current session value, or null when the visitor is not logged in (or the session expired). */
  current(req: Request): string | null;
  start(req: Request, res: Response): string;
  end(res: Response): void;
  csrfToken(session: string): string;
  checkCsrf(session: string, token: unknown): boolean;
}

/** Signed HttpOnly SameSite=Strict session cookie, and CSRF tokens bound to the session. */
export function createAdminSessions(secret: string, now: () => Date): AdminSessions {
  const options = { httpOnly: true, sameSite: 'strict' as const, signed: true, path: '/admin' };
  const csrfToken = (session: string) => createHmac('sha256', secret).update(`csrf:${session}`).digest('hex');
  return {
    current(req) {
      const value = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
      if (typeof value !== 'string') return null;
      const expires = Number(value.split('.')[0]);
      return Number.isFinite(expires) && expires > now().getTime() ? value : null;
    },
    start(req, res) {
      const value = `${now().getTime() + SESSION_MS}.${randomBytes(16).toString('hex')}`;
      // Secure whenever the visitor reached us over HTTPS (directly or through a trusted proxy).
      res.cookie(SESSION_COOKIE, value, { ...options, secure: req.secure, maxAge: SESSION_MS });
      return value;
    },
    end(res) {
      res.clearCookie(SESSION_COOKIE, { path: '/admin' });
    },
    csrfToken,
    checkCsrf: (session, token) => typeof token === 'string' && safeEqual(token, csrfToken(session)),
  };
}
