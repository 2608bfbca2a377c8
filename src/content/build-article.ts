import type { ContentProblem } from '../errors.js';
import type { Article, RenderedBody } from './article.js';
import { seeAlsoRefsOf, summarize } from './plain-text.js';
import { parseSource } from './front-matter.js';
import type { MarkdownRenderer } from './markdown.js';
import { slugFromPath, slugify } from './slug.js';
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

/** Front matter, terms and word count of one source file. Pure; no rendering. */
export function prepareArticle(source: SourceFile): PrepareResult {
  const parsed = parseSource(source.raw, source.file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const { frontMatter: fm, body, warnings } = parsed.value;
  const slug = fm.slug ?? slugFromPath(source.file);
  if (!slug) {
    return { ok: false, problems: [{ severity: 'error', file: source.file, line: 1, message: 'cannot make a URL slug from the file name; add a "slug" to the front matter' }] };
  }
  const problems: ContentProblem[] = [...warnings];
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
    aliases: fm.aliases.filter((alias) => alias !== slug),
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

/** The article served from prepared data: its body is rendered the first time it is shown, then kept. */
export function articleFrom(fields: PreparedArticle, render: MarkdownRenderer): Article {
  let rendered: RenderedBody | undefined;
  const assetBase = `/articles/${fields.slug}/`;
  return {
    ...fields,
    get body() {
      rendered ??= render(fields.markdown, { assetBase }).body;
      return rendered;
    },
  };
}

/** Turns one source file into an article, or says what is wrong with it. */
export function buildArticle(source: SourceFile, render: MarkdownRenderer): BuildResult {
  const result = prepareArticle(source);
  return result.ok ? { ok: true, article: articleFrom(result.prepared, render), warnings: result.warnings } : result;
}
