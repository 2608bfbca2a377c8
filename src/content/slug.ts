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

/**
 * Slug of an article from its path relative to the content folder:
 * `hello.md` and `hello/index.md` give `hello`; a leading `2024-03-05-` date is dropped, as Jekyll and Eleventy do.
 */
export function slugFromPath(relativePath: string): string {
  const parts = relativePath.replace(/\\/g, '/').split('/');
  const last = parts.at(-1) ?? '';
  const name = /^index\.md$/i.test(last) && parts.length > 1 ? (parts.at(-2) ?? '') : last.replace(/\.md$/i, '');
  return slugify(name.replace(/^\d{4}-\d{2}-\d{2}-/, ''));
}
