import { join } from 'node:path';
import { slugify } from '../../content/slug.js';
import {
  baseName, folderOf, isIndexFile, isRepositoryDoc, normalizePermalink, sitePath, withoutExtension,
  type Classified, type OldUrls, type ToolConventions, type UrlFacts,
} from './conventions.js';
import { isFolder } from './site-config.js';

/**
 * Astro, Gatsby and Next.js keep posts as Markdown beside JavaScript that decides their URLs; that
 * code is not run, so each follows its official blog starter's layout and routes:
 * - Astro (docs.astro.build/en/guides/content-collections, the `blog` template): entries of
 *   `src/content/<collection>/` at `/<collection>/<id>/`, Markdown pages in `src/pages/` at their
 *   path; files starting with `_` are ignored by Astro; `public/` is served at the site root.
 * - Gatsby (gatsby-starter-blog): `content/blog/<slug>/index.md` at `/<slug>/` (createFilePath);
 *   `static/` is served at the site root.
 * - Next.js (the blog-starter example and the learn starter): `_posts/<slug>.md` or `posts/<id>.md`
 *   at `/posts/<slug>`, `data/blog` or `content/blog` at `/blog/<slug>`; `public/` at the site root.
 */

/** The entry id Astro's glob loader gives a file: its path in the collection without extension, slugged. */
function astroId(inCollection: string): string {
  const stem = withoutExtension(inCollection);
  const path = isIndexFile(baseName(inCollection)) && stem.includes('/') ? folderOf(stem) : stem;
  return path.split('/').map(slugify).join('/');
}

const slugOf = (facts: UrlFacts) => (typeof facts.file.data.slug === 'string' && facts.file.data.slug.trim() ? facts.file.data.slug.trim() : undefined);

const skipRepositoryDocs = (rel: string): Classified | undefined =>
  (isRepositoryDoc(baseName(rel)) ? { skip: 'is the repository\'s documentation, not a page of the site', lost: false } : undefined);

export async function astroConventions(): Promise<ToolConventions> {
  return {
    kind: 'astro',
    contentRoots: ['src/content', 'src/pages'],
    staticDirs: ['public'],
    dialect: 'plain',
    configProblems: [],
    skipFolder: () => false,
    classify(file): Classified {
      if (file.inBase.split('/').some((p) => p.startsWith('_'))) return { skip: 'starts with _, which Astro leaves out of the site', lost: false };
      const docs = skipRepositoryDocs(file.rel);
      if (docs) return docs;
      if (file.base === 'src/pages') return { role: 'page' };
      if (!file.inBase.includes('/')) return { skip: 'is not inside a collection folder (src/content/<collection>/)', lost: false };
      return { role: 'post' };
    },
    oldUrls(facts): OldUrls {
      if (facts.file.base === 'src/pages') {
        const stem = withoutExtension(facts.file.inBase);
        return { paths: [sitePath([isIndexFile(baseName(facts.file.inBase)) ? folderOf(stem) : stem], true)], problems: [] };
      }
      const [collection = '', ...rest] = facts.file.inBase.split('/');
      return { paths: [sitePath([collection, slugOf(facts) ?? astroId(rest.join('/'))], true)], problems: [] };
    },
  };
}

export async function gatsbyConventions(root: string): Promise<ToolConventions> {
  const candidates = ['content/blog', 'content/posts', 'content'];
  let base = 'content';
  for (const c of candidates) if (await isFolder(join(root, c))) { base = c; break; }
  return {
    kind: 'gatsby',
    contentRoots: [base],
    staticDirs: ['static'],
    dialect: 'plain',
    configProblems: [],
    skipFolder: () => false,
    classify: (file) => skipRepositoryDocs(file.rel) ?? { role: 'post' },
    oldUrls(facts): OldUrls {
      const paths: string[] = [];
      const stem = withoutExtension(facts.file.inBase);
      paths.push(sitePath([isIndexFile(baseName(facts.file.inBase)) ? folderOf(stem) : stem], true));
      // Older starters route by a `path` (or `slug`) written in front matter.
      for (const key of ['path', 'slug']) {
        const value = facts.file.data[key];
        if (typeof value === 'string' && value.startsWith('/')) paths.push(normalizePermalink(value));
      }
      return { paths, problems: [] };
    },
  };
}

const NEXT_FOLDERS: readonly { readonly folder: string; readonly route: string }[] = [
  { folder: '_posts', route: 'posts' },
  { folder: 'posts', route: 'posts' },
  { folder: 'content/posts', route: 'posts' },
  { folder: 'content/blog', route: 'blog' },
  { folder: 'data/blog', route: 'blog' },
];

export async function nextjsConventions(root: string): Promise<ToolConventions> {
  const present: typeof NEXT_FOLDERS[number][] = [];
  for (const f of NEXT_FOLDERS) if (await isFolder(join(root, f.folder))) present.push(f);
  return {
    kind: 'nextjs',
    contentRoots: present.map((f) => f.folder),
    staticDirs: ['public'],
    dialect: 'plain',
    configProblems: present.length ? [] : [`no posts folder: looked for ${NEXT_FOLDERS.map((f) => `${f.folder}/`).join(', ')}`],
    skipFolder: () => false,
    classify: (file) => skipRepositoryDocs(file.rel) ?? { role: 'post' },
    oldUrls(facts): OldUrls {
      const route = NEXT_FOLDERS.find((f) => f.folder === facts.file.base)?.route ?? 'posts';
      const stem = withoutExtension(facts.file.inBase);
      const id = isIndexFile(baseName(facts.file.inBase)) ? folderOf(stem) : stem;
      return { paths: [sitePath([route, slugOf(facts) ?? id], false)], problems: [] };
    },
  };
}
