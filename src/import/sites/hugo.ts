import { slugify } from '../../content/slug.js';
import { dateParts } from './dates.js';
import {
  basePathOf, baseName, folderOf, isIndexFile, isRepositoryDoc, normalizePermalink, sitePath, stringList,
  type Classified, type OldUrls, type ToolConventions, type UrlFacts,
} from './conventions.js';
import { readToolConfig, textSetting } from './site-config.js';

/**
 * Hugo (gohugo.io/content-management/organization, /page-bundles, /urls): everything under
 * `content/`. A folder with `index.md` is a leaf bundle (one page; its other files, Markdown too, are
 * resources); `_index.md` is a section's list page; files at the top of `content/` are pages and
 * files in sections are posts. URLs follow the content path (`/posts/hello/`), lower-cased, with
 * `slug` replacing the last segment, `url` replacing the whole path and `[permalinks]` per section.
 */

const CONFIG_FILES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/** Folders that hold a leaf bundle (an index file), so other Markdown files in them are resources. */
const bundlesOf = new WeakMap<ReadonlySet<string>, string[]>();
function leafBundles(files: ReadonlySet<string>, contentDir: string): string[] {
  const known = bundlesOf.get(files);
  if (known) return known;
  const bundles = [...files].filter((f) => isIndexFile(baseName(f))).map(folderOf).filter((folder) => folder !== contentDir);
  bundlesOf.set(files, bundles);
  return bundles;
}

/** Expands a Hugo permalink pattern (`/:year/:month/:slug/`). */
function expandHugoPermalink(pattern: string, facts: UrlFacts, sections: readonly string[]): string {
  const d = dateParts(facts.date);
  const slug = typeof facts.file.data.slug === 'string' ? facts.file.data.slug : undefined;
  const values: Record<string, string> = {
    year: d.year, month: d.month, monthname: new Date(`${d.year}-${d.month}-01T00:00:00Z`).toLocaleString('en', { month: 'long', timeZone: 'UTC' }).toLowerCase(),
    day: d.day, weekday: String(new Date(`${d.year}-${d.month}-${d.day}T00:00:00Z`).getUTCDay()),
    yearday: '', section: sections[0] ?? '', sections: sections.join('/'),
    title: slugify(facts.title), slug: slug ?? slugify(facts.title), slugorfilename: slug ?? facts.fileSlug,
    slugorcontentbasename: slug ?? facts.fileSlug, filename: facts.fileSlug, contentbasename: facts.fileSlug,
  };
  return normalizePermalink(pattern.replace(/:(\w+)/g, (whole, name: string) => values[name] ?? whole));
}

export async function hugoConventions(root: string): Promise<ToolConventions> {
  const config = await readToolConfig(root, CONFIG_FILES);
  const contentDir = (textSetting(config.data, 'contentDir') ?? 'content').replace(/^\.\/|\/$/g, '');
  const staticDir = (textSetting(config.data, 'staticDir') ?? 'static').replace(/^\.\/|\/$/g, '');
  const permalinks = config.data.permalinks && typeof config.data.permalinks === 'object' ? config.data.permalinks as Record<string, unknown> : {};
  // Hugo 0.120+ nests the patterns by kind: [permalinks.page] posts = '…'.
  const pagePatterns = (permalinks.page && typeof permalinks.page === 'object' ? permalinks.page : permalinks) as Record<string, unknown>;
  const lowercase = config.data.disablePathToLower !== true;
  return {
    kind: 'hugo',
    contentRoots: [contentDir],
    staticDirs: [staticDir],
    dialect: 'hugo',
    basePath: basePathOf(textSetting(config.data, 'baseURL') ?? textSetting(config.data, 'baseurl')),
    configProblems: config.problem ? [config.problem] : [],
    skipFolder: () => false,
    classify(file, allFiles): Classified {
      const name = baseName(file.rel);
      if (/^_index\./i.test(name)) {
        return { skip: 'is a section\'s list page (_index), not an article' + (file.body.trim() ? '; its text is not imported' : ''), lost: file.body.trim() !== '' };
      }
      const bundle = leafBundles(allFiles, contentDir).find((b) => b !== folderOf(file.rel) ? file.rel.startsWith(`${b}/`) : !isIndexFile(name));
      if (bundle !== undefined) return { skip: `is a resource of the page bundle ${bundle}/, not a page of its own`, lost: false };
      if (file.data.headless === true) return { skip: 'is a headless bundle (headless: true): Hugo never published it as a page', lost: false };
      if (isRepositoryDoc(name) && !file.hasFrontMatter) return { skip: 'is documentation, not a page of the site', lost: false };
      const segments = file.inBase.split('/');
      const topLevel = segments.length === 1 || (segments.length === 2 && isIndexFile(name));
      return { role: topLevel ? 'page' : 'post' };
    },
    oldUrls(facts): OldUrls {
      if (facts.role === 'draft') return { paths: [], problems: [] };
      const data = facts.file.data;
      const folder = isIndexFile(baseName(facts.file.inBase)) ? folderOf(folderOf(facts.file.inBase)) : folderOf(facts.file.inBase);
      const sections = folder.split('/').filter(Boolean);
      const paths: string[] = [];
      const pattern = pagePatterns[sections[0] ?? ''];
      if (typeof data.url === 'string' && data.url.trim()) paths.push(normalizePermalink(data.url));
      else if (typeof pattern === 'string') paths.push(expandHugoPermalink(pattern, facts, sections));
      else paths.push(sitePath([...sections, typeof data.slug === 'string' && data.slug.trim() ? data.slug.trim() : facts.fileSlug], true));
      // Aliases without a leading slash are relative to the page's folder (gohugo.io/methods/page/aliases).
      const here = sitePath(sections, true);
      for (const alias of stringList(data.aliases)) {
        const path = normalizePermalink(alias.startsWith('/') || /^https?:/i.test(alias) ? alias : `${here}${alias}`);
        // Hugo writes an alias without an extension as <alias>/index.html.
        paths.push(/\/$|\.\w+$/.test(path) ? path : `${path}/`);
      }
      return { paths: paths.map((p) => (lowercase ? p.toLowerCase() : p)), problems: [] };
    },
  };
}
