import { randomBytes } from 'node:crypto';

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** One stored comment. `email` and `commenterKey` never leave the server except to moderators. */
export interface Comment {
  readonly id: string;
  /** Slug of the article the comment belongs to. */
  readonly article: string;
  readonly parent: string | null;
  readonly author: string;
  readonly email: string;
  readonly url: string | null;
  /** What the visitor typed, as plain text. Never rendered as HTML without going through format.ts. */
  readonly text: string;
  readonly status: CommentStatus;
  /** ISO date-time. */
  readonly createdAt: string;
  /** Which rule held or flagged the comment, recorded when it happened. */
  readonly heldReason: string | null;
  /** Hash of the poster's browser token: shows them their own held comment and earns trust once approved. */
  readonly commenterKey: string | null;
}

/** What a visitor may set; everything else is owned by the server. */
export interface CommentInput {
  readonly author: string;
  readonly email: string;
  readonly url: string | null;
  readonly text: string;
  readonly parent: string | null;
}

/** What the server decides about a new comment: where it goes, whose browser sent it, and whether it shows. */
export interface CommentPlacement {
  readonly article: string;
  readonly commenterKey: string | null;
  readonly status: CommentStatus;
  readonly heldReason: string | null;
}

/** A new comment. Its id and date are set here and nowhere else; stores keep them as given. */
export function newComment(input: CommentInput, placement: CommentPlacement, at: Date): Comment {
  return {
    id: randomBytes(6).toString('hex'),
    article: placement.article,
    parent: input.parent,
    author: input.author,
    email: input.email,
    url: input.url,
    text: input.text,
    status: placement.status,
    createdAt: at.toISOString(),
    heldReason: placement.heldReason,
    commenterKey: placement.commenterKey,
  };
}

/** The fields of a comment a JSON answer may carry (its text goes out as sanitized HTML instead). */
export interface PublicComment {
  readonly id: string;
  readonly article: string;
  readonly parent: string | null;
  readonly author: string;
  readonly url: string | null;
  readonly status: CommentStatus;
  readonly createdAt: string;
}

/** The only way a comment's fields reach a JSON answer: no email, no commenter key, by construction. */
export const toPublicComment = ({ id, article, parent, author, url, status, createdAt }: Comment): PublicComment =>
  ({ id, article, parent, author, url, status, createdAt });

/** How names and texts are compared when looking for a repeated comment: letter case and runs of white space ignored. */
export const normaliseText = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
