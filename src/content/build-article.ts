import type { ContentProblem } from '../errors.js';
import type { Article, RenderedBody } from './article.js';
import { seeAlsoRefsOf, summarize } from './plain-text.js';
import { parseSource } from './front-matter.js';
import { bodyRefusal, type MarkdownRenderer } from './markdown.js';
import { datedSlugFromPath, slugFromPath, slugify } from './slug.js';
import { tallyTerms } from './terms.js';

export interface SourceFile {
  /** Path relative to the content folder, forward slashes. */
  readonly file: string;
  readonly raw: string;
  /** Files beside a bundle's index.md, by name → absolute path; empty for a single-file article. */
  readonly assets: ReadonlyMap<string, string>;
}

export type BuildResult =
  | { readonly ok: true; readonly article: Article; readonly warnings: readonly ContentProblem[] }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

const EXCERPT_LENGTH = 240;
/** A common reading speed for prose on screen. */
const WORDS_PER_MINUTE = 200;

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Front matter `image`: a file beside the bundle, a site path, or an absolute URL. */
function resolveImage(image: string, slug: string, source: SourceFile): { url?: string; problem?: string } {
  if (/^https?:\/\//i.test(image) || image.startsWith('/')) return { url: image };
  const name = image.replace(/^\.\//, '');
  if (source.assets.has(name)) return { url: `/articles/${slug}/${name}` };
  return { problem: `"image" names ${image}, which is not a file beside ${source.file}` };
}

/** Everything about an article except its rendered body, as plain data. */
export type PreparedArticle = Omit<Article, 'body'>;

export type PrepareResult =
  | { readonly ok: true; readonly prepared: PreparedArticle; readonly warnings: readonly ContentProblem[] }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

/** Markdown files larger than this are refused: a few hundred kilobytes is already a very long article. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/**
 * Front matter, terms and word count of one source file. Pure; no rendering. Never throws: whatever
 * goes wrong with one file is a problem reported for that file, and the others load.
 */
export function prepareArticle(source: SourceFile): PrepareResult {
  const size = Buffer.byteLength(source.raw, 'utf8');
  if (size > MAX_SOURCE_BYTES) {
    return { ok: false, problems: [{ severity: 'error', file: source.file, line: 1, message: `is ${(size / 1048576).toFixed(1)} MB; articles of at most ${MAX_SOURCE_BYTES / 1048576} MB are read` }] };
  }
  try {
    return prepareChecked(source);
  } catch (err) {
    return { ok: false, problems: [{ severity: 'error', file: source.file, line: 1, message: `could not be read: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

function prepareChecked(source: SourceFile): PrepareResult {
  const parsed = parseSource(source.raw, source.file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const { frontMatter: fm, body, warnings } = parsed.value;
  const slug = fm.slug ?? slugFromPath(source.file);
  if (!slug) {
    return { ok: false, problems: [{ severity: 'error', file: source.file, line: 1, message: 'cannot make a URL slug from the file name; add a "slug" to the front matter' }] };
  }
  const problems: ContentProblem[] = [...warnings];
  // `2016-10-06-title.md` is served at /articles/title; sites that used file names as URLs linked to
  // /…/2016-10-06-title, which keeps working as an alias.
  const dated = fm.slug === undefined ? datedSlugFromPath(source.file) : undefined;
  const datedAlias = dated ? [dated] : [];
  // Published all the same: its page says the text cannot be shown, and feeds leave it out.
  const refusal = bodyRefusal(body);
  if (refusal) problems.push({ severity: 'error', file: source.file, line: parsed.value.bodyLine + refusal.line - 1, message: refusal.message });
  const { plainText, firstParagraph, wordCount } = summarize(body);
  const image = fm.image === undefined ? {} : resolveImage(fm.image, slug, source);
  if (image.problem) problems.push({ severity: 'warning', file: source.file, line: 1, message: image.problem });
  const tags = [...new Map(fm.tags.map((name) => [slugify(name), name])).entries()]
    .filter(([tagSlug]) => tagSlug !== '')
    .map(([tagSlug, name]) => ({ name, slug: tagSlug }));
  const prepared: PreparedArticle = {
    slug,
    file: source.file,
    title: fm.title,
    date: fm.date,
    ...(fm.updated ? { updated: fm.updated } : {}),
    ...(fm.description ? { description: fm.description } : {}),
    excerpt: shorten(fm.description ?? firstParagraph, EXCERPT_LENGTH),
    tags,
    ...(fm.author ? { author: fm.author } : {}),
    draft: fm.draft,
    commentsEnabled: fm.comments,
    aliases: [...new Set([...fm.aliases, ...datedAlias])].filter((alias) => alias !== slug),
    redirectFrom: fm.redirectFrom,
    ...(fm.expires ? { expires: fm.expires } : {}),
    seeAlso: fm.seeAlso,
    ...(image.url ? { image: image.url } : {}),
    readingMinutes: Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)),
    wordCount,
    slotRefs: seeAlsoRefsOf(body),
    // The plain text itself is not kept: its terms are what the indexes need.
    bodyTerms: tallyTerms(plainText),
    assets: source.assets,
    markdown: body,
  };
  return { ok: true, prepared, warnings: problems };
}

/**
 * The article served from prepared data: its body is rendered the first time it is shown, then kept.
 * The fields are copied as they are defined, so a Markdown text still to be read stays so.
 */
export function articleFrom(fields: PreparedArticle, render: MarkdownRenderer): Article {
  let rendered: RenderedBody | undefined;
  const assetBase = `/articles/${fields.slug}/`;
  const article = Object.defineProperties({}, Object.getOwnPropertyDescriptors(fields)) as PreparedArticle;
  return Object.defineProperty(article, 'body', {
    enumerable: true,
    get() {
      rendered ??= render(fields.markdown, { assetBase, file: fields.file }).body;
      return rendered;
    },
  }) as Article;
}

/** Turns one source file into an article, or says what is wrong with it. */
export function buildArticle(source: SourceFile, render: MarkdownRenderer): BuildResult {
  const result = prepareArticle(source);
  return result.ok ? { ok: true, article: articleFrom(result.prepared, render), warnings: result.warnings } : result;
}
