import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SessionRevocations } from './session-revocations.js';

export const SESSION_COOKIE = 'admin_session';
const SESSION_MS = 8 * 3_600_000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Compares in time independent of where the strings differ (hashing first equalises lengths). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export interface AdminSessions {
  /** The current session value, or null when the visitor is not logged in (or the session ended). */
  current(req: Request): Promise<string | null>;
  start(req: Request, res: Response): Promise<string>;
  /** Logs out: ends every session issued so far, this one and every other moderator's, everywhere. */
  endAll(res: Response): Promise<void>;
  csrfToken(session: string): string;
  checkCsrf(session: string, token: unknown): boolean;
}

export interface SessionOptions {
  /** Signs the cookie (through cookie-parser), CSRF tokens and the password tag. */
  readonly secret: string;
  readonly password: string;
  readonly revocations: SessionRevocations;
  readonly now: () => Date;
}

/** The parts of a session value: `<expires ms>.<generation>.<password tag>.<random>`. */
interface SessionValue {
  readonly expires: number;
  readonly generation: string;
  readonly passwordTag: string;
}

function parseSession(value: string): SessionValue | null {
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const [expires, generation, passwordTag] = parts as [string, string, string, string];
  return { expires: Number(expires), generation, passwordTag };
}

/**
 * Signed HttpOnly SameSite=Strict session cookie, and CSRF tokens bound to the session. A session is
 * honoured only until it expires, while its generation is current (logging out starts a new one) and
 * while ADMIN_PASSWORD is the one it was issued under (changing it ends every session).
 */
export function createAdminSessions({ secret, password, revocations, now }: SessionOptions): AdminSessions {
  const options = { httpOnly: true, sameSite: 'strict' as const, signed: true, path: '/admin' };
  const csrfToken = (session: string) => createHmac('sha256', secret).update(`csrf:${session}`).digest('hex');
  // Keyed by the secret, so the cookie, which its holder can read, tells nothing about the password.
  const passwordTag = createHmac('sha256', secret).update(`admin-password:${password}`).digest('hex').slice(0, 32);
  return {
    async current(req) {
      const value = (req.signedCookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
      if (typeof value !== 'string') return null;
      const session = parseSession(value);
      if (!session || !(session.expires > now().getTime()) || !safeEqual(session.passwordTag, passwordTag)) return null;
      return session.generation === String(await revocations.current()) ? value : null;
    },
    async start(req, res) {
      const generation = await revocations.current();
      const value = `${now().getTime() + SESSION_MS}.${generation}.${passwordTag}.${randomBytes(16).toString('hex')}`;
      // Secure whenever the visitor reached us over HTTPS (directly or through a trusted proxy).
      res.cookie(SESSION_COOKIE, value, { ...options, secure: req.secure, maxAge: SESSION_MS });
      return value;
    },
    async endAll(res) {
      await revocations.revokeAll();
      res.clearCookie(SESSION_COOKIE, { path: '/admin' });
    },
    csrfToken,
    checkCsrf: (session, token) => typeof token === 'string' && safeEqual(token, csrfToken(session)),
  };
}
