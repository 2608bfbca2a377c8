import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { errorPage, type Site } from '../view-models.js';
import { escapeHtml } from '../../html.js';

const MESSAGES: Record<number, string> = {
  404: 'There is no page at this address. It may have moved, or the link may be mistyped.',
  500: 'Something went wrong on our side. Please try again in a moment.',
};


/** Answers with the error page, or `{error}` to clients that asked for JSON. Never includes a stack. */
export function sendError(site: Site, req: Request, res: Response, status: number, message: string): void {
  res.status(status).set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: message });
    return;
  }
  res.render('pages/error', errorPage(site, status, message), (err: Error | null, html?: string) => {
    // If the error page itself cannot render, a minimal page still answers.
    res.type('html').send(err || html === undefined
      ? `<!doctype html><html lang="en"><meta charset="utf-8"><title>Error ${status}</title><h1>Error ${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Home</a></p></html>`
      : html);
  });
}

export function notFound(site: Site): RequestHandler {
  return (req, res) => sendError(site, req, res, 404, MESSAGES[404]!);
}

/** The one error handler: known HTTP errors keep their status, anything else is a logged 500. */
export function errorHandler(site: Site, log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; message?: string };
    let status = err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
    // A path that cannot even be decoded (malformed %-escapes) names no page.
    if (status === 400 && err instanceof URIError) status = 404;
    if (!(status >= 400 && status < 600)) status = 500;
    if (status >= 500) log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return void res.end();
    const message = err instanceof HttpError ? err.publicMessage : (MESSAGES[status] ?? MESSAGES[status < 500 ? 404 : 500]!);
    sendError(site, req, res, status, status === 400 ? 'The request could not be understood.' : message);
  };
}
