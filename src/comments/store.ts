import type { Comment, CommentStatus } from './comment.js';

/**
 * Where comments live. Reads are served from memory; every write resolves only once it is durable
 * on disk. Routes and services know this interface only, never files or JSON.
 */
export interface CommentStore {
  /** Every comment, oldest first. */
  list(): readonly Comment[];
  /** The comments of one article, oldest first. */
  byArticle(article: string): readonly Comment[];
  get(id: string): Comment | undefined;
  /** The comments written with this email address, in any letter case, oldest first. */
  byEmail(email: string): readonly Comment[];
  /** The comments signed with this name, ignoring letter case and runs of white space, oldest first. */
  byAuthorName(name: string): readonly Comment[];
  /** Whether a comment carrying this commenter key has been approved: that browser is trusted. */
  isTrustedCommenter(commenterKey: string): boolean;
  /**
   * Changes whenever any comment does, including changes made by another process (seen within about
   * the store's refresh interval, even if nothing else is read).
   */
  version(): number;
  /** Changes whenever a comment of this article does (or another process changed the file), as `version`. */
  articleVersion(article: string): string;
  /** Stores a new comment; rejects if its id exists. */
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
