import { readDateValue } from './dates.js';
import { stringList } from './conventions.js';

/**
 * The front matter keys of the six tools, read into what this blog's front matter holds. Each
 * concept has the keys that name it, in the order they are looked at.
 */

const TITLE_KEYS = ['title'];
const DATE_KEYS = ['date', 'pubDate', 'publishDate', 'pubdate', 'published_at', 'publishedAt', 'created'];
const UPDATED_KEYS = ['lastmod', 'updated', 'updatedDate', 'updated_at', 'updatedAt', 'last_modified_at', 'modified', 'lastModified'];
const DESCRIPTION_KEYS = ['description', 'summary', 'excerpt', 'subtitle'];
const TAG_KEYS = ['tags', 'categories', 'category'];
const IMAGE_KEYS = ['cover', 'heroImage', 'image', 'coverImage', 'cover_image', 'featured_image', 'featuredImage', 'feature_image', 'thumbnail', 'banner', 'header'];

export interface FieldProblem {
  readonly line: number;
  readonly message: string;
  readonly lost: boolean;
}

export interface PostFields {
  readonly title?: string;
  readonly date?: string;
  readonly updated?: string;
  readonly draft: boolean;
  readonly tags: readonly string[];
  readonly author?: string;
  readonly description?: string;
  /** The cover image as the old site referred to it (a path or URL), still to be found. */
  readonly imageRef?: string;
  readonly commentsOpen: boolean;
  readonly problems: readonly FieldProblem[];
}

export interface FieldOptions {
  /** Front matter text as written, and the file line its first line is on. */
  readonly text: string;
  readonly textLine: number;
  /** Jekyll reads `tags: a b` as two tags. */
  readonly splitTagsOnSpaces: boolean;
  /** Tags that name the tool's collections (Eleventy's `posts`), dropped. */
  readonly collectionTags: readonly string[];
}

const present = (data: Readonly<Record<string, unknown>>, keys: readonly string[]) => keys.find((k) => data[k] !== undefined && data[k] !== null && data[k] !== '');

/** File line of a top-level key, or of the front matter's first line. */
export function keyLine(text: string, textLine: number, key: string): number {
  const index = text.split('\n').findIndex((l) => new RegExp(`^["']?${key}["']?\\s*[:=]`).test(l));
  return textLine + Math.max(0, index);
}

const nameOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const name = (value as Record<string, unknown>).name ?? (value as Record<string, unknown>).title;
    return typeof name === 'string' ? name.trim() || undefined : undefined;
  }
  return undefined;
};

/** `author: Ann`, `author: {name: Ann, picture: …}` (Next.js) and `authors: [Ann, Bo]` (Hugo) alike. */
function authorOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const value = data.author ?? data.authors;
  const names = (Array.isArray(value) ? value : [value]).map(nameOf).filter((n): n is string => Boolean(n));
  return names.length ? [...new Set(names)].join(', ') : undefined;
}

/** `cover: {image: a.png}` (Hugo PaperMod), `header: {image: …}` (Jekyll Minimal Mistakes), `image: {src: …}`. */
function imageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of ['image', 'src', 'url', 'path', 'overlay_image', 'teaser']) if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  }
  return undefined;
}

export function readFields(data: Readonly<Record<string, unknown>>, options: FieldOptions): PostFields {
  const problems: FieldProblem[] = [];
  const line = (key: string) => keyLine(options.text, options.textLine, key);
  const dateFrom = (keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const read = readDateValue(data[key], options.text, key);
      if (!read) continue;
      if ('date' in read) return read.date;
      problems.push({ line: line(key), message: `"${key}" is not a date this import reads (got "${read.unreadable.slice(0, 60)}"); write it like 2019-05-01 or 2019-05-01T10:00:00+02:00`, lost: false });
    }
    return undefined;
  };
  const titleKey = present(data, TITLE_KEYS);
  const rawTitle = titleKey === undefined ? undefined : data[titleKey];
  const title = typeof rawTitle === 'string' || typeof rawTitle === 'number' ? String(rawTitle).trim() || undefined : undefined;
  const descriptionKey = present(data, DESCRIPTION_KEYS);
  const description = descriptionKey && typeof data[descriptionKey] === 'string' ? String(data[descriptionKey]).trim().replace(/\s+/g, ' ') : undefined;
  const split = (v: string) => (options.splitTagsOnSpaces ? v.split(/\s+/) : [v]);
  const tags = TAG_KEYS.flatMap((key) => (typeof data[key] === 'string' ? split(String(data[key])) : stringList(data[key])))
    .map((t) => t.trim()).filter((t) => t && !options.collectionTags.includes(t.toLowerCase()));
  const imageKey = IMAGE_KEYS.find((key) => imageOf(data[key]) !== undefined);
  const published = data.published;
  return {
    ...(title ? { title } : {}),
    ...optional('date', dateFrom(DATE_KEYS)),
    ...optional('updated', dateFrom(UPDATED_KEYS)),
    draft: data.draft === true || data.draft === 'true' || published === false || published === 'false',
    tags: [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()],
    ...optional('author', authorOf(data)),
    ...optional('description', description || undefined),
    ...optional('imageRef', imageKey ? imageOf(data[imageKey]) : undefined),
    commentsOpen: data.comments !== false,
    problems,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
