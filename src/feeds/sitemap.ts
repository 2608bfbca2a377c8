import { Readable } from 'node:stream';
import { SitemapStream, streamToPromise } from 'sitemap';
import type { Article, Tag } from '../content/article.js';

/**
 * The article's image, if it is a URL. The sitemap package throws on one that is not (`https://a b`)
 * inside its stream, where nothing can catch it: the request would hang and the process would crash.
 */
const imageOf = (siteUrl: string, a: Article) =>
  a.image !== undefined && URL.canParse(a.image, `${siteUrl}/`) ? a.image : undefined;

/** sitemap.xml: home, tag index, every tag page and every published article, with absolute URLs. */
export async function sitemapXml(siteUrl: string, articles: readonly Article[], tags: readonly Tag[]): Promise<string> {
  const newest = articles[0];
  const lastmod = (a: Article) => (a.updated ?? a.date).toISOString();
  const entries = [
    { url: '/', changefreq: 'daily', ...(newest ? { lastmod: lastmod(newest) } : {}) },
    { url: '/tags', changefreq: 'weekly' },
    ...tags.map((t) => ({ url: `/tags/${encodeURIComponent(t.slug)}`, changefreq: 'weekly' })),
    ...articles.map((a) => {
      const image = imageOf(siteUrl, a);
      return { url: `/articles/${a.slug}`, lastmod: lastmod(a), ...(image ? { img: [{ url: image }] } : {}) };
    }),
  ];
  const stream = new SitemapStream({ hostname: `${siteUrl}/`, xmlns: { news: false, xhtml: false, image: true, video: false } });
  const xml = await streamToPromise(Readable.from(entries).pipe(stream));
  return xml.toString('utf8');
}

export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /search\n\nSitemap: ${siteUrl}/sitemap.xml\n`;
}
