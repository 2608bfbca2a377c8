import { describe, expect, it } from 'vitest';
import type { Article, SafeHtml } from '../../src/content/article.js';
import { atomFeed, FEED_SIZE, rssFeed, type FeedSite } from '../../src/feeds/article-feed.js';
import { makeArticle } from '../helpers/articles.js';
import { childrenNamed, onlyChild, parseXml } from './xml-tree.js';

const site: FeedSite = { title: 'The Journal', description: 'Essays.', url: 'https://blog.example.org', language: 'en' };

const article = (n: number, title = `Article ${n}`) =>
  makeArticle({ file: `a${n}.md`, title, date: `2026-01-${String(28 - n).padStart(2, '0')}`, body: `Body of article ${n}.` });

/** The article with a body that could not be rendered, as the renderer reports it. */
const failed = (a: Article): Article => ({ ...a, body: { parts: ['' as SafeHtml], slots: [], failure: 'nested too deeply' } });

/** The article, calling `onRead` whenever its body is read (bodies render on first read). */
const watchBody = (a: Article, onRead: () => void): Article => {
  const { body } = a;
  return Object.defineProperty({ ...a }, 'body', { get: () => (onRead(), body) });
};

const rssLinks = (xml: string) => childrenNamed(onlyChild(parseXml(xml), 'channel'), 'item').map((i) => onlyChild(i, 'link').text);
const atomIds = (xml: string) => childrenNamed(parseXml(xml), 'entry').map((e) => onlyChild(e, 'id').text);
const url = (n: number) => `https://blog.example.org/articles/a${n}`;

describe('articles whose body could not be rendered', () => {
  it('are left out of RSS and Atom while the others are listed', () => {
    const articles = [article(1), failed(article(2)), article(3)];
    expect(rssLinks(rssFeed(site, articles))).toEqual([url(1), url(3)]);
    expect(atomIds(atomFeed(site, articles))).toEqual([url(1), url(3)]);
  });

  it('do not take a place: the feeds still list FEED_SIZE others, and touch no body past the last one listed', () => {
    const touched = new Set<number>();
    const articles = Array.from({ length: FEED_SIZE + 5 }, (_, n) => watchBody(n === 0 || n === 4 ? failed(article(n)) : article(n), () => touched.add(n)));
    const needed = Array.from({ length: FEED_SIZE + 2 }, (_, n) => n);
    const listed = needed.filter((n) => n !== 0 && n !== 4).map(url);

    expect(rssLinks(rssFeed(site, articles))).toEqual(listed);
    expect([...touched].sort((a, b) => a - b)).toEqual(needed);
    touched.clear();
    expect(atomIds(atomFeed(site, articles))).toEqual(listed);
    expect([...touched].sort((a, b) => a - b)).toEqual(needed);
  });
});

describe('article feeds with hostile titles and tags', () => {
  it('carry the title and tags as written, and nothing more', () => {
    const title = 'Ideas ]]> & <b>more</b> &foo; &#0; ]]]]> end';
    const a = { ...article(1, title), tags: [{ name: 'c<d & "e"\t]]>', slug: 'c-d-e' }], author: 'Eve ]]></author><author>x' };
    const rss = onlyChild(onlyChild(parseXml(rssFeed(site, [a])), 'channel'), 'item');
    expect(onlyChild(rss, 'title').text).toBe(title);
    expect(childrenNamed(rss, 'category').map((c) => c.text)).toEqual(['c<d & "e"\t]]>']);
    expect(childrenNamed(rss, 'author').map((c) => c.text)).toEqual(['Eve ]]></author><author>x']);
    const entry = onlyChild(parseXml(atomFeed(site, [a])), 'entry');
    expect(onlyChild(entry, 'title').text).toBe(title);
    expect(childrenNamed(entry, 'category').map((c) => c.attributes.label)).toEqual(['c<d & "e"\t]]>']);
    expect(childrenNamed(entry, 'author').map((c) => onlyChild(c, 'name').text)).toEqual(['Eve ]]></author><author>x']);
  });

  it('drop characters XML 1.0 cannot carry, from front matter escapes such as "\\x01"', () => {
    const a = makeArticle({ file: 'c.md', title: 'Bell\u0001 and \uFFFE done', date: '2026-01-01', tags: ['x\u0002y'] });
    const item = onlyChild(onlyChild(parseXml(rssFeed(site, [a])), 'channel'), 'item');
    expect(onlyChild(item, 'title').text).toBe('Bell and  done');
    expect(onlyChild(parseXml(atomFeed(site, [a])), 'entry').name).toBe('entry');
  });

  it('leave out an enclosure whose image is not a URL instead of failing', () => {
    const a = { ...article(1), image: 'https://exa mple.org/a.png' };
    const item = onlyChild(onlyChild(parseXml(rssFeed(site, [a])), 'channel'), 'item');
    expect(childrenNamed(item, 'enclosure')).toEqual([]);
    expect(childrenNamed(onlyChild(parseXml(atomFeed(site, [a])), 'entry'), 'link')).toHaveLength(1);
  });
});
