import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { slugify } from '../../content/slug.js';
import {
  baseName, folderOf, isIndexFile, isRepositoryDoc, normalizePermalink, sitePath, stringList, withoutExtension,
  type Classified, type OldUrls, type ToolConventions,
} from './conventions.js';
import { readConfigData } from './front-matter-in.js';
import { readJsSetting } from './site-config.js';

/**
 * Eleventy (11ty.dev/docs/permalinks, /data-template-dir, /collections): every Markdown file under
 * the input folder is a template, written to `/<folder>/<file name>/` unless `permalink` says
 * otherwise (`permalink: false` means never written). Directory data files (`blog/blog.json`,
 * `blog/blog.11tydata.json`) add data to every file below them; JavaScript data files are not run.
 * A file tagged `posts`/`post`, or kept in a `posts`/`blog` folder, is a post; the rest are pages.
 */

const CONFIG_FILES = ['eleventy.config.js', 'eleventy.config.mjs', 'eleventy.config.cjs', 'eleventy.config.ts', '.eleventy.js', '.eleventy.cjs', '.eleventy.mjs'];
const POST_FOLDERS = new Set(['posts', 'post', 'blog', 'articles']);
const COLLECTION_TAGS = ['posts', 'post', 'all', 'nav', 'blog'];

async function jsonData(path: string): Promise<Record<string, unknown> | string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return readConfigData(await readFile(path, 'utf8'), 'json');
}

/** Merges directory data the way Eleventy does: deeper folders win, tags add up. */
function merge(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const tags = [...stringList(under.tags), ...stringList(over.tags)];
  return { ...under, ...over, ...(tags.length ? { tags: [...new Set(tags)] } : {}) };
}

/** `{{ page.fileSlug }}`, `{{ title | slugify }}` and the like in a permalink, when that is all it holds. */
function expandPermalink(template: string, values: Record<string, string>): string | undefined {
  const out = template.replace(/\{\{-?\s*([\w.]+)(?:\s*\|\s*(slugify|slug|url))?\s*-?\}\}/g, (whole, name: string, filter?: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return filter === 'slugify' || filter === 'slug' ? slugify(value) : value;
  });
  return /\{[{%]/.test(out) ? undefined : out;
}

export async function eleventyConventions(root: string): Promise<ToolConventions> {
  const input = ((await readJsSetting(root, CONFIG_FILES, 'input')) ?? '.').replace(/^\.\/|\/$/g, '') || '.';
  const output = ((await readJsSetting(root, CONFIG_FILES, 'output')) ?? '_site').replace(/^\.\/|\/$/g, '');
  const includes = (await readJsSetting(root, CONFIG_FILES, 'includes')) ?? '_includes';
  const dataDir = (await readJsSetting(root, CONFIG_FILES, 'data')) ?? '_data';
  const inputPrefix = input === '.' ? '' : `${input}/`;
  const cache = new Map<string, Promise<{ data: Record<string, unknown>; problems: string[] }>>();

  const folderData = (folder: string): Promise<{ data: Record<string, unknown>; problems: string[] }> => {
    const known = cache.get(folder);
    if (known) return known;
    const loading = (async () => {
      const parent = folder === '' || `${folder}/` === inputPrefix || !folder.startsWith(inputPrefix) ? undefined : folderOf(folder);
      const above = parent === undefined ? { data: {}, problems: [] } : await folderData(parent);
      const name = baseName(folder);
      let data = above.data;
      const problems = [...above.problems];
      for (const file of name ? [`${name}.json`, `${name}.11tydata.json`] : []) {
        const rel = folder ? `${folder}/${file}` : file;
        const read = await jsonData(join(root, rel));
        if (typeof read === 'string') problems.push(`${rel}: ${read}`);
        else if (read) data = merge(data, read);
      }
      for (const file of name ? [`${name}.11tydata.js`, `${name}.11tydata.cjs`, `${name}.11tydata.mjs`] : []) {
        const rel = folder ? `${folder}/${file}` : file;
        if ((await stat(join(root, rel)).catch(() => undefined))?.isFile()) {
          problems.push(`${rel}: JavaScript data files are not run, so the values it sets (tags, layout, permalink) are not known; put them in front matter or a ${name}.11tydata.json file`);
        }
      }
      return { data, problems };
    })();
    cache.set(folder, loading);
    return loading;
  };

  return {
    kind: 'eleventy',
    contentRoots: [input],
    staticDirs: [input, '.', 'public'],
    dialect: 'liquid',
    configProblems: [],
    collectionTags: COLLECTION_TAGS,
    skipFolder: (folderRel, name) => {
      const path = folderRel ? `${folderRel}/${name}` : name;
      return [output, `${inputPrefix}${includes}`, `${inputPrefix}${dataDir}`, '_site'].includes(path) || name === '_includes' || name === '_data';
    },
    async dataFor(rel) {
      const folder = await folderData(folderOf(rel));
      const own = await jsonData(join(root, `${withoutExtension(rel)}.11tydata.json`));
      return { data: own && typeof own === 'object' ? merge(folder.data, own) : folder.data, problems: folder.problems };
    },
    classify(file): Classified {
      const name = baseName(file.rel);
      if (isRepositoryDoc(name)) return { skip: 'is the repository\'s documentation, not a page of the site', lost: false };
      if (file.data.permalink === false) return { skip: 'has permalink: false, so Eleventy never wrote it as a page', lost: false };
      if (/^404\./.test(name) || (isIndexFile(name) && folderOf(file.inBase) === '')) return { skip: 'is a listing or error page of the site, not an article', lost: false };
      const tags = stringList(file.data.tags);
      const inPostFolder = file.inBase.split('/').slice(0, -1).some((p) => POST_FOLDERS.has(p));
      const isPost = tags.includes('posts') || tags.includes('post') || inPostFolder;
      return { role: isPost && file.data.eleventyExcludeFromCollections !== true ? 'post' : 'page' };
    },
    oldUrls(facts): OldUrls {
      const stem = withoutExtension(facts.file.inBase);
      const fileSlug = isIndexFile(baseName(facts.file.inBase)) ? baseName(folderOf(facts.file.inBase)) : baseName(stem);
      const permalink = facts.file.data.permalink;
      if (typeof permalink === 'string') {
        const expanded = expandPermalink(permalink, {
          'page.fileSlug': fileSlug, 'page.filePathStem': `/${stem}`, title: facts.title, slug: facts.fileSlug,
        });
        if (expanded === undefined) return { paths: [], problems: [`its permalink "${permalink}" holds template code that is not run; its old URL is not redirected`] };
        return { paths: [normalizePermalink(expanded)], problems: [] };
      }
      // The default keeps the file name as it is, date prefix included (11ty.dev/docs/permalinks).
      const segments = isIndexFile(baseName(facts.file.inBase)) ? [folderOf(stem)] : [stem];
      return { paths: [sitePath(segments, true)], problems: [] };
    },
  };
}
