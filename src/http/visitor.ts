import type { Request, Response } from 'express';

/** Cookie names: part of the public interface, since browsers keep them between versions. */
export const REMEMBER_COOKIE = 'comment_author';
export const COMMENTER_COOKIE = 'commenter';
const YEAR = 365 * 86_400_000;

export interface RememberedAuthor {
  readonly author: string;
  readonly email: string;
  readonly url: string;
}

/** What this browser told us about its visitor: the saved name/email/website and its commenter token. */
export interface Visitor {
  readonly remembered: RememberedAuthor | null;
  readonly token: string | null;
}

export function readVisitor(req: Request): Visitor {
  const token = (req.signedCookies as Record<string, unknown> | undefined)?.[COMMENTER_COOKIE];
  let remembered: RememberedAuthor | null = null;
  const raw = (req.signedCookies as Record<string, unknown> | undefined)?.[REMEMBER_COOKIE];
  if (typeof raw === 'string') {
    try {
      const v = JSON.parse(raw) as Record<string, unknown>;
      if (typeof v.author === 'string' && typeof v.email === 'string') {
        remembered = { author: v.author, email: v.email, url: typeof v.url === 'string' ? v.url : '' };
      }
    } catch {
      remembered = null;
    }
  }
  return { remembered, token: typeof token === 'string' && /^[0-9a-f]{32}$/.test(token) ? token : null };
}

/** Secure whenever the visitor reached us over HTTPS (directly or through a trusted proxy). */
const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: req.secure, signed: true, maxAge: YEAR, path: '/' });

/** Saves or forgets the name, email and website, following the visitor's tick. */
export function rememberAuthor(req: Request, res: Response, author: RememberedAuthor | null): void {
  if (author) res.cookie(REMEMBER_COOKIE, JSON.stringify(author), cookieOptions(req));
  else res.clearCookie(REMEMBER_COOKIE, { path: '/' });
}

export function setCommenterToken(req: Request, res: Response, token: string): void {
  res.cookie(COMMENTER_COOKIE, token, cookieOptions(req));
}
