import { basename, dirname } from 'node:path';
import type { NextFunction, Response } from 'express';
import { realPathInside, realRootOf } from '../content/link-guard.js';
import { HttpError } from '../errors.js';

/** Answers the file sender gives that are the visitor's to see, with what to do about them. */
const ANSWERS: Record<number, string> = {
  412: 'The file has changed since the version your request names. Fetch it again.',
  416: 'The requested range lies beyond the end of the file. Ask for a range within it, or for the whole file.',
};

/** Headers the file sender sets before it finds out it cannot send the file; an error page must not carry them. */
const FILE_HEADERS = ['Accept-Ranges', 'Cache-Control', 'Content-Range', 'Content-Type', 'ETag', 'Last-Modified'];

/** What the file sender puts on its errors (http-errors with the status, or the fs error's code). */
interface SendError {
  readonly status?: number;
  readonly code?: string;
  readonly syscall?: string;
  readonly headers?: Record<string, string>;
}

export type BundleFileSender = (res: Response, next: NextFunction, path: string) => Promise<void>;

/**
 * Sends files beside bundle articles (`path`, as listed in the catalog) with ETag, Last-Modified,
 * Range and HEAD support, cached for an hour; calls `next()` when one is not there.
 */
export function bundleFileSender(contentDir: string): BundleFileSender {
  const root = realRootOf(contentDir);
  return (res, next, path) => sendBundleFile(res, next, path, root);
}

async function sendBundleFile(res: Response, next: NextFunction, path: string, root: () => Promise<string>): Promise<void> {
  // Checked at every request, not only when listed: the file may have been replaced by a link since,
  // and with WATCH_CONTENT=0 nothing else would notice.
  const real = await realPathInside(root, path);
  if (!real) return next();
  // The type of the name it is listed under, whatever an inside link points to.
  res.type(basename(path));
  // With `root`, only the file's own name is checked for a leading dot, not the folders above the
  // content folder (CONTENT_DIR may be ~/.site/content). Listed names never start with one; a link
  // to a dot-file is not served, as the dot-file itself is not.
  res.sendFile(basename(real), { root: dirname(real), maxAge: '1h' }, (error) => {
    const err = error as (Error & SendError) | undefined;
    if (!err || err.code === 'ECONNABORTED' || err.syscall === 'write') return;
    if (res.headersSent) return next(err);
    if (err.status === 404 || err.code === 'EISDIR') return next();
    for (const name of FILE_HEADERS) res.removeHeader(name);
    if (err.headers) res.set(err.headers);
    const message = err.status === undefined ? undefined : ANSWERS[err.status];
    next(message ? new HttpError(err.status!, message) : err);
  });
}
