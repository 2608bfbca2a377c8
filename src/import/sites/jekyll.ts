import { slugify } from '../../content/slug.js';
import { dateParts } from './dates.js';
import {
  basePathOf, baseName, isIndexFile, isRepositoryDoc, normalizePermalink, sitePath, stringList, withoutExtension,
  type Classified, type OldUrls, type ToolConventions, type UrlFacts,
} from './conventions.js';
import { readToolConfig, textSetting } from './site-config.js';

/**
 * Jekyll (jekyllrb.com/docs/posts, /permalinks, /structure): posts in any `_posts/` folder (the
 * folders above it are the post's categories), drafts in `_drafts/`, pages are Markdown files with
 * front matter elsewhere outside `_` folders; every other file is copied as it is, so site-absolute
 * paths point into the site root itself.
 */

/** Built-in permalink styles (Jekyll 3+ `permalink: pretty` etc.). */
const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** Folders of a Jekyll site that never hold posts or pages. */
const NOT_CONTENT = new Set(['_site', '_layouts', '_includes', '_sass', '_data', '_plugins', 'vendor', '.jekyll-cache', '.sass-cache']);

function dayOfYear(date: string): string {
  const { year, month, day } = dateParts(date);
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day)) - Date.UTC(Number(year), 0, 0);
  return String(ms / 86_400_000).padStart(3, '0');
}

/** Expands a Jekyll permalink template for a post. */
export function expandJekyllPermalink(template: string, facts: UrlFacts, slug: string): string {
  const d = dateParts(facts.date);
  const categories = facts.categories.map((c) => c.toLowerCase());
  const values: Record<string, string> = {
    year: d.year, month: d.month, i_month: String(Number(d.month)), day: d.day, i_day: String(Number(d.day)),
    short_year: d.year.slice(2), hour: d.hour, minute: d.minute, second: d.second, y_day: dayOfYear(facts.date),
    title: slug, slug: slugify(slug), name: slug, categories: categories.join('/'),
    slugified_categories: categories.map(slugify).join('/'), output_ext: '.html',
  };
  const path = template.replace(/:(\w+)/g, (whole, name: string) => values[name] ?? whole);
  return normalizePermalink(path);
}

export async function jekyllConventions(root: string): Promise<ToolConventions> {
  const config = await readToolConfig(root, ['_config.yml', '_config.yaml']);
  const permalinkSetting = textSetting(config.data, 'permalink') ?? 'date';
  const sitePermalink = STYLES[permalinkSetting] ?? permalinkSetting;
  const exclude = new Set(stringList(config.data.exclude).map((e) => e.replace(/\/$/, '')));
  return {
    kind: 'jekyll',
    contentRoots: ['.'],
    staticDirs: ['.'],
    dialect: 'liquid',
    basePath: basePathOf(textSetting(config.data, 'baseurl')),
    configProblems: config.problem ? [config.problem] : [],
    skipFolder: (folderRel, name) => NOT_CONTENT.has(name) || exclude.has(folderRel ? `${folderRel}/${name}` : name),
    classify(file): Classified {
      const parts = file.rel.split('/');
      const posts = parts.indexOf('_posts');
      if (posts >= 0) return { role: 'post', categories: parts.slice(0, posts) };
      const drafts = parts.indexOf('_drafts');
      if (drafts >= 0) return { role: 'draft', categories: parts.slice(0, drafts) };
      const underscored = parts.slice(0, -1).find((p) => p.startsWith('_'));
      if (underscored) return { skip: `is in ${underscored}/, a Jekyll collection or data folder; only _posts/ and _drafts/ are imported as articles`, lost: false };
      const name = baseName(file.rel);
      if (isRepositoryDoc(name)) return { skip: 'is the repository\'s documentation, not a page of the site', lost: false };
      if (isIndexFile(name) || /^404\./.test(name)) return { skip: 'is a listing or error page of the site, not an article', lost: false };
      if (!file.hasFrontMatter) return { skip: 'has no front matter, so Jekyll copied it as a plain file rather than a page', lost: false };
      return { role: 'page' };
    },
    oldUrls(facts): OldUrls {
      if (facts.role === 'draft') return { paths: [], problems: [] };
      const own = typeof facts.file.data.permalink === 'string' ? facts.file.data.permalink : undefined;
      const paths: string[] = [];
      if (facts.role === 'page') {
        const stem = withoutExtension(facts.file.rel);
        const pretty = sitePermalink.endsWith('/');
        paths.push(own ? expandJekyllPermalink(own, facts, facts.fileSlug) : pretty ? sitePath([stem], true) : `${sitePath([stem], false)}.html`);
      } else {
        const template = own ? (STYLES[own] ?? own) : sitePermalink;
        const slug = typeof facts.file.data.slug === 'string' ? facts.file.data.slug : facts.fileSlug;
        paths.push(expandJekyllPermalink(template, facts, slug));
      }
      // jekyll-redirect-from: the post's other old addresses.
      paths.push(...stringList(facts.file.data.redirect_from).map(normalizePermalink));
      // A `.html` page is reached without its extension too (GitHub Pages and most hosts serve both).
      return { paths: paths.flatMap((p) => (p.endsWith('.html') ? [p, p.slice(0, -5)] : [p])), problems: [] };
    },
  };
}

/** The name Jekyll's `post_url` tag takes for a post: its file name without extension, with its folder inside `_posts`. */
export function postUrlName(rel: string): string | undefined {
  const at = rel.split('/').indexOf('_posts');
  if (at < 0) return undefined;
  return withoutExtension(rel.split('/').slice(at + 1).join('/'));
}

/** Front matter categories as Jekyll reads them: `categories: a b` is two, as is `[a, b]`. */
export function jekyllCategories(data: Readonly<Record<string, unknown>>): string[] {
  const value = data.categories ?? data.category;
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : stringList(value);
}
