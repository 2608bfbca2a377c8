import type { Comment, CommentStatus } from './comment.js';

/**
 * Why a store could not do what was asked:
 * - `unavailable`: the storage cannot be reached now (a lost database connection); trying again later
 *   may work, and nothing was changed;
 * - `unreadable`: what is stored cannot be read or parsed, and is left as it is for a person to look at;
 * - `conflict`: the request contradicts what is stored (a new comment with an id already taken).
 */
export type CommentStoreFailure = 'unavailable' | 'unreadable' | 'conflict';

export class CommentStoreError extends Error {
  constructor(readonly failure: CommentStoreFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CommentStoreError';
  }
}

/**
 * Where comments live, as routes and services see it: a file on this machine or a database shared by
 * several servers. Every operation may fail with a CommentStoreError; a write resolves only once it is
 * durable. Server-owned fields (id, date, status) are set before `add`, by `newComment`.
 */
export interface CommentStore {
  /** Every comment, oldest first. */
  list(): Promise<readonly Comment[]>;
  /** The comments of one article, oldest first. */
  byArticle(article: string): Promise<readonly Comment[]>;
  get(id: string): Promise<Comment | undefined>;
  /** The comments written with this email address, in any letter case, oldest first. */
  byEmail(email: string): Promise<readonly Comment[]>;
  /** The comments signed with this name, ignoring letter case and runs of white space, oldest first. */
  byAuthorName(name: string): Promise<readonly Comment[]>;
  /** Whether a comment carrying this commenter key has been approved: that browser is trusted. */
  isTrustedCommenter(commenterKey: string): Promise<boolean>;
  /** Stores a new comment; rejects with a `conflict` if its id exists. */
  add(comment: Comment): Promise<Comment>;
  /** Moves comments to a status, recording why when a reason is given; returns the ones changed. */
  setStatus(ids: readonly string[], status: CommentStatus, reason?: string | null): Promise<Comment[]>;
  /**
   * Deletes comments for ever; returns how many were removed. Resolves once their text is gone from
   * storage, backups included.
   */
  remove(ids: readonly string[]): Promise<number>;
  /** Deletes every comment written with this email address (a privacy request) as `remove` does; returns how many. */
  eraseByEmail(email: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * How caches learn that comments changed, whichever process or server changed them: values that
 * differ after every change, read without waiting, so a cached page is checked on every request.
 */
export interface CommentChanges {
  /** Changes whenever any comment does. */
  version(): string;
  /** Changes whenever a comment of this article does (or everything may have changed). */
  articleVersion(article: string): string;
}
