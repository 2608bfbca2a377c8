import { Feed } from 'feed';
import type { Article } from '../content/article.js';

export interface FeedSite {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly language: string;
}

export const FEED_SIZE = 20;

/** Root-relative links and images made absolute, since feed readers have no base URL. */
export function absolutizeHtml(html: string, siteUrl: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`);
}

function buildFeed(site: FeedSite, articles: readonly Article[]): Feed {
  const newest = articles[0];
  const feed = new Feed({
    id: `${site.url}/`,
    link: `${site.url}/`,
    title: site.title,
    description: site.description,
    language: site.language,
    copyright: `© ${site.title}`,
    generator: false,
    feedLinks: { rss: `${site.url}/feed.xml`, atom: `${site.url}/atom.xml` },
    ...(newest ? { updated: newest.updated ?? newest.date } : {}),
  });
  for (const article of articles.slice(0, FEED_SIZE)) {
    const link = `${site.url}/articles/${article.slug}`;
    feed.addItem({
      id: link,
      guid: link,
      link,
      title: article.title,
      date: article.updated ?? article.date,
      published: article.date,
      description: article.excerpt,
      content: absolutizeHtml(article.body.parts.join(''), site.url),
      category: article.tags.map((t) => ({ name: t.name, term: t.name, domain: `${site.url}/tags/${t.slug}` })),
      ...(article.author ? { author: [{ name: article.author }] } : {}),
      ...(article.image ? { image: article.image.startsWith('/') ? `${site.url}${article.image}` : article.image } : {}),
    });
  }
  return feed;
}

/** RSS 2.0 of the newest articles. */
export const rssFeed = (site: FeedSite, articles: readonly Article[]) => buildFeed(site, articles).rss2();

/** Atom 1.0 of the newest articles. */
export const atomFeed = (site: FeedSite, articles: readonly Article[]) => buildFeed(site, articles).atom1();
