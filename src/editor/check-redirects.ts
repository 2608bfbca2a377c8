import type { Article } from '../content/article.js';
import { createRedirectTable } from '../content/redirects.js';
import type { ContentProblem } from '../errors.js';
import { escapeRegExp } from '../regexp.js';

/** One old path as `npm run check -- --redirects` lists it. */
export interface RedirectListing {
  /** As written in front matter. */
  readonly from: string;
  readonly to: string;
  readonly file: string;
  /** False while the article is scheduled or expired: the old path answers 404 until it is live. */
  readonly live: boolean;
}


/**
 * 1-based line of an old path in the front matter (before `bodyLine`): the line holding it as a whole
 * list item, quoted or not; else the line of the `redirect_from` key; else 1.
 */
export function redirectLine(raw: string, bodyLine: number, from: string): number {
  const lines = raw.split('\n').slice(0, Math.max(1, bodyLine - 1));
  const item = new RegExp(`(^|[\\s\\[,'"-])${escapeRegExp(from)}($|[\\s\\],'"#])`);
  const at = lines.findIndex((l) => item.test(l));
  if (at >= 0) return at + 1;
  const key = lines.findIndex((l) => /^\s*["']?redirect[_-]?from["']?\s*[:=]/i.test(l));
  return key >= 0 ? key + 1 : 1;
}

/**
 * Redirect conflicts as errors located on their `redirect_from` entry, and every old path in use.
 * `source(file)` gives an article's text and the line its body starts on.
 */
export function checkRedirects(
  articles: readonly Article[],
  source: (file: string) => { raw: string; bodyLine: number } | undefined,
  isLive: (article: Article) => boolean,
): { problems: ContentProblem[]; redirects: RedirectListing[] } {
  const table = createRedirectTable(articles);
  const lineOf = (file: string, from: string) => {
    const text = source(file);
    return text ? redirectLine(text.raw, text.bodyLine, from) : 1;
  };
  const problems = table.conflicts.map((c): ContentProblem => ({ severity: 'error', file: c.file, line: lineOf(c.file, c.from), message: c.message }));
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const redirects = table.redirects.map((r): RedirectListing => {
    const article = bySlug.get(r.slug);
    return { from: r.from, to: `/articles/${r.slug}`, file: r.file, live: article !== undefined && isLive(article) };
  });
  return { problems, redirects };
}
