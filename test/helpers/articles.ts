import type { Article } from '../../src/content/article.js';
import { buildArticle } from '../../src/content/build-article.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';

export interface ArticleSpec {
  /** Path relative to the content folder; the slug comes from it unless `slug` is given. */
  readonly file: string;
  readonly title: string;
  /** As written in front matter: `2024-03-05` or an ISO date-time. */
  readonly date: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly draft?: boolean;
  readonly see_also?: readonly string[];
  readonly slug?: string;
  readonly description?: string;
  readonly image?: string;
  /** As written in front matter, like `date`. */
  readonly expires?: string;
}

const render = createMarkdownRenderer();

/** JSON strings are valid YAML double-quoted scalars, so any title survives the round trip. */
const yaml = (value: string) => JSON.stringify(value);
const yamlList = (values: readonly string[]) => `[${values.map(yaml).join(', ')}]`;

/** The source text of an article file: front matter written as an editor would, then the body. */
export function articleSource(spec: ArticleSpec): string {
  const lines = ['---', `title: ${yaml(spec.title)}`, `date: ${spec.date}`];
  if (spec.slug !== undefined) lines.push(`slug: ${spec.slug}`);
  if (spec.description !== undefined) lines.push(`description: ${yaml(spec.description)}`);
  if (spec.tags !== undefined) lines.push(`tags: ${yamlList(spec.tags)}`);
  if (spec.draft !== undefined) lines.push(`draft: ${spec.draft}`);
  if (spec.see_also !== undefined) lines.push(`see_also: ${yamlList(spec.see_also)}`);
  if (spec.image !== undefined) lines.push(`image: ${yaml(spec.image)}`);
  if (spec.expires !== undefined) lines.push(`expires: ${spec.expires}`);
  lines.push('---', '', spec.body ?? `Some words about ${spec.title}.`, '');
  return lines.join('\n');
}

/** Builds a real Article from front matter and Markdown, through the same code path as loading from disk. */
export function makeArticle(spec: ArticleSpec, assets: ReadonlyMap<string, string> = new Map()): Article {
  const built = buildArticle({ file: spec.file, raw: articleSource(spec), assets }, render);
  if (!built.ok) throw new Error(`makeArticle(${spec.file}): ${built.problems.map((p) => p.message).join('; ')}`);
  return built.article;
}
