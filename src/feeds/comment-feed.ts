import type { Comment } from '../comments/comment.js';
import { escapeHtml } from '../html.js';
import type { FeedSite } from './article-feed.js';
import { rssDocument } from './rss.js';
import { cdataElement, element, textElement, type XmlElement } from './xml.js';

export const COMMENT_FEED_SIZE = 30;

/** Characters of a comment shown in an item's description. */
const DESCRIPTION_LENGTH = 300;

export interface CommentFeedItem {
  readonly comment: Comment;
  readonly articleSlug: string;
  readonly articleTitle: string;
  readonly bodyHtml: string;
}

/** The start of the text, cut between characters rather than inside a surrogate pair. */
function shortened(text: string): string {
  if (text.length <= DESCRIPTION_LENGTH) return text;
  const end = /[\uD800-\uDBFF]/.test(text[DESCRIPTION_LENGTH - 1]!) ? DESCRIPTION_LENGTH - 1 : DESCRIPTION_LENGTH;
  return `${text.slice(0, end)}…`;
}

function commentItem(site: FeedSite, { comment, articleSlug, articleTitle, bodyHtml }: CommentFeedItem): XmlElement {
  const link = `${site.url}/articles/${articleSlug}#comment-${comment.id}`;
  return element('item', {}, [
    cdataElement('title', `${comment.author} on “${articleTitle}”`),
    textElement('link', link),
    textElement('guid', link, { isPermaLink: 'false' }),
    textElement('pubDate', new Date(comment.createdAt).toUTCString()),
    // Feed readers treat the description as HTML, so the visitor's text goes in escaped.
    cdataElement('description', escapeHtml(shortened(comment.text))),
    cdataElement('content:encoded', bodyHtml),
    textElement('author', comment.author),
  ]);
}

/** RSS 2.0 of approved comments, newest first. Carries names and text only, never an email. */
export function commentsRss(site: FeedSite, title: string, selfPath: string, linkPath: string, items: readonly CommentFeedItem[]): string {
  const newest = items[0];
  return rssDocument({
    title,
    link: `${site.url}${linkPath}`,
    description: `Comments on ${site.title}`,
    lastBuildDate: newest ? new Date(newest.comment.createdAt) : new Date(),
    language: site.language,
    copyright: `© ${site.title} and the commenters`,
    self: `${site.url}${selfPath}`,
  }, items.slice(0, COMMENT_FEED_SIZE).map((item) => commentItem(site, item)));
}
