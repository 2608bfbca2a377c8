import type { ContentProblem } from '../errors.js';
import type { Article, ArticleLink, Tag } from './article.js';
import { createRelatedIndex } from './related.js';
import { createSearchIndex, type SearchHit } from './search.js';
import { placeSeeAlso, type BodyPart } from './see-also.js';

export interface TagCount extends Tag {
  readonly count: number;
}

export interface ArticleLinks {
  /** The body cut into parts with the inline "See also" links placed between them. */
  readonly body: readonly BodyPart[];
  /** "Related articles": the next best matches, none of them repeated from the body. */
  readonly related: readonly ArticleLink[];
}

export interface CatalogOptions {
  readonly now: () => Date;
  /** How many "See also" links an article gets in its body when it names fewer itself. */
  readonly seeAlsoCount: number;
  readonly relatedCount: number;
}

/** Read access to the published site: drafts and articles dated in the future are never returned. */
export interface Catalog {
  /** Published articles, newest first. */
  published(): readonly Article[];
  get(slug: string): Article | undefined;
  /** Changes whenever the published set does (for caches of derived pages). */
  version(): number;
  tags(): readonly TagCount[];
  byTag(tagSlug: string): { tag: Tag; articles: readonly Article[] } | undefined;
  /** The next newer and older published articles. */
  neighbours(article: Article): { newer?: Article; older?: Article };
  links(article: Article): ArticleLinks;
  search(query: string): SearchHit[];
  /** Problems found while linking articles together (unknown `see_also` slugs). */
  readonly problems: readonly ContentProblem[];
}

const newestFirst = (a: Article, b: Article) =>
  b.date.getTime() - a.date.getTime() || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

export const linkTo = (a: Article): ArticleLink => ({ slug: a.slug, title: a.title, href: `/articles/${a.slug}` });

/** Builds the indexes once; visibility is decided at call time, so a scheduled article appears on its own. */
export function createCatalog(all: readonly Article[], options: CatalogOptions): Catalog {
  const { now, seeAlsoCount, relatedCount } = options;
  const articles = all.filter((a) => !a.draft).sort(newestFirst);
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const byTitle = new Map(articles.map((a) => [a.title.trim(), a]));
  const related = createRelatedIndex(articles.map((a) => ({ slug: a.slug, title: a.title, text: a.plainText, tags: a.tags.map((t) => t.slug) })));
  const search = createSearchIndex(articles);
  const drafts = new Set(all.filter((a) => a.draft).map((a) => a.slug));

  const resolve = (ref: string) => bySlug.get(ref.trim()) ?? byTitle.get(ref.trim());
  const problems: ContentProblem[] = [];
  for (const article of all) {
    const refs = [...article.seeAlso, ...article.body.slots.flatMap((s) => (s.kind === 'ref' ? [s.ref] : []))];
    for (const ref of refs) {
      if (resolve(ref) || drafts.has(ref)) continue;
      problems.push({ severity: 'warning', file: article.file, line: 1, message: `"See also" names "${ref}", which is no article's slug or title; the link is left out` });
    }
  }

  /** Index of the first published article: everything before it is dated in the future. */
  function firstPublished(): number {
    const t = now().getTime();
    let lo = 0;
    let hi = articles.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (articles[mid]!.date.getTime() > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // Derived lists are cached per published set; it only changes when a scheduled article goes live.
  const cache = new Map<string, unknown>();
  let cachedVersion = -1;
  function cached<T>(key: string, build: () => T): T {
    const v = articles.length - firstPublished();
    if (v !== cachedVersion) {
      cache.clear();
      cachedVersion = v;
    }
    if (!cache.has(key)) cache.set(key, build());
    return cache.get(key) as T;
  }

  const isVisible = (a: Article) => a.date.getTime() <= now().getTime();
  const published = () => articles.slice(firstPublished());

  function tagIndex(): Map<string, { tag: Tag; articles: Article[] }> {
    return cached('tags', () => {
      const index = new Map<string, { tag: Tag; articles: Article[] }>();
      for (const article of published()) {
        for (const tag of article.tags) {
          const entry = index.get(tag.slug) ?? index.set(tag.slug, { tag, articles: [] }).get(tag.slug)!;
          entry.articles.push(article);
        }
      }
      return index;
    });
  }

  return {
    problems,
    published,
    get: (slug) => {
      const a = bySlug.get(slug);
      return a && isVisible(a) ? a : undefined;
    },
    version: () => articles.length - firstPublished(),
    tags: () =>
      cached('tag-counts', () =>
        [...tagIndex().values()]
          .map(({ tag, articles: list }) => ({ ...tag, count: list.length }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))),
    byTag: (tagSlug) => tagIndex().get(tagSlug),
    neighbours(article) {
      const list = published();
      const i = list.findIndex((a) => a.slug === article.slug);
      const newer = i > 0 ? list[i - 1] : undefined;
      const older = i >= 0 ? list[i + 1] : undefined;
      return { ...(newer ? { newer } : {}), ...(older ? { older } : {}) };
    },
    links: (article) =>
      cached(`links:${article.slug}`, () => {
        const visibleRef = (ref: string) => {
          const target = resolve(ref);
          return target && target.slug !== article.slug && isVisible(target) ? target : undefined;
        };
        const chosen = new Map<string, Article>();
        for (const ref of article.seeAlso) {
          const target = visibleRef(ref);
          if (target) chosen.set(target.slug, target);
        }
        for (const slot of article.body.slots) {
          const target = slot.kind === 'ref' ? visibleRef(slot.ref) : undefined;
          if (target) chosen.set(target.slug, target);
        }
        const ranked = related.rank(article.slug)
          .map((s) => bySlug.get(s.slug)!)
          .filter((a) => isVisible(a) && !chosen.has(a.slug));
        const fill = Math.max(0, seeAlsoCount - chosen.size);
        const inline = [...chosen.values(), ...ranked.slice(0, fill)];
        const body = placeSeeAlso(article.body, inline.map(linkTo), (ref) => {
          const target = visibleRef(ref);
          return target ? linkTo(target) : undefined;
        });
        return { body, related: ranked.slice(fill, fill + relatedCount).map(linkTo) };
      }),
    search: (query) => search.search(query, isVisible),
  };
}
