import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import type { Article, SafeHtml } from '../../src/content/article.js';
import { absolutizeHtml, atomFeed, FEED_SIZE, rssFeed, type FeedSite } from '../../src/feeds/article-feed.js';
import { COMMENT_FEED_SIZE, commentsRss, type CommentFeedItem } from '../../src/feeds/comment-feed.js';
import { makeArticle } from '../helpers/articles.js';
import { childrenNamed, onlyChild, parseXml, type XmlNode } from './xml-tree.js';

const SITE_URL = 'https://blog.example.org';

/** What XML 1.0 can carry (its `Char` production), written out here independently of the app. */
const isXmlChar = (c: string) => {
  const code = c.codePointAt(0)!;
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)
    || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
};
/** The text a reader should get back: the input with only the characters XML cannot carry removed. */
const carried = (text: string) => [...text].filter(isXmlChar).join('');

/** Pieces that break naive XML writers: CDATA ends, markup, entities, controls, lone surrogates. */
const NASTY = [
  ']]>', ']]', ']', '>', '<', '&', '&amp;', '&lt;', '&foo;', '&#0;', '&#1;', '&#x1;', '"', "'", '\r', '\r\n', '\n', '\t',
  '\u0000', '\u0001', '\u0008', '\u000b', '\u001f', '\u007f', '\u0085', '\ufffe', '\uffff', '\ud800', '\udfff', '\ud83d\ude00',
  '</title>', '<![CDATA[', ']]></title><link>https://evil.example/phish</link><title><![CDATA[', '<item>', 'xmlns="x"', '<?xml ?>',
];
const nastyText = fc
  .array(fc.oneof(
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.string({ unit: 'binary-ascii', maxLength: 6 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(...NASTY),
  ), { maxLength: 6 })
  .map((parts) => parts.join(''));
const someDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true });

const base = makeArticle({ file: 'base.md', title: 'Base', date: '2024-01-01' });

const articleFields = fc.record({
  title: nastyText,
  excerpt: nastyText,
  html: nastyText,
  author: fc.option(nastyText, { nil: undefined }),
  image: fc.option(fc.oneof(nastyText, nastyText.map((t) => `https://img.example/${t}.png`), nastyText.map((t) => `/${t}`)), { nil: undefined }),
  tags: fc.array(fc.record({ name: nastyText, slug: nastyText }), { maxLength: 3 }),
  date: someDate,
  updated: fc.option(someDate, { nil: undefined }),
  // About one in five bodies failed to render.
  failed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});
type ArticleFields = typeof articleFields extends fc.Arbitrary<infer T> ? T : never;

function toArticle(fields: ArticleFields, index: number): Article {
  return {
    ...base,
    slug: `a${index}`,
    title: fields.title,
    excerpt: fields.excerpt,
    date: fields.date,
    tags: fields.tags,
    body: { parts: [fields.html as SafeHtml], slots: [], ...(fields.failed ? { failure: 'could not render' } : {}) },
    ...(fields.author !== undefined ? { author: fields.author } : {}),
    ...(fields.image !== undefined ? { image: fields.image } : {}),
    ...(fields.updated !== undefined ? { updated: fields.updated } : {}),
  };
}

const siteFields = fc.record({ title: nastyText, description: nastyText, language: nastyText });
const siteOf = (fields: { title: string; description: string; language: string }): FeedSite => ({ ...fields, url: SITE_URL });

/** The articles a feed should list, in order: the newest FEED_SIZE whose bodies rendered. */
const expectedListed = (fields: readonly ArticleFields[]) =>
  fields.map((f, index) => ({ f, index })).filter(({ f }) => !f.failed).slice(0, FEED_SIZE);

const text = (node: XmlNode, name: string) => onlyChild(node, name).text;

describe('article feeds, whatever the articles and the site contain', () => {
  it('RSS is well-formed and carries exactly the expected items, each with its own text', () => {
    fc.assert(fc.property(siteFields, fc.array(articleFields, { maxLength: FEED_SIZE + 4, size: 'max' }), (siteFieldValues, fields) => {
      const site = siteOf(siteFieldValues);
      const channel = onlyChild(parseXml(rssFeed(site, fields.map(toArticle))), 'channel');
      expect(text(channel, 'title')).toBe(carried(site.title));
      expect(text(channel, 'description')).toBe(carried(site.description));
      const items = childrenNamed(channel, 'item');
      const listed = expectedListed(fields);
      expect(items).toHaveLength(listed.length);
      items.forEach((item, i) => {
        const { f, index } = listed[i]!;
        expect(childrenNamed(item, 'link').map((l) => l.text)).toEqual([`${SITE_URL}/articles/a${index}`]);
        expect(text(item, 'title')).toBe(carried(f.title));
        expect(text(item, 'content:encoded')).toBe(carried(absolutizeHtml(f.html, SITE_URL)));
        expect(childrenNamed(item, 'author').map((a) => a.text)).toEqual(f.author ? [carried(f.author)] : []);
        expect(childrenNamed(item, 'category').map((c) => [c.text, c.attributes.domain]))
          .toEqual(f.tags.map((t) => [carried(t.name), carried(`${SITE_URL}/tags/${t.slug}`)]));
      });
    }), { numRuns: 200 });
  });

  it('Atom is well-formed and carries exactly the expected entries, each with its own text', () => {
    fc.assert(fc.property(siteFields, fc.array(articleFields, { maxLength: FEED_SIZE + 4, size: 'max' }), (siteFieldValues, fields) => {
      const site = siteOf(siteFieldValues);
      const feed = parseXml(atomFeed(site, fields.map(toArticle)));
      expect(feed.uri).toBe('http://www.w3.org/2005/Atom');
      expect(text(feed, 'title')).toBe(carried(site.title));
      const entries = childrenNamed(feed, 'entry');
      const listed = expectedListed(fields);
      expect(entries).toHaveLength(listed.length);
      entries.forEach((entry, i) => {
        const { f, index } = listed[i]!;
        expect(text(entry, 'id')).toBe(`${SITE_URL}/articles/a${index}`);
        expect(text(entry, 'title')).toBe(carried(f.title));
        expect(onlyChild(entry, 'title').attributes.type).toBe('text');
        expect(childrenNamed(entry, 'summary').map((s) => s.text)).toEqual(f.excerpt ? [carried(f.excerpt)] : []);
        expect(text(entry, 'content')).toBe(carried(absolutizeHtml(f.html, SITE_URL)));
        expect(childrenNamed(entry, 'author').map((a) => text(a, 'name'))).toEqual(f.author ? [carried(f.author)] : []);
        expect(childrenNamed(entry, 'category').map((c) => [c.attributes.term, c.attributes.label]))
          .toEqual(f.tags.map((t) => [carried(t.name), carried(t.name)]));
      });
    }), { numRuns: 200 });
  });
});

const commentFields = fc.record({
  author: nastyText,
  text: nastyText,
  url: nastyText,
  articleTitle: nastyText,
  bodyHtml: nastyText,
  createdAt: someDate,
});
type CommentFields = typeof commentFields extends fc.Arbitrary<infer T> ? T : never;

function toFeedItem(fields: CommentFields, index: number): CommentFeedItem {
  const comment: Comment = {
    id: `c${index}`,
    article: 'alpha',
    parent: null,
    author: fields.author,
    email: 'never-shown@example.com',
    url: fields.url,
    text: fields.text,
    status: 'approved',
    createdAt: fields.createdAt.toISOString(),
    heldReason: null,
    commenterKey: null,
  };
  return { comment, articleSlug: 'alpha', articleTitle: fields.articleTitle, bodyHtml: fields.bodyHtml };
}

describe('comment feeds, whatever visitors typed', () => {
  it('are well-formed and carry exactly the expected items, each with its own text', () => {
    fc.assert(fc.property(siteFields, nastyText, fc.array(commentFields, { maxLength: COMMENT_FEED_SIZE + 3, size: 'max' }), (siteFieldValues, title, fields) => {
      const site = siteOf(siteFieldValues);
      const channel = onlyChild(parseXml(commentsRss(site, title, '/comments/feed.xml', '/', fields.map(toFeedItem))), 'channel');
      expect(text(channel, 'title')).toBe(carried(title));
      const items = childrenNamed(channel, 'item');
      expect(items).toHaveLength(Math.min(fields.length, COMMENT_FEED_SIZE));
      items.forEach((item, i) => {
        const f = fields[i]!;
        expect(childrenNamed(item, 'link').map((l) => l.text)).toEqual([`${SITE_URL}/articles/alpha#comment-c${i}`]);
        expect(text(item, 'title')).toBe(carried(`${f.author} on “${f.articleTitle}”`));
        expect(text(item, 'author')).toBe(carried(f.author));
        expect(text(item, 'content:encoded')).toBe(carried(f.bodyHtml));
      });
    }), { numRuns: 200 });
  });
});
