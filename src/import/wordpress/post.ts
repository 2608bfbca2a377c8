import type { ImportedPost, ImportedStatus } from '../model.js';
import { convertBody, type Attachment } from './body.js';
import { convertComments } from './comments.js';
import { plainLine } from './comment-text.js';
import { formatOffset, localDateTime, offsetMinutes, wpDateAsUtc } from './dates.js';
import { BundleUploads } from './uploads.js';
import type { WxrItem } from './wxr-parse.js';

/** What converting one post needs from the whole export. */
export interface PostContext {
  readonly slug: string;
  readonly redirectFrom: readonly string[];
  readonly authors: ReadonlyMap<string, string>;
  /** The offset most posts had, for drafts that have no UTC date. */
  readonly siteOffset: number;
  /** Date for an item without any date (the export's own date). */
  readonly fallbackDate: string;
  readonly attachments: ReadonlyMap<string, Attachment>;
  readonly childAttachments: (postId: string) => readonly Attachment[];
  /** `/articles/<slug>` (with its #fragment) for a link to another imported post, else undefined. */
  readonly internalLink: (url: string) => string | undefined;
  /** A URL of the old site made absolute, so it keeps working from the new one. */
  readonly absolute: (url: string) => string;
  readonly uploadsDir: string | undefined;
  readonly notCopied: Set<string>;
  readonly toMarkdown: (html: string) => string;
  readonly problem: (message: string, lost: boolean) => void;
}

export const field = (item: WxrItem, name: string) => item.fields.get(name) ?? '';

/** Words from the start of a body, for a post that has no title. */
function titleFromBody(html: string): string {
  const words = plainLine(html.replace(/\[[^\]]*\]/g, ' ')).split(' ').filter(Boolean);
  let title = '';
  for (const word of words) {
    if ((title + word).length > 60) break;
    title = title ? `${title} ${word}` : word;
  }
  return title.replace(/[.,;:!?]+$/, '');
}

function statusOf(item: WxrItem, ctx: PostContext): ImportedStatus {
  const wp = field(item, 'wp:status').trim();
  const password = field(item, 'wp:post_password').trim();
  if (password) {
    ctx.problem('was password-protected: imported as a draft, because a password cannot be carried over; remove "draft: true" once it may be public', true);
    return 'draft';
  }
  if (wp === 'publish') return 'published';
  if (wp === 'future') return 'scheduled';
  if (wp === 'private') return 'private';
  return 'draft';
}

function dateOf(item: WxrItem, ctx: PostContext, status: ImportedStatus): { date: string; offset: number } {
  const local = field(item, 'wp:post_date');
  const gmt = field(item, 'wp:post_date_gmt');
  const own = offsetMinutes(local, gmt);
  const offset = own ?? ctx.siteOffset;
  if (own === undefined && wpDateAsUtc(gmt) !== undefined) {
    ctx.problem(`its dates ${local} (local) and ${gmt} (UTC) give no real time-zone offset; the site's usual ${formatOffset(offset)} was used`, false);
  } else if (own === undefined) {
    ctx.problem(`has no UTC date (WordPress leaves it empty on ${status === 'published' ? 'some posts' : 'drafts'}); the site's usual offset ${formatOffset(offset)} was used`, false);
  }
  const date = localDateTime(local, offset);
  if (date) return { date, offset };
  ctx.problem(`has no date; the export's date ${ctx.fallbackDate} was used`, false);
  return { date: ctx.fallbackDate, offset };
}

function tagsOf(item: WxrItem): string[] {
  const tags: string[] = [];
  for (const term of item.categories) {
    if (term.domain !== 'category' && term.domain !== 'post_tag') continue;
    const name = plainLine(term.name);
    if (!name || term.nicename === 'uncategorized' || name.toLowerCase() === 'uncategorized') continue;
    if (!tags.some((t) => t.toLowerCase() === name.toLowerCase())) tags.push(name);
  }
  return tags;
}

/** One WordPress post or page as an imported article. */
export function convertPost(item: WxrItem, kind: 'post' | 'page', source: string, ctx: PostContext): ImportedPost {
  const id = field(item, 'wp:post_id').trim();
  const status = statusOf(item, ctx);
  const { date, offset } = dateOf(item, ctx, status);
  if (field(item, 'wp:is_sticky').trim() === '1') ctx.problem('was sticky (kept at the top of the home page); here it is listed by its date', false);

  const content = field(item, 'content:encoded');
  const rawTitle = field(item, 'title');
  let title = plainLine(rawTitle);
  if (/<[a-z][^>]*>/i.test(rawTitle)) ctx.problem(`its title holds HTML (${rawTitle.trim().slice(0, 80)}); it was kept as text: "${title}"`, false);
  if (!title) {
    title = titleFromBody(content) || `Untitled (WordPress ${kind} ${id})`;
    ctx.problem(`has no title; it was given the title "${title}"`, false);
  }

  const uploads = new BundleUploads({ dir: ctx.uploadsDir, notCopied: ctx.notCopied, problem: ctx.problem });
  const rewriteUrl = (url: string, attribute: 'href' | 'src') => {
    if (/^(#|mailto:|tel:|data:)/i.test(url.trim())) return undefined;
    const absolute = ctx.absolute(url);
    const name = uploads.nameFor(absolute);
    if (name) return name;
    return (attribute === 'href' ? ctx.internalLink(absolute) : undefined) ?? (absolute !== url ? absolute : undefined);
  };
  const markdown = convertBody(content, {
    attachment: (attachmentId) => ctx.attachments.get(attachmentId),
    childAttachments: () => ctx.childAttachments(id),
    rewriteUrl,
    toMarkdown: ctx.toMarkdown,
    problem: ctx.problem,
  });

  const thumbnail = ctx.attachments.get(item.meta.get('_thumbnail_id')?.trim() ?? '');
  const image = thumbnail ? uploads.nameFor(thumbnail.url) ?? thumbnail.url : undefined;
  const { comments, skipped } = convertComments(item.comments, offset, ctx.problem);
  for (const [type, count] of skipped) {
    ctx.problem(`${count} ${type}${count === 1 ? '' : 's'} not imported: this blog shows comments only`, false);
  }
  const creator = field(item, 'dc:creator').trim();
  const author = creator ? plainLine(ctx.authors.get(creator) ?? creator) : '';
  const description = plainLine(field(item, 'excerpt:encoded'));

  return {
    kind,
    source,
    slug: ctx.slug,
    title,
    date,
    status,
    ...(author ? { author } : {}),
    tags: tagsOf(item),
    ...(description ? { description } : {}),
    ...(image ? { image } : {}),
    markdown,
    assets: uploads.assets,
    redirectFrom: ctx.redirectFrom,
    comments,
    commentsOpen: field(item, 'wp:comment_status').trim() !== 'closed',
  };
}
