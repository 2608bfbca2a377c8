import type { Article } from '../content/article.js';
import { escapeHtml } from '../html.js';
import { rssDocument } from './rss.js';
import { cdataElement, element, textElement, xmlDocument, type XmlElement } from './xml.js';

export interface FeedSite {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly language: string;
}

export const FEED_SIZE = 20;

const ATOM = 'http://www.w3.org/2005/Atom';

/** Root-relative links and images made absolute, since feed readers have no base URL. */
export function absolutizeHtml(html: string, siteUrl: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`);
}

/**
 * The newest articles whose bodies rendered, at most FEED_SIZE. A body that failed is left out;
 * bodies render on first use, so none past the last one listed is touched.
 */
function feedArticles(articles: readonly Article[]): Article[] {
  const listed: Article[] = [];
  for (const article of articles) {
    if (listed.length === FEED_SIZE) break;
    if (article.body.failure === undefined) listed.push(article);
  }
  return listed;
}

const changedAt = (article: Article): Date => article.updated ?? article.date;

/** When the feed last changed: its most recently changed article (now, for an empty feed). */
function lastChange(listed: readonly Article[]): Date {
  const times = listed.map((a) => changedAt(a).getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : new Date();
}

const articleUrl = (site: FeedSite, article: Article) => `${site.url}/articles/${article.slug}`;
const contentHtml = (site: FeedSite, article: Article) => absolutizeHtml(article.body.parts.join(''), site.url);

/** The preview image as an enclosure, or nothing when its URL is not a usable http(s) URL. */
function imageEnclosure(site: FeedSite, image: string | undefined): { url: string; type: string } | undefined {
  if (image === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(image.startsWith('/') ? `${site.url}${image}` : image);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return { url: url.href, type: `image/${url.pathname.split('.').pop()}` };
}

function rssItem(site: FeedSite, article: Article): XmlElement {
  const link = articleUrl(site, article);
  const image = imageEnclosure(site, article.image);
  return element('item', {}, [
    cdataElement('title', article.title),
    textElement('link', link),
    textElement('guid', link, { isPermaLink: 'false' }),
    textElement('pubDate', article.date.toUTCString()),
    // Readers treat the description as HTML; the excerpt is plain text.
    ...(article.excerpt ? [cdataElement('description', escapeHtml(article.excerpt))] : []),
    cdataElement('content:encoded', contentHtml(site, article)),
    ...(article.author ? [textElement('author', article.author)] : []),
    ...article.tags.map((t) => textElement('category', t.name, { domain: `${site.url}/tags/${t.slug}` })),
    ...(image ? [element('enclosure', { url: image.url, length: '0', type: image.type }, [])] : []),
  ]);
}

function atomEntry(site: FeedSite, article: Article): XmlElement {
  const link = articleUrl(site, article);
  const image = imageEnclosure(site, article.image);
  return element('entry', {}, [
    cdataElement('title', article.title, { type: 'text' }),
    textElement('id', link),
    element('link', { href: link }, []),
    ...(image ? [element('link', { rel: 'enclosure', href: image.url, type: image.type }, [])] : []),
    textElement('updated', changedAt(article).toISOString()),
    ...(article.excerpt ? [cdataElement('summary', article.excerpt, { type: 'text' })] : []),
    cdataElement('content', contentHtml(site, article), { type: 'html' }),
    ...(article.author ? [element('author', {}, [textElement('name', article.author)])] : []),
    ...article.tags.map((t) => element('category', { label: t.name, term: t.name, scheme: `${site.url}/tags/` }, [])),
    textElement('published', article.date.toISOString()),
  ]);
}

/** RSS 2.0 of the newest articles. */
export function rssFeed(site: FeedSite, articles: readonly Article[]): string {
  const listed = feedArticles(articles);
  return rssDocument({
    title: site.title,
    link: `${site.url}/`,
    description: site.description,
    lastBuildDate: lastChange(listed),
    language: site.language,
    copyright: `© ${site.title}`,
    self: `${site.url}/feed.xml`,
  }, listed.map((a) => rssItem(site, a)));
}

/** Atom 1.0 of the newest articles. */
export function atomFeed(site: FeedSite, articles: readonly Article[]): string {
  const listed = feedArticles(articles);
  return xmlDocument(element('feed', { xmlns: ATOM }, [
    textElement('id', `${site.url}/`),
    textElement('title', site.title),
    textElement('updated', lastChange(listed).toISOString()),
    element('link', { rel: 'alternate', href: `${site.url}/` }, []),
    element('link', { rel: 'self', href: `${site.url}/atom.xml` }, []),
    ...(site.description ? [textElement('subtitle', site.description)] : []),
    textElement('rights', `© ${site.title}`),
    ...listed.map((a) => atomEntry(site, a)),
  ]));
}
