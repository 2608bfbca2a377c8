import type { Article, ArticleLink, SafeHtml, Tag } from '../content/article.js';
import { linkTo, type ArticleLinks, type TagCount } from '../content/catalog.js';
import type { PassageRun, SearchHit } from '../content/search.js';
import type { BodyPart } from '../content/see-also.js';
import { absoluteUrl, isoDate, jsonLdHtml } from './format.js';

export interface Site {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly language: string;
  readonly formatDate: (d: Date) => string;
}

/** What the shared <head> needs: title, canonical URL, social previews, structured data. */
export interface PageMeta {
  /** Title for social previews (og:title). */
  readonly title: string;
  /** Contents of <title>. */
  readonly documentTitle: string;
  readonly description: string;
  readonly canonicalUrl: string;
  readonly ogType: 'website' | 'article';
  readonly imageUrl?: string;
  readonly jsonLdHtml?: SafeHtml;
  readonly robots?: string;
  readonly prevUrl?: string;
  readonly nextUrl?: string;
  /** The main navigation entry this page is (marked aria-current). */
  readonly navCurrent?: 'articles' | 'tags';
}

export interface TagLink {
  readonly name: string;
  readonly href: string;
}

export interface ArticleCard {
  readonly href: string;
  readonly title: string;
  readonly dateIso: string;
  readonly dateText: string;
  readonly excerpt: string;
  readonly readingMinutes: number;
  readonly tags: readonly TagLink[];
  /** "3 comments", on lists that show it. */
  readonly commentsText?: string;
}

export interface Pagination {
  readonly page: number;
  readonly pages: number;
  readonly newerHref?: string;
  readonly olderHref?: string;
  /** Link texts: "Newer articles"/"Older articles" on lists of articles, others on search results. */
  readonly newerLabel: string;
  readonly olderLabel: string;
}

const tagHref = (tag: Tag) => `/tags/${encodeURIComponent(tag.slug)}`;
const tagLinks = (tags: readonly Tag[]) => tags.map((t) => ({ name: t.name, href: tagHref(t) }));
const pageHref = (base: string, page: number) => (page <= 1 ? base : `${base}${base.includes('?') ? '&' : '?'}page=${page}`);

export function articleCard(article: Article, site: Site): ArticleCard {
  return {
    href: `/articles/${article.slug}`,
    title: article.title,
    dateIso: isoDate(article.date),
    dateText: site.formatDate(article.date),
    excerpt: article.excerpt,
    readingMinutes: article.readingMinutes,
    tags: tagLinks(article.tags),
  };
}

/** The slice of `items` for 1-based `page`, or undefined when the page does not exist. */
export function paginate<T>(items: readonly T[], page: number, size: number): { items: readonly T[]; pages: number } | undefined {
  const pages = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1 || page > pages) return undefined;
  return { items: items.slice((page - 1) * size, page * size), pages };
}

function pagination(base: string, page: number, pages: number, labels = { newerLabel: 'Newer articles', olderLabel: 'Older articles' }): Pagination {
  return {
    page,
    pages,
    ...labels,
    ...(page > 1 ? { newerHref: pageHref(base, page - 1) } : {}),
    ...(page < pages ? { olderHref: pageHref(base, page + 1) } : {}),
  };
}

function listMeta(site: Site, base: string, title: string, description: string, p: Pagination): PageMeta {
  return {
    title,
    documentTitle: `${title === site.title ? title : `${title} – ${site.title}`}${p.page > 1 ? ` (page ${p.page})` : ''}`,
    description,
    canonicalUrl: absoluteUrl(site.url, pageHref(base, p.page)),
    ogType: 'website',
    ...(p.newerHref ? { prevUrl: absoluteUrl(site.url, p.newerHref) } : {}),
    ...(p.olderHref ? { nextUrl: absoluteUrl(site.url, p.olderHref) } : {}),
  };
}

export function homePage(site: Site, articles: readonly Article[], page: number, pages: number, commentCount: (article: Article) => number) {
  const p = pagination('/', page, pages);
  return {
    meta: { ...listMeta(site, '/', site.title, site.description, p), ...(page === 1 ? { navCurrent: 'articles' as const } : {}) },
    heading: site.title,
    cards: articles.map((a) => {
      const n = commentCount(a);
      return { ...articleCard(a, site), commentsText: n === 1 ? '1 comment' : `${n} comments` };
    }),
    pagination: p,
  };
}

export interface ArticleView {
  readonly title: string;
  readonly dateIso: string;
  readonly dateText: string;
  readonly updatedIso?: string;
  readonly updatedText?: string;
  readonly author?: string;
  readonly readingMinutes: number;
  readonly tags: readonly TagLink[];
  /** The body could not be rendered: the page says so instead of showing it. */
  readonly bodyUnavailable: boolean;
}

export function articlePage(
  site: Site,
  article: Article,
  links: ArticleLinks,
  neighbours: { newer?: Article; older?: Article },
) {
  const url = absoluteUrl(site.url, `/articles/${article.slug}`);
  const imageUrl = article.image ? absoluteUrl(site.url, article.image) : undefined;
  const structured = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: article.title,
    description: article.excerpt,
    datePublished: article.date.toISOString(),
    dateModified: (article.updated ?? article.date).toISOString(),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    wordCount: article.wordCount,
    keywords: article.tags.map((t) => t.name).join(', '),
    ...(article.author ? { author: { '@type': 'Person', name: article.author } } : {}),
    ...(imageUrl ? { image: imageUrl } : {}),
    publisher: { '@type': 'Organization', name: site.title, url: site.url },
  };
  const view: ArticleView = {
    title: article.title,
    dateIso: isoDate(article.date),
    dateText: site.formatDate(article.date),
    ...(article.updated && article.updated.getTime() !== article.date.getTime()
      ? { updatedIso: isoDate(article.updated), updatedText: site.formatDate(article.updated) }
      : {}),
    ...(article.author ? { author: article.author } : {}),
    readingMinutes: article.readingMinutes,
    tags: tagLinks(article.tags),
    bodyUnavailable: article.body.failure !== undefined,
  };
  return {
    meta: {
      title: article.title,
      documentTitle: `${article.title} – ${site.title}`,
      description: article.excerpt,
      canonicalUrl: url,
      ogType: 'article',
      ...(imageUrl ? { imageUrl } : {}),
      jsonLdHtml: jsonLdHtml(structured),
    } satisfies PageMeta,
    article: view,
    body: links.body as readonly BodyPart[],
    related: links.related,
    ...(neighbours.newer ? { newer: linkTo(neighbours.newer) } : {}),
    ...(neighbours.older ? { older: linkTo(neighbours.older) } : {}),
  };
}

export function tagIndexPage(site: Site, tags: readonly TagCount[]) {
  return {
    meta: {
      title: 'Tags',
      documentTitle: `Tags – ${site.title}`,
      description: `All topics on ${site.title}.`,
      canonicalUrl: absoluteUrl(site.url, '/tags'),
      ogType: 'website',
      navCurrent: 'tags',
    } satisfies PageMeta,
    tags: tags.map((t) => ({ name: t.name, href: tagHref(t), count: t.count })),
  };
}

export function tagPage(site: Site, tag: Tag, articles: readonly Article[], page: number, pages: number, total: number) {
  const base = tagHref(tag);
  const p = pagination(base, page, pages);
  return {
    meta: listMeta(site, base, `Articles tagged “${tag.name}”`, `Articles about ${tag.name} on ${site.title}.`, p),
    tag: { name: tag.name, count: total },
    cards: articles.map((a) => articleCard(a, site)),
    pagination: p,
  };
}

export interface SearchResultView extends ArticleCard {
  readonly passage: readonly PassageRun[];
}

/** Which page of search results is shown: `total` counts the hits on every page. */
export interface ResultsPage {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly pageSize: number;
}

/** One page of search results (`hits` are that page's). */
export function searchPage(site: Site, query: string, hits: readonly SearchHit[], at: ResultsPage) {
  const { page, pages, total } = at;
  const p = pagination(`/search?q=${encodeURIComponent(query)}`, page, pages, { newerLabel: 'Previous results', olderLabel: 'More results' });
  return {
    meta: {
      title: 'Search',
      documentTitle: query ? `Search: ${query}${page > 1 ? ` (page ${page})` : ''} – ${site.title}` : `Search – ${site.title}`,
      description: `Search the articles of ${site.title}.`,
      canonicalUrl: absoluteUrl(site.url, '/search'),
      ogType: 'website',
      robots: 'noindex, follow',
    } satisfies PageMeta,
    query,
    total,
    firstNumber: (page - 1) * at.pageSize + 1,
    results: hits.map((h): SearchResultView => ({ ...articleCard(h.article, site), passage: h.passage })),
    pagination: p,
  };
}

export function errorPage(site: Site, status: number, message: string) {
  const title = status === 404 ? 'Page not found' : status < 500 ? 'Request not accepted' : 'Something went wrong';
  return {
    meta: {
      title,
      documentTitle: `${title} – ${site.title}`,
      description: message,
      canonicalUrl: absoluteUrl(site.url, '/'),
      ogType: 'website',
      robots: 'noindex',
    } satisfies PageMeta,
    status,
    title,
    message,
  };
}
