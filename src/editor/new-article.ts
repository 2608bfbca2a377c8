import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { ARTICLE_FILE, slugFromPath, slugify } from '../content/slug.js';

export interface NewArticleOptions {
  readonly title: string;
  readonly tags: readonly string[];
  /** A folder `<slug>/index.md` with room for images, instead of `<slug>.md`. */
  readonly bundle: boolean;
  readonly today: Date;
}

export class NewArticleError extends Error {}

const yamlString = (text: string) => JSON.stringify(text);

/** Whether YAML reads `text`, unquoted in a list, back as that text: not 2024 the number, true, null or a date. */
function readsAsText(text: string): boolean {
  try {
    const value: unknown = matter(`---\nv: [${text}]\n---\n`, {}).data.v;
    return Array.isArray(value) && value.length === 1 && value[0] === text;
  } catch {
    return false;
  }
}

/** Front matter and a starting body for a new draft; every optional key is listed, commented out. */
export function articleTemplate({ title, tags, today }: NewArticleOptions): string {
  const tagList = tags.map((t) => (/^[\p{L}\p{N} _-]+$/u.test(t) && readsAsText(t) ? t : yamlString(t))).join(', ');
  return [
    '---',
    `title: ${yamlString(title)}`,
    `date: ${today.toISOString().slice(0, 10)}`,
    'description: "One or two sentences for the home page, search engines and social previews."',
    `tags: [${tagList}]`,
    'draft: true',
    '# author: "Your Name"',
    '# see_also: [another-article-slug]',
    '# image: cover.jpg',
    '# updated: 2026-01-31',
    '# aliases: [old-slug]',
    '# expires: 2027-01-01',
    '# comments: false',
    '---',
    '',
    'Start with a paragraph that tells readers what the article is about.',
    '',
    '## A first section',
    '',
    'Write here. Remove `draft: true` above when the article is ready to publish.',
    '',
  ].join('\n');
}

/** Slugs already taken by files in the content folder (by file name; front matter slugs are checked by `npm run check`). */
async function takenSlugs(dir: string): Promise<Set<string>> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return new Set(entries.flatMap((e) =>
      e.isDirectory() ? [slugFromPath(`${e.name}/index.md`)] : ARTICLE_FILE.test(e.name) ? [slugFromPath(e.name)] : []));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
}

/** Writes a new draft article and returns its path; refuses to overwrite anything. */
export async function createArticle(dir: string, options: NewArticleOptions): Promise<string> {
  const title = options.title.trim();
  if (!title) throw new NewArticleError('Give the article a title: npm run new -- "My title"');
  // The slug the site will give the file (a leading date in the title is dropped, as for any file name).
  const slug = slugFromPath(`${slugify(title)}.md`);
  if (!slug) throw new NewArticleError(`Cannot make a URL slug from "${title}"; use a title with letters or digits.`);
  if ((await takenSlugs(dir)).has(slug)) {
    throw new NewArticleError(`An article with the slug "${slug}" already exists in ${dir}; nothing was written. Choose another title.`);
  }
  const path = options.bundle ? join(dir, slug, 'index.md') : join(dir, `${slug}.md`);
  await mkdir(options.bundle ? join(dir, slug) : dir, { recursive: true });
  try {
    await writeFile(path, articleTemplate({ ...options, title }), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new NewArticleError(`${path} already exists; nothing was written.`);
    throw err;
  }
  return path;
}
