import type { ContentProblem } from '../errors.js';

/**
 * Markdown files in the content folder that are not read as articles, and why. A file left out
 * without a word looks like a bug to whoever moved a site in; each one is named with what to do.
 * Pure: the loader walks the folder and asks here.
 */

/** Files that hold Markdown, whether or not this blog reads them. */
export const MARKDOWN_LIKE = /\.(md|markdown|mdx)$/i;

/** Folders below the content folder that are walked at most, looking for Markdown files not read. */
export const MAX_SKIP_DEPTH = 8;
/** Markdown files not read that are listed at most; one more problem says the list stops there. */
export const MAX_SKIPPED_LISTED = 10_000;

/** Folders never looked into, and never reported: tools' own (.git, .obsidian) and installed packages. */
export const isHiddenFolder = (name: string) => name.startsWith('.') || name === 'node_modules';

const IMPORT = 'npm run import -- <site folder> --from <generator>';

/** What the folder a skipped file sits in holds, as far as the reason depends on it. */
export interface FolderShape {
  /** The top-level folder has an index.md (or index.markdown) that is read as the bundle's article. */
  readonly bundleIndex?: string;
  /** The top-level folder has no index and this is its only Markdown file. */
  readonly loneMarkdown?: boolean;
}

const baseName = (name: string) => name.replace(/\.(md|markdown|mdx)$/i, '');

/** Why the Markdown file at `rel` (relative to the content folder, forward slashes) is not read, and what to do. */
export function whyNotRead(rel: string, shape: FolderShape = {}): string {
  const parts = rel.split('/');
  const name = parts.at(-1) ?? rel;
  const folders = parts.slice(0, -1);
  if (/\.mdx$/i.test(name)) {
    return `MDX is not read: remove its import lines and components and rename it ${baseName(name)}.md, or convert the site with npm run import -- <site folder> --from astro`;
  }
  const jekyll = folders.find((f) => f === '_posts' || f === '_drafts');
  if (jekyll) return `Jekyll's ${jekyll} folder is not read: run npm run import -- <Jekyll site folder> --from jekyll`;
  if (/^_index\.(md|markdown)$/i.test(name)) {
    return `${name} is Hugo's section list page, not an article; it is not read, as this blog makes its own lists. Move any text worth keeping into an article`;
  }
  const hidden = folders.find((f) => f.startsWith('_'));
  if (hidden) return `folders whose name starts with _ are not read (${hidden}/); move ${name} to the top of the content folder to publish it`;
  if (folders.length === 0) return `files whose name starts with _ are not read; rename it to ${name.replace(/^_+/, '')} to publish it`;
  if (folders.length === 1 && shape.bundleIndex) {
    return /^index\./i.test(name)
      ? `${folders[0]}/ has both ${shape.bundleIndex} and ${name}; only ${shape.bundleIndex} is read. Remove or rename ${name}`
      : `only a bundle's ${shape.bundleIndex} is read as its article; move ${name} to the top of the content folder to publish it on its own`;
  }
  if (folders.length === 1 && shape.loneMarkdown) {
    return `a bundle's article must be named index.md: rename ${rel} to ${folders[0]}/index.md`;
  }
  const target = /^index\./i.test(name) ? `the folder ${folders.join('/')} to ${folders.at(-1)}/` : `it to ${name}`;
  return `only <slug>.md and <slug>/index.md at the top of the content folder are read; move ${target} there, or convert the site with ${IMPORT}`;
}

/** The Markdown files not read, collected while the folder is walked, up to MAX_SKIPPED_LISTED. */
export interface SkippedFiles {
  add(rel: string, shape?: FolderShape): void;
  /** True once the list is full: walking deeper would only find more of the same. */
  readonly full: boolean;
  /** One warning per file, sorted by path, and one more when the list stopped. */
  problems(): ContentProblem[];
  /** Takes back the files `test` is true of: they turned out to be read after all. */
  forget(test: (rel: string) => boolean): void;
  /** The first file listed, by path, if any. */
  first(): string | undefined;
  readonly count: number;
}

export function createSkippedFiles(max = MAX_SKIPPED_LISTED): SkippedFiles {
  let listed: ContentProblem[] = [];
  let stopped = false;
  const byFile = (a: ContentProblem, b: ContentProblem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    add(rel, shape) {
      if (listed.length >= max) stopped = true;
      else listed.push({ severity: 'warning', file: rel, line: 1, message: whyNotRead(rel, shape) });
    },
    get full() {
      return listed.length >= max;
    },
    get count() {
      return listed.length;
    },
    forget(test) {
      listed = listed.filter((p) => !test(p.file));
    },
    first: () => [...listed].sort(byFile)[0]?.file,
    problems() {
      const sorted = [...listed].sort(byFile);
      if (stopped || listed.length >= max) {
        sorted.push({ severity: 'warning', file: '.', line: 1, message: `the list of Markdown files that are not read stops at ${max.toLocaleString('en')}; there may be more` });
      }
      return sorted;
    },
  };
}

/** The error for a content folder whose Markdown files are all in places that are not read. */
export function nothingReadProblem(skipped: SkippedFiles): ContentProblem {
  const count = skipped.full ? `more than ${skipped.count.toLocaleString('en')}` : String(skipped.count);
  return {
    severity: 'error',
    file: '.',
    line: 1,
    message: `no article is read from the content folder: its ${count} Markdown file${skipped.count === 1 ? ' is' : 's are'} all in places that are not read ` +
      `(e.g. ${skipped.first()}; see the warnings). Articles are <slug>.md, <slug>.markdown or <slug>/index.md at the top of the folder`,
  };
}
