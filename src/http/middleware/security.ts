import helmet from 'helmet';
import type { RequestHandler } from 'express';
import { EMBED_ORIGINS } from '../../content/embeds.js';

/**
 * Security headers: a CSP that allows only this site's own scripts and styles (no inline script),
 * frames only of the video players articles may embed, media from this site or over HTTPS, no
 * framing of this site, nosniff. HSTS and upgrade-insecure-requests only when the site is served over HTTPS.
 */
export function securityHeaders(siteUrl: string): RequestHandler {
  const https = siteUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'https:'],
        frameSrc: [...EMBED_ORIGINS],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}
