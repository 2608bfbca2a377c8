import { COMMENT_STATUSES, type Comment, type CommentStatus } from '../comments/comment.js';
import type { Catalog } from '../content/catalog.js';
import type { PageMeta, Site } from './view-models.js';

export const ADMIN_ACTIONS = {
  approve: { label: 'Approve', status: 'approved' },
  unapprove: { label: 'Unapprove', status: 'pending' },
  spam: { label: 'Mark as spam', status: 'spam' },
  trash: { label: 'Move to trash', status: 'trash' },
  restore: { label: 'Restore', status: 'pending' },
  delete: { label: 'Delete for ever', status: null },
} as const;
export type AdminAction = keyof typeof ADMIN_ACTIONS;

/** Which actions make sense for a comment in each status. */
const ACTIONS_BY_STATUS: Record<CommentStatus, readonly AdminAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['unapprove', 'spam', 'trash'],
  spam: ['restore', 'delete'],
  trash: ['restore', 'delete'],
};

const TAB_LABELS: Record<CommentStatus, string> = { pending: 'Pending', approved: 'Approved', spam: 'Spam', trash: 'Trash' };

const commentCount = (n: number) => `${n} ${n === 1 ? 'comment' : 'comments'}`;

/**
 * Notices shown after an action; chosen by code so no request text is ever echoed. A Map, so that a
 * `done` naming an Object property (`__proto__`, `constructor`) finds nothing instead of a function.
 */
const NOTICES: ReadonlyMap<string, (n: number) => string> = new Map([
  ['approve', (n: number) => `${commentCount(n)} approved.`],
  ['unapprove', (n: number) => `${commentCount(n)} moved back to pending.`],
  ['spam', (n: number) => `${commentCount(n)} marked as spam.`],
  ['trash', (n: number) => `${commentCount(n)} moved to the trash.`],
  ['restore', (n: number) => `${commentCount(n)} restored to pending.`],
  ['delete', (n: number) => `${commentCount(n)} deleted for ever.`],
  ['erase', (n: number) => `${commentCount(n)} by that email address erased.`],
  ['none', () => 'Select at least one comment first.'],
]);

/** The notice for `?done=…&count=…`, or null for anything the app did not send there itself. */
export function noticeFor(done: unknown, count: unknown): string | null {
  const notice = typeof done === 'string' ? NOTICES.get(done) : undefined;
  if (!notice) return null;
  const n = typeof count === 'string' && /^\d{1,9}$/.test(count) ? Number(count) : 0;
  return notice(n);
}

const adminMeta = (site: Site, title: string): PageMeta => ({
  title,
  documentTitle: `${title} – ${site.title}`,
  description: title,
  canonicalUrl: `${site.url}/admin/comments`,
  ogType: 'website',
  robots: 'noindex, nofollow',
});

export function adminLoginPage(site: Site, error: string | null) {
  return { meta: adminMeta(site, 'Moderator login'), error };
}

export function adminCommentsPage(input: {
  site: Site;
  catalog: Catalog;
  comments: readonly Comment[];
  status: CommentStatus;
  csrfToken: string;
  notice: string | null;
}) {
  const { site, catalog, status } = input;
  const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
  for (const c of input.comments) counts[c.status] += 1;
  const rows = input.comments
    .filter((c) => c.status === status)
    .slice()
    .reverse()
    .map((c) => {
      const article = catalog.get(c.article);
      return {
        id: c.id,
        author: c.author,
        email: c.email,
        url: c.url,
        text: c.text,
        dateIso: c.createdAt,
        dateText: `${site.formatDate(new Date(c.createdAt))} ${c.createdAt.slice(11, 16)} UTC`,
        articleTitle: article?.title ?? c.article,
        articleHref: article ? `/articles/${article.slug}#comment-${c.id}` : null,
        reason: c.heldReason,
        actions: ACTIONS_BY_STATUS[c.status].map((a) => ({ value: a, label: ADMIN_ACTIONS[a].label })),
      };
    });
  return {
    meta: adminMeta(site, 'Comments'),
    status,
    statusLabel: TAB_LABELS[status],
    tabs: COMMENT_STATUSES.map((s) => ({ label: TAB_LABELS[s], href: `/admin/comments?status=${s}`, count: counts[s], current: s === status })),
    rows,
    bulkActions: ACTIONS_BY_STATUS[status].map((a) => ({ value: a, label: ADMIN_ACTIONS[a].label })),
    csrfToken: input.csrfToken,
    notice: input.notice,
  };
}
