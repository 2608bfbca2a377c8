import type { SafeHtml } from '../content/article.js';

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** "12 October 2026" in the site's language; dates are calendar days, so always read in UTC. */
export function createDateFormatter(language: string): (d: Date) => string {
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
  return (d) => format.format(d);
}

export const absoluteUrl = (siteUrl: string, path: string) => (/^https?:\/\//i.test(path) ? path : `${siteUrl}${path}`);

/** JSON for a `<script type="application/ld+json">` block: nothing in it can close the element. */
export function jsonLdHtml(data: unknown): SafeHtml {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029') as SafeHtml;
}
