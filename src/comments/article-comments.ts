import type { Comment } from './comment.js';
import type { CommentStore } from './store.js';

export interface CommentKeys {
  readonly slug: string;
  /** Former slugs: comments posted under them stay with the article after a rename. */
  readonly aliases: readonly string[];
}

/** An article's comments under its slug and every former slug, oldest first. */
export function articleComments(store: CommentStore, article: CommentKeys): readonly Comment[] {
  const own = store.byArticle(article.slug);
  if (article.aliases.length === 0) return own;
  return [own, ...article.aliases.map((alias) => store.byArticle(alias))]
    .flat()
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

export const belongsTo = (comment: Comment, article: CommentKeys) =>
  comment.article === article.slug || article.aliases.includes(comment.article);
