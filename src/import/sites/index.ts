import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ImportBatch, ImportedPost, ImportedStatus, ImportProblem } from '../model.js';
import type { ToolConventions } from './conventions.js';
import { convertBody } from './convert-body.js';
import { detectSiteKind, type SiteKind } from './detect.js';
import { eleventyConventions } from './eleventy.js';
import { hugoConventions } from './hugo.js';
import { jekyllCategories, jekyllConventions } from './jekyll.js';
import { astroConventions, gatsbyConventions, nextjsConventions } from './js-site-tools.js';
import { readEntry, type Entry } from './read-entry.js';
import { buildReferences } from './references.js';
import { walkMarkdown } from './walk.js';

export { SITE_KINDS, SiteDetectionError, type SiteKind } from './detect.js';

/** Posts and pages read from one site at most. */
export const MAX_SITE_POSTS = 10_000;

/** Old paths the blog's `redirect_from` takes: a site path, no scheme, host, fragment or white space. */
const SITE_PATH = /^\/(?!\/)[^\s#]*$/;

export interface ReadSiteOptions {
  /** The clock: posts dated later were not yet shown by the old site, and stay scheduled. */
  readonly now?: () => Date;
}

const CONVENTIONS: Record<SiteKind, (root: string) => Promise<ToolConventions>> = {
  jekyll: jekyllConventions,
  hugo: hugoConventions,
  eleventy: eleventyConventions,
  astro: astroConventions,
  gatsby: gatsbyConventions,
  nextjs: nextjsConventions,
};

async function siteRoot(root: string): Promise<string> {
  const real = await realpath(resolve(root)).catch(() => undefined);
  if (!real || !(await stat(real)).isDirectory()) throw new Error(`${root}: no such folder; give the folder of the site to import`);
  return real;
}

/** Every Markdown file under the tool's content folders, each once, with the folder it was found under. */
async function findFiles(root: string, conv: ToolConventions, problems: ImportProblem[]): Promise<{ rel: string; base: string }[]> {
  const seen = new Map<string, string>();
  for (const base of conv.contentRoots) {
    const walked = await walkMarkdown(root, base, conv.skipFolder);
    for (const note of walked.notes) problems.push({ source: note.folder || '.', message: note.message, lost: true });
    for (const rel of walked.files) if (!seen.has(rel)) seen.set(rel, base);
  }
  return [...seen].map(([rel, base]) => ({ rel, base }));
}

/** Gives each entry its own slug; later ones (in file order) get `-2`, `-3`… and a note. */
function uniqueSlugs(entries: readonly Entry[], problems: ImportProblem[]): string[] {
  const taken = new Map<string, string>();
  return entries.map((entry) => {
    let slug = entry.slug;
    for (let n = 2; taken.has(slug); n++) slug = `${entry.slug}-${n}`;
    if (slug !== entry.slug) {
      problems.push({ source: `${entry.file.rel}:1`, message: `its slug "${entry.slug}" is already taken by ${taken.get(entry.slug)}; it is imported as "${slug}"`, lost: false });
    }
    taken.set(slug, entry.file.rel);
    return slug;
  });
}

function statusOf(entry: Entry, now: Date): ImportedStatus {
  if (entry.draft) return 'draft';
  // A modification day standing in for a missing date says nothing of when the old site showed it.
  if (entry.dateGuessed) return 'published';
  const time = Date.parse(entry.date.length === 10 ? `${entry.date}T00:00:00Z` : entry.date);
  return time > now.getTime() ? 'scheduled' : 'published';
}

/** Reads a static site generator's folder; `auto` tells the kind from the files it holds. */
export async function readSiteFolder(root: string, from: SiteKind | 'auto', options: ReadSiteOptions = {}): Promise<ImportBatch> {
  const now = (options.now ?? (() => new Date()))();
  const realRoot = await siteRoot(root);
  const kind = from === 'auto' ? await detectSiteKind(realRoot) : from;
  const conv = await CONVENTIONS[kind](realRoot);
  const problems: ImportProblem[] = conv.configProblems.map((p) => ({ source: p.slice(0, p.indexOf(':')), message: p.slice(p.indexOf(':') + 1).trim(), lost: false }));

  const files = await findFiles(realRoot, conv, problems);
  const allFiles = new Set(files.map((f) => f.rel));
  const entries: Entry[] = [];
  const seenNotes = new Set<string>();
  for (const file of files) {
    if (entries.length >= MAX_SITE_POSTS) {
      problems.push({ source: file.rel, message: `not imported: the site has more than ${MAX_SITE_POSTS} posts and pages; import it in parts`, lost: true });
      continue;
    }
    const read = await readEntry(realRoot, file, conv, allFiles);
    // Directory data problems are the same for every file below the folder: told once.
    for (const p of read.problems) if (!seenNotes.has(`${p.source}\n${p.message}`)) (seenNotes.add(`${p.source}\n${p.message}`), problems.push(p));
    if ('entry' in read) entries.push(read.entry);
  }

  const slugs = uniqueSlugs(entries, problems);
  const oldUrls = entries.map((entry, i) => {
    if (entry.draft) return [];
    // Jekyll puts the folder categories and the front matter ones in the URL (jekyllrb.com/docs/posts/#categories).
    const categories = [...entry.categories, ...(kind === 'jekyll' ? jekyllCategories(entry.file.data) : [])];
    const urls = conv.oldUrls({ file: entry.file, role: entry.kind, date: entry.date, fileSlug: entry.fileSlug, title: entry.title, categories });
    for (const message of urls.problems) problems.push({ source: `${entry.file.rel}:1`, message, lost: false });
    return [...new Set(urls.paths)].filter((p) => SITE_PATH.test(p) && p.length <= 1000);
  });
  // Readers' bookmarks hold the path under the old site's base (/blog/2019/…); bodies linked without it
  // through {{ site.baseurl }}, so both name the post.
  const base = conv.basePath ?? '';
  const redirects = oldUrls.map((paths, i) => [...new Set(paths.map((p) => `${base}${p}`))].filter((p) => p !== `/articles/${slugs[i]}`));
  const references = buildReferences(realRoot, entries.map((e, i) => ({
    rel: e.file.rel, base: e.file.base, slug: slugs[i] ?? e.slug, oldUrls: [...(redirects[i] ?? []), ...(oldUrls[i] ?? [])],
  })));
  const site = { root: realRoot, staticDirs: conv.staticDirs.map((d) => join(realRoot, d)), dialect: conv.dialect, references };

  const posts: ImportedPost[] = [];
  for (const [i, entry] of entries.entries()) {
    const converted = await convertBody(entry, site, oldUrls[i]?.[0], problems);
    const f = entry.fields;
    const tags = [...new Map([...f.tags, ...entry.categories].map((t) => [t.toLowerCase(), t])).values()];
    posts.push({
      kind: entry.kind,
      source: entry.file.rel,
      slug: slugs[i] ?? entry.slug,
      title: entry.title,
      date: entry.date,
      ...(f.updated ? { updated: f.updated } : {}),
      status: statusOf(entry, now),
      ...(f.author ? { author: f.author } : {}),
      tags,
      ...(f.description ? { description: f.description } : {}),
      ...(converted.image ? { image: converted.image } : {}),
      markdown: converted.markdown,
      assets: converted.assets.list(),
      redirectFrom: redirects[i] ?? [],
      comments: [],
      commentsOpen: f.commentsOpen,
    });
  }
  return { from: kind, posts, problems, imagesNotCopied: [] };
}
