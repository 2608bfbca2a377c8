import type { Article } from '../content/article.js';
import type { BodyUrl } from './body-scan.js';

import { resolveBodyUrl } from '../content/relative-urls.js';

/**
 * Relative links and images in an article's body, resolved by the renderer's own rule
 * (content/relative-urls.ts), so the check and the page always agree: in the body of article S,
 * `./x` or `x` is `/articles/S/x`, a file beside S's index.md; `../T/`, `../T`, `../T/index.md`,
 * `../T.md` and `./T.md` are the article `/articles/T`; `../T/x` is a file beside T's index.md.
 */
export type RelativeTarget =
  | { readonly kind: 'file'; readonly slug: string; readonly name: string }
  | { readonly kind: 'article'; readonly slug: string };

export interface LinkFinding {
  /** 1-based line in the body. */
  readonly line: number;
  readonly message: string;
}

export interface LinkTargets {
  /** Any article by slug or former slug, drafts included. */
  find(slug: string): Article | undefined;
  /** Every slug, to suggest the closest one. */
  readonly slugs: readonly string[];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Where a URL written in the body of article `slug` leads, or undefined when it is not relative
 * (absolute, root-relative, a fragment) or leads outside the articles (`../../x`), which is the
 * author's to judge.
 */
export function relativeTarget(url: string, slug: string): RelativeTarget | undefined {
  const written = url.replace(/&amp;/g, '&');
  const resolved = resolveBodyUrl(written, `/articles/${slug}/`);
  // Relative URLs always come back as a site path; anything else comes back as written.
  if (resolved === written) return undefined;
  const m = /^\/articles\/([^/?#]+)(?:\/([^?#]+))?/.exec(resolved);
  if (!m) return undefined;
  const target = decode(m[1]!);
  return m[2] === undefined ? { kind: 'article', slug: target } : { kind: 'file', slug: target, name: decode(m[2]) };
}

/** Edit distance, stopping early once it is over `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate most like `wanted` (ignoring case), if one is close enough to be a likely typo. */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(wanted.toLowerCase(), candidate.toLowerCase(), limit);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function fileProblem(url: BodyUrl, name: string, owner: Article, targets: LinkTargets): string {
  const subject = url.kind === 'image' ? `image "${url.url}" is`
    : url.kind === 'link' || url.kind === 'href' ? `links to "${url.url}", which is`
    : `${url.kind}="${url.url}" is`;
  const missing = `${subject} missing`;
  const asArticle = targets.find(name.replace(/\/$/, '')) ? `; to link to the article "${name.replace(/\/$/, '')}", write ../${name.replace(/\/$/, '')}/` : '';
  if (!owner.file.includes('/')) {
    return `${missing} because only bundle articles (<slug>/index.md) can have ${url.kind === 'image' ? 'images' : 'files'} beside them${asArticle}`;
  }
  const where = `${missing} beside ${owner.file}`;
  if (asArticle) return `${where}${asArticle}`;
  const base = name.split('/').pop() ?? name;
  if (name.includes('/') && base) {
    const there = owner.assets.has(base) ? `write "${base}"` : `move it beside index.md and write "${base}"`;
    return `${where}: only files directly beside index.md are served; ${there}`;
  }
  const near = closest(name, owner.assets.keys());
  return near ? `${where}; the closest file there is "${near}"` : where;
}

/** One finding per relative URL that leads nowhere, with the line it is on and what exists instead. */
export function relativeLinkProblems(urls: readonly BodyUrl[], article: Article, targets: LinkTargets): LinkFinding[] {
  const findings: LinkFinding[] = [];
  for (const url of urls) {
    const target = relativeTarget(url.url, article.slug);
    if (!target) continue;
    const add = (message: string) => findings.push({ line: url.line, message });
    const linked = target.slug === article.slug ? article : targets.find(target.slug);
    if (!linked) {
      const near = closest(target.slug, targets.slugs);
      add(`links to "${url.url}", which is no article${near ? `; the closest is "${near}" (../${near}/)` : ''}`);
    } else if (linked.draft && !article.draft) {
      add(`links to "${url.url}", which is the draft "${linked.slug}"; publish it first or remove the link`);
    } else if (target.kind === 'file' && !linked.assets.has(target.name)) {
      add(fileProblem(url, target.name, linked, targets));
    }
  }
  return findings;
}
