import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Parser } from 'htmlparser2';

/**
 * The raw fields of a WordPress export (WXR 1.0–1.2), as text. Read as XML data with htmlparser2: no
 * DTD, no custom entities, nothing evaluated; CDATA is kept as written and only XML's own entities
 * are decoded, so bodies stay the HTML WordPress stored.
 */

export interface WxrComment {
  readonly id: string;
  readonly parent: string;
  readonly author: string;
  readonly authorEmail: string;
  readonly authorUrl: string;
  readonly date: string;
  readonly dateGmt: string;
  readonly content: string;
  /** `1`, `0`, `spam`, `trash`, `post-trashed`. */
  readonly approved: string;
  /** Empty or `comment` for comments; `pingback`, `trackback`… otherwise. */
  readonly type: string;
}

export interface WxrTerm {
  readonly domain: string;
  readonly nicename: string;
  readonly name: string;
}

export interface WxrItem {
  readonly fields: ReadonlyMap<string, string>;
  readonly categories: readonly WxrTerm[];
  readonly meta: ReadonlyMap<string, string>;
  readonly comments: readonly WxrComment[];
}

export interface WxrExport {
  readonly fields: ReadonlyMap<string, string>;
  /** author_login → display name. */
  readonly authors: ReadonlyMap<string, string>;
  readonly items: readonly WxrItem[];
  /** The file ended inside an item or the channel: it was cut short. */
  readonly truncated: boolean;
}

export interface WxrLimits {
  readonly maxBytes: number;
  readonly maxItems: number;
  readonly maxDepth: number;
}

export const WXR_LIMITS: WxrLimits = { maxBytes: 512 * 1024 * 1024, maxItems: 200_000, maxDepth: 32 };

/** A file that cannot be read as a WordPress export: the message says which file, why and what to do. */
export class WxrError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'WxrError';
  }
}

const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/?$/;

interface Building {
  fields: Map<string, string>;
  categories: WxrTerm[];
  meta: Map<string, string>;
  comments: WxrComment[];
}

/** Reads and checks a WXR file; throws WxrError when it is too large or not a WordPress export. */
export async function parseWxrFile(file: string, limits: WxrLimits = WXR_LIMITS): Promise<WxrExport> {
  const size = (await stat(file)).size;
  if (size > limits.maxBytes) {
    throw new WxrError(file, `is ${Math.round(size / 1024 / 1024)} MB; at most ${Math.round(limits.maxBytes / 1024 / 1024)} MB is read. ` +
      'Export the site in parts (WordPress: Tools → Export, one post type or date range at a time) and import each.');
  }
  const channel = new Map<string, string>();
  const authors = new Map<string, string>();
  const items: WxrItem[] = [];
  const stack: string[] = [];
  let text = '';
  let item: Building | undefined;
  let comment: Map<string, string> | undefined;
  let meta: { key: string; value: string } | undefined;
  let author: Map<string, string> | undefined;
  let term: { domain: string; nicename: string } | undefined;
  let failure: WxrError | undefined;
  // Set once the file is read: the parser then closes whatever was left open, which must not count as read.
  let ending = false;

  const parser = new Parser({
    onopentag(name, attribs) {
      if (failure) return;
      if (stack.length === 0) {
        const ns = attribs['xmlns:wp'] ?? '';
        if (name !== 'rss' || !WP_NAMESPACE.test(ns)) {
          failure = new WxrError(file, `is not a WordPress export (WXR): it starts with <${name}>${name === 'rss' ? ' without the WordPress namespace xmlns:wp' : ''}. ` +
            'Export the site from WordPress with Tools → Export → All content, or give a site folder.');
          return;
        }
      }
      stack.push(name);
      if (stack.length > limits.maxDepth) {
        failure = new WxrError(file, `nests elements more than ${limits.maxDepth} deep; a WordPress export nests 5`);
        return;
      }
      text = '';
      if (name === 'item' && stack.length === 3) {
        if (items.length >= limits.maxItems) {
          failure = new WxrError(file, `holds more than ${limits.maxItems} items; export the site in parts and import each`);
          return;
        }
        item = { fields: new Map(), categories: [], meta: new Map(), comments: [] };
      } else if (item && name === 'wp:comment') comment = new Map();
      else if (item && name === 'wp:postmeta') meta = { key: '', value: '' };
      else if (item && name === 'category') term = { domain: attribs.domain ?? '', nicename: attribs.nicename ?? '' };
      else if (!item && name === 'wp:author') author = new Map();
    },
    ontext(chunk) {
      text += chunk;
    },
    onclosetag(name) {
      if (failure || ending || stack.at(-1) !== name) return;
      stack.pop();
      const value = text;
      text = '';
      if (comment && name === 'wp:comment') {
        item?.comments.push(toComment(comment));
        comment = undefined;
      } else if (comment) comment.set(name, value);
      else if (meta && name === 'wp:postmeta') {
        if (meta.key && !item?.meta.has(meta.key)) item?.meta.set(meta.key, meta.value);
        meta = undefined;
      } else if (meta && name === 'wp:meta_key') meta.key = value.trim();
      else if (meta && name === 'wp:meta_value') meta.value = value;
      else if (term && name === 'category') {
        item?.categories.push({ ...term, name: value.trim() });
        term = undefined;
      } else if (item && name === 'item') {
        items.push(item);
        item = undefined;
      } else if (item && stack.length === 3) {
        if (!item.fields.has(name)) item.fields.set(name, value);
      } else if (author && name === 'wp:author') {
        const login = author.get('wp:author_login')?.trim();
        if (login) authors.set(login, author.get('wp:author_display_name')?.trim() || login);
        author = undefined;
      } else if (author) author.set(name, value);
      else if (stack.length === 2 && !channel.has(name)) channel.set(name, value);
    },
  }, { xmlMode: true });

  const stream = createReadStream(file, { encoding: 'utf8' });
  for await (const chunk of stream) {
    parser.write(chunk as string);
    if (failure) break;
  }
  stream.destroy();
  if (failure) throw failure;
  const cutShort = stack.length > 0;
  ending = true;
  parser.end();
  if (!cutShort && !items.length && !channel.size) {
    throw new WxrError(file, 'is empty or holds no XML; export the site from WordPress with Tools → Export → All content');
  }
  return { fields: channel, authors, items, truncated: cutShort };
}

function toComment(fields: Map<string, string>): WxrComment {
  const get = (key: string) => fields.get(`wp:comment_${key}`) ?? '';
  return {
    id: get('id').trim(),
    parent: get('parent').trim(),
    author: get('author'),
    authorEmail: get('author_email').trim(),
    authorUrl: get('author_url').trim(),
    date: get('date').trim(),
    dateGmt: get('date_gmt').trim(),
    content: get('content'),
    approved: get('approved').trim(),
    type: get('type').trim(),
  };
}
