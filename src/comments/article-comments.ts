import type { Comment } from './comment.js';
import type { CommentStore } from './store.js';

export interface CommentKeys {
  readonly slug: string;
  /** Former slugs: comments posted under them stay with the article after a rename. */
  readonly aliases: readonly string[];
}

/** An article's comments under its slug and every former slug, oldest first. */
export async function articleComments(store: CommentStore, article: CommentKeys): Promise<readonly Comment[]> {
  if (article.aliases.length === 0) return store.byArticle(article.slug);
  const lists = await Promise.all([article.slug, ...article.aliases].map((slug) => store.byArticle(slug)));
  return lists
    .flat()
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

export const belongsTo = (comment: Comment, article: CommentKeys) =>
  comment.article === article.slug || article.aliases.includes(comment.article);
