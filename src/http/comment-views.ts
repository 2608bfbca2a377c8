import type { SafeHtml } from '../content/article.js';
import { avatarFor } from '../comments/avatar.js';
import { toPublicComment, type Comment } from '../comments/comment.js';
import { commentBodyHtml } from '../comments/format.js';
import type { ThreadNode } from '../comments/thread.js';
import type { FieldErrors, FormField, FormValues } from '../comments/validate.js';
import { isoDate } from './format.js';
import type { Site } from './view-models.js';

export interface CommentView {
  readonly id: string;
  readonly author: string;
  readonly url: string | null;
  readonly dateIso: string;
  readonly dateText: string;
  readonly bodyHtml: SafeHtml;
  readonly avatar: { readonly initials: string; readonly colour: number };
  /** Only the poster sees their own held comment, marked as such. */
  readonly awaitingModeration: boolean;
  readonly replyHref: string | null;
  readonly depth: number;
  readonly replies: readonly CommentView[];
}

/** "November 27, 2026 at 14:05 UTC": the same words on the page and in the JSON answer. */
const dateText = (comment: Comment, site: Site) =>
  `${site.formatDate(new Date(comment.createdAt))} at ${comment.createdAt.slice(11, 16)} UTC`;

/** Comments are immutable objects, so their HTML can be cached per object. */
const htmlCache = new WeakMap<Comment, SafeHtml>();
export function cachedBodyHtml(comment: Comment): SafeHtml {
  let html = htmlCache.get(comment);
  if (!html) {
    html = commentBodyHtml(comment.text);
    htmlCache.set(comment, html);
  }
  return html;
}

export function commentViews(nodes: readonly ThreadNode<Comment>[], site: Site, articleHref: string, maxDepth: number, canReply: boolean): CommentView[] {
  return nodes.map(({ item, depth, replies }) => ({
    id: item.id,
    author: item.author,
    url: item.url,
    dateIso: item.createdAt,
    dateText: dateText(item, site),
    bodyHtml: cachedBodyHtml(item),
    avatar: avatarFor(item.author),
    awaitingModeration: item.status === 'pending',
    replyHref: canReply && item.status === 'approved' && depth < maxDepth ? `${articleHref}?replytocom=${item.id}#respond` : null,
    depth,
    replies: commentViews(replies, site, articleHref, maxDepth, canReply),
  }));
}

/** JSON shape of a comment for the API: public fields only, never the email. */
export function commentJson(comment: Comment, site: Site) {
  return {
    ...toPublicComment(comment),
    date: isoDate(new Date(comment.createdAt)),
    dateText: dateText(comment, site),
    awaitingModeration: comment.status === 'pending',
    bodyHtml: cachedBodyHtml(comment),
    avatar: avatarFor(comment.author),
  };
}

export interface CommentFormView {
  readonly action: string;
  readonly open: boolean;
  readonly values: FormValues;
  readonly errors: FieldErrors;
  /** Error list for the summary, in field order, each linking to its field. */
  readonly errorList: ReadonlyArray<{ readonly field: FormField; readonly href: string; readonly message: string }>;
  /** A message about the whole submission (duplicate, too fast, closed). */
  readonly message: string | null;
  readonly remember: boolean;
  readonly replyTo: { readonly id: string; readonly author: string; readonly cancelHref: string } | null;
}

const FIELD_IDS: Record<FormField, string> = {
  author: 'comment-author', email: 'comment-email', url: 'comment-url', comment: 'comment-text', parent: 'comment-text',
};

export function commentFormView(input: {
  slug: string;
  open: boolean;
  values: FormValues;
  errors?: FieldErrors;
  message?: string | null;
  remember: boolean;
  replyTo?: Comment | undefined;
}): CommentFormView {
  const errors = input.errors ?? {};
  const order: FormField[] = ['author', 'email', 'url', 'comment', 'parent'];
  return {
    action: `/articles/${input.slug}/comments`,
    open: input.open,
    values: input.values,
    errors,
    errorList: order.flatMap((field) => (errors[field] ? [{ field, href: `#${FIELD_IDS[field]}`, message: errors[field]! }] : [])),
    message: input.message ?? null,
    remember: input.remember,
    replyTo: input.replyTo
      ? { id: input.replyTo.id, author: input.replyTo.author, cancelHref: `/articles/${input.slug}#respond` }
      : null,
  };
}
