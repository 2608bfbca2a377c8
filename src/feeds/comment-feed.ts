import { Feed } from 'feed';
import type { Comment } from '../comments/comment.js';
import type { FeedSite } from './article-feed.js';
import { escapeHtml } from '../html.js';

export const COMMENT_FEED_SIZE = 30;


export interface CommentFeedItem {
  readonly comment: Comment;
  readonly articleSlug: string;
  readonly articleTitle: string;
  readonly bodyHtml: string;
}

/** RSS 2.0 of approved comments, newest first. Carries names and text only, never an email. */
export function commentsRss(site: FeedSite, title: string, selfPath: string, linkPath: string, items: readonly CommentFeedItem[]): string {
  const newest = items[0];
  const feed = new Feed({
    id: `${site.url}${linkPath}`,
    link: `${site.url}${linkPath}`,
    title,
    description: `Comments on ${site.title}`,
    language: site.language,
    copyright: `© ${site.title} and the commenters`,
    generator: false,
    feedLinks: { rss: `${site.url}${selfPath}` },
    ...(newest ? { updated: new Date(newest.comment.createdAt) } : {}),
  });
  for (const { comment, articleSlug, articleTitle, bodyHtml } of items.slice(0, COMMENT_FEED_SIZE)) {
    const link = `${site.url}/articles/${articleSlug}#comment-${comment.id}`;
    feed.addItem({
      id: link,
      guid: link,
      link,
      title: `${comment.author} on “${articleTitle}”`,
      date: new Date(comment.createdAt),
      // Feed readers treat the description as HTML, so the visitor's text goes in escaped.
      description: escapeHtml(comment.text.length > 300 ? `${comment.text.slice(0, 300)}…` : comment.text),
      content: bodyHtml,
      author: [{ name: comment.author, ...(comment.url ? { link: comment.url } : {}) }],
    });
  }
  return feed.rss2();
}
