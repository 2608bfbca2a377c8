import { slug as githubSlug } from 'github-slugger';

/**
 * Lowercase slug of any text: "Communication & Trust: Part 2" → "communication-trust-part-2".
 * Accents are dropped ("Café" → "cafe"); letters of other scripts are kept ("東京").
 */
export function slugify(text: string): string {
  return githubSlug(text.normalize('NFKD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC'))
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Extensions of the Markdown files that are read as articles. */
export const ARTICLE_FILE = /\.(md|markdown)$/i;
/** The article file of a bundle folder. */
export const BUNDLE_INDEX = /^index\.(md|markdown)$/i;

/** A leading publication date in a file name, as Jekyll names its posts: `2024-03-05-hello.md`. */
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})-/;

/** The name an article's URL comes from: the file name without extension, or the bundle folder's name. */
function articleName(relativePath: string): string {
  const parts = relativePath.replace(/\\/g, '/').split('/');
  const last = parts.at(-1) ?? '';
  return BUNDLE_INDEX.test(last) && parts.length > 1 ? (parts.at(-2) ?? '') : last.replace(ARTICLE_FILE, '');
}

/**
 * Slug of an article from its path relative to the content folder:
 * `hello.md`, `hello.markdown` and `hello/index.md` give `hello`; a leading `2024-03-05-` date is
 * dropped, as Jekyll and Eleventy do.
 */
export function slugFromPath(relativePath: string): string {
  return slugify(articleName(relativePath).replace(DATE_PREFIX, ''));
}

/** The `2024-03-05` a file or bundle name starts with, as written; undefined when it has none. */
export function datePrefixOf(relativePath: string): string | undefined {
  return DATE_PREFIX.exec(articleName(relativePath))?.[1];
}

/**
 * The slug the file name gives with its date kept (`2024-03-05-hello`), which sites that used file
 * names as URLs published it under; undefined when the name has no date.
 */
export function datedSlugFromPath(relativePath: string): string | undefined {
  const name = articleName(relativePath);
  return DATE_PREFIX.test(name) ? slugify(name) : undefined;
}
