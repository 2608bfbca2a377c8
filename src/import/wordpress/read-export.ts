import { slugify } from '../../content/slug.js';
import type { ImportBatch, ImportedPost, ImportProblem } from '../model.js';
import type { Attachment } from './body.js';
import { offsetMinutes, usualOffset } from './dates.js';
import { createHtmlToMarkdown } from './html-to-markdown.js';
import { linkKey, oldPaths, sitePathOf } from './permalinks.js';
import { convertPost, field } from './post.js';
import { parseWxrFile, WXR_LIMITS, type WxrItem, type WxrLimits } from './wxr-parse.js';

export interface WordPressOptions {
  /** The old site's uploads folder (wp-content/uploads), to copy images from. */
  readonly uploads?: string | undefined;
  readonly limits?: WxrLimits;
  /** Called after each item is converted, for a progress display. */
  readonly onItem?: (done: number, total: number) => void;
}

/** Post types that are WordPress's own machinery, never something a reader saw as a page. */
const MACHINERY = new Set(['attachment', 'revision', 'nav_menu_item', 'custom_css', 'customize_changeset', 'oembed_cache',
  'user_request', 'wp_block', 'wp_template', 'wp_template_part', 'wp_global_styles', 'wp_navigation', 'wp_font_family',
  'wp_font_face', 'feedback', 'jp_mem_plan', 'jp_pay_order', 'jp_pay_product', 'amp_validated_url', 'scheduled-action']);
/** Statuses of items that were never visible and are not worth a word. */
const NOT_CONTENT = new Set(['auto-draft', 'inherit']);

/** Longest slug written: folder names are limited to 255 bytes, and letters of other scripts take two or more. */
const MAX_SLUG = 80;
/** Larger bodies would be refused by the blog (articles of at most 4 MB). */
const MAX_BODY_CHARS = 3 * 1024 * 1024;

function slugCandidate(item: WxrItem, kind: string, id: string): string {
  let name = field(item, 'wp:post_name').trim();
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape: slugify what is there.
  }
  // A leading date is dropped from folder names, so it is dropped here too: the folder and the slug agree.
  const slug = (text: string) => {
    const s = slugify(text).replace(/^\d{4}-\d{2}-\d{2}-/, '');
    return s.length <= MAX_SLUG ? s : s.slice(0, MAX_SLUG).replace(/-[^-]*$/, '') || s.slice(0, MAX_SLUG);
  };
  return slug(name) || slug(field(item, 'title')) || `${kind}-${id}`;
}

/** Reads a WordPress export (WXR) into what the writer needs. Throws WxrError when the file is not one. */
export async function readWordPressExport(file: string, options: WordPressOptions = {}): Promise<ImportBatch> {
  const wxr = await parseWxrFile(file, options.limits ?? WXR_LIMITS);
  const problems: ImportProblem[] = [];
  if (wxr.truncated) problems.push({ source: file, message: 'the export ends in the middle of an item: the file was cut short, and what follows is missing', lost: true });

  const baseText = wxr.fields.get('wp:base_blog_url')?.trim() || wxr.fields.get('link')?.trim() || '';
  let base: URL | undefined;
  try {
    base = new URL(baseText);
  } catch {
    base = undefined;
  }
  const exportDate = new Date(wxr.fields.get('pubDate')?.trim() ?? '');
  const fallbackDate = (Number.isNaN(exportDate.getTime()) ? new Date() : exportDate).toISOString().slice(0, 10);

  const attachments = new Map<string, Attachment & { parent: string; order: number }>();
  for (const item of wxr.items) {
    if (field(item, 'wp:post_type').trim() !== 'attachment') continue;
    const id = field(item, 'wp:post_id').trim();
    const url = field(item, 'wp:attachment_url').trim() || field(item, 'guid').trim();
    attachments.set(id, {
      id,
      url,
      alt: item.meta.get('_wp_attachment_image_alt')?.trim() || field(item, 'title').trim(),
      caption: field(item, 'excerpt:encoded').trim(),
      parent: field(item, 'wp:post_parent').trim(),
      order: Number(field(item, 'wp:menu_order')) || 0,
    });
  }
  const childAttachments = (postId: string) => [...attachments.values()]
    .filter((a) => a.parent === postId)
    .sort((a, b) => a.order - b.order || Number(a.id) - Number(b.id));

  // Which items become articles; the rest are either machinery (silent) or named in the summary.
  const chosen: { item: WxrItem; kind: 'post' | 'page'; id: string; source: string }[] = [];
  for (const item of wxr.items) {
    const type = field(item, 'wp:post_type').trim() || 'post';
    const status = field(item, 'wp:status').trim();
    const id = field(item, 'wp:post_id').trim();
    const title = field(item, 'title').trim();
    const source = `WordPress ${type === 'page' ? 'page' : 'post'} ${id}`;
    if (MACHINERY.has(type) || NOT_CONTENT.has(status)) continue;
    if (type !== 'post' && type !== 'page') {
      problems.push({ source: `WordPress item ${id}`, message: `"${title}" is of the post type "${type}", which is not imported`, lost: true });
    } else if (status === 'trash') {
      problems.push({ source, message: `"${title}" was in the trash on WordPress; not imported`, lost: false });
    } else if (field(item, 'content:encoded').length > MAX_BODY_CHARS) {
      problems.push({ source, message: `"${title}" is longer than ${MAX_BODY_CHARS / 1024 / 1024} MB; not imported`, lost: true });
    } else chosen.push({ item, kind: type === 'page' ? 'page' : 'post', id, source });
  }

  const siteOffset = usualOffset(chosen.map(({ item }) => offsetMinutes(field(item, 'wp:post_date'), field(item, 'wp:post_date_gmt')))
    .filter((o): o is number => o !== undefined));

  // Slugs and old URLs of every article first, so links between posts can point at their new URLs.
  const slugs = new Set<string>();
  const claimed = new Map<string, string>();
  const prepared = chosen.map((c) => {
    const wanted = slugCandidate(c.item, c.kind, c.id);
    let slug = wanted;
    for (let n = 2; slugs.has(slug); n += 1) slug = `${wanted}-${n}`;
    if (slug !== wanted) problems.push({ source: c.source, message: `its slug "${wanted}" is taken by another item of the export; it is at /articles/${slug}`, lost: false });
    slugs.add(slug);
    const paths = oldPaths({
      kind: c.kind,
      id: c.id,
      link: field(c.item, 'link'),
      guid: field(c.item, 'guid'),
      oldSlugs: [c.item.meta.get('_wp_old_slug') ?? ''].filter(Boolean),
    }, base).filter((path) => {
      const owner = claimed.get(linkKey(path));
      if (owner === undefined) {
        claimed.set(linkKey(path), slug);
        return true;
      }
      if (owner !== slug) problems.push({ source: c.source, message: `its old URL ${path} is also the old URL of /articles/${owner}, which keeps it`, lost: false });
      return false;
    });
    return { ...c, slug, paths };
  });

  const internalLink = (url: string) => {
    const path = sitePathOf(url, base);
    if (path === undefined) return undefined;
    const slug = claimed.get(linkKey(path));
    const hash = /#.*$/.exec(url)?.[0] ?? '';
    return slug ? `/articles/${slug}${hash}` : undefined;
  };
  const absolute = (url: string) => {
    if (!base || /^[a-z][a-z0-9+.-]*:/i.test(url.trim())) return url;
    try {
      return new URL(url.trim(), base).href;
    } catch {
      return url;
    }
  };

  const notCopied = new Set<string>();
  const toMarkdown = createHtmlToMarkdown();
  const posts: ImportedPost[] = [];
  prepared.forEach((p, index) => {
    posts.push(convertPost(p.item, p.kind, p.source, {
      slug: p.slug,
      redirectFrom: p.paths,
      authors: wxr.authors,
      siteOffset,
      fallbackDate,
      attachments,
      childAttachments,
      internalLink,
      absolute,
      uploadsDir: options.uploads,
      notCopied,
      toMarkdown,
      problem: (message, lost) => problems.push({ source: p.source, message, lost }),
    }));
    options.onItem?.(index + 1, prepared.length);
  });
  return { from: 'wordpress', posts, problems, imagesNotCopied: [...notCopied] };
}
