import type { CommentStatus } from '../../comments/comment.js';
import type { ImportedComment } from '../model.js';
import { commentPlainText, plainLine } from './comment-text.js';
import { commentTime } from './dates.js';
import type { WxrComment } from './wxr-parse.js';

/** WordPress's comment_approved values. */
const STATUSES: Record<string, CommentStatus> = { 1: 'approved', 0: 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' };

export interface ConvertedComments {
  readonly comments: ImportedComment[];
  /** Pingbacks, trackbacks and other kinds of comment this blog does not show, by kind. */
  readonly skipped: Map<string, number>;
}

/** The comments of one post, in the store's terms; `offset` (minutes) dates those without a UTC time. */
export function convertComments(list: readonly WxrComment[], offset: number, problem: (message: string, lost: boolean) => void): ConvertedComments {
  const comments: ImportedComment[] = [];
  const skipped = new Map<string, number>();
  for (const c of list) {
    const kind = c.type || 'comment';
    if (kind !== 'comment') {
      skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
      continue;
    }
    if (!c.id) {
      problem('a comment without an id was not imported', true);
      continue;
    }
    const createdAt = commentTime(c.date, c.dateGmt, offset);
    const text = commentPlainText(c.content);
    if (!createdAt || !text) {
      problem(`comment ${c.id} was not imported: it has ${createdAt ? 'no text' : `no date (read "${c.dateGmt || c.date}")`}`, !createdAt);
      continue;
    }
    let status = STATUSES[c.approved];
    if (!status) {
      problem(`comment ${c.id} had the status "${c.approved}"; it was imported as pending`, false);
      status = 'pending';
    }
    const url = /^https?:\/\/\S+$/i.test(c.authorUrl) ? c.authorUrl : null;
    comments.push({
      sourceId: c.id,
      parentSourceId: c.parent && c.parent !== '0' ? c.parent : null,
      author: plainLine(c.author) || 'Anonymous',
      email: c.authorEmail,
      url,
      text,
      status,
      createdAt,
    });
  }
  return { comments, skipped };
}
