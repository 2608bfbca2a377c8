import { dirname } from 'node:path';
import type { ImportProblem } from '../model.js';
import { BundleAssets, resolveReference, rewriteReferences } from './assets.js';
import type { BodyContext } from './body-context.js';
import { replaceOutsideCode } from './code-regions.js';
import type { Dialect } from './conventions.js';
import { convertHugoShortcodes } from './hugo-shortcodes.js';
import { convertLiquid } from './liquid.js';
import { convertMdx } from './mdx.js';
import type { Entry } from './read-entry.js';
import type { References } from './references.js';

/** A post's body as this blog renders it, the files it uses, and its cover image. */
export interface ConvertedBody {
  readonly markdown: string;
  readonly assets: BundleAssets;
  readonly image?: string;
}

export interface BodySite {
  readonly root: string;
  readonly staticDirs: readonly string[];
  readonly dialect: Dialect;
  readonly references: References;
}

/**
 * kramdown's attribute lists (`{: .notice}`, `{:toc}`) and Goldmark's heading attributes
 * (`## Title {#id}`) would show as text: they are dropped.
 */
function removeAttributeLists(markdown: string, ctx: BodyContext): string {
  // `* TOC` followed by `{:toc}` is where kramdown put a table of contents: both lines go.
  let text = replaceOutsideCode(markdown, /^[ \t]*(?:[*+-]|1\.)[ \t]+[^\n]*\n(?=[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$)/gm, ctx.firstLine, () => '\n');
  text = replaceOutsideCode(text, /^[ \t]*\{:[^}\n]*\}[ \t]*$/gm, ctx.firstLine, (m, line) => {
    if (/toc/.test(m[0])) ctx.problem(line, `${m[0].trim()} was removed: the table of contents kramdown built here is not made by this blog`, false);
    return '';
  });
  text = replaceOutsideCode(text, /^(#{1,6}[ \t].*?)[ \t]+\{[#.][^}\n]*\}[ \t]*$/gm, ctx.firstLine, (m) => m[1] ?? '');
  return replaceOutsideCode(text, /([)\]])\{:[^}\n]*\}/g, ctx.firstLine, (m) => m[1] ?? '');
}

export async function convertBody(entry: Entry, site: BodySite, oldUrl: string | undefined, problems: ImportProblem[]): Promise<ConvertedBody> {
  const found: { line: number; problem: ImportProblem }[] = [];
  const ctx: BodyContext = {
    firstLine: entry.bodyLine,
    resolvePost: (reference) => site.references.resolvePost(reference),
    problem: (line, message, lost) => found.push({ line, problem: { source: `${entry.file.rel}:${line}`, message, lost } }),
  };
  try {
    return await convert(entry, site, oldUrl, ctx);
  } finally {
    // Each conversion pass reports as it goes: the summary lists them in the order of the file.
    problems.push(...found.sort((a, b) => a.line - b.line).map((f) => f.problem));
  }
}

async function convert(entry: Entry, site: BodySite, oldUrl: string | undefined, ctx: BodyContext): Promise<ConvertedBody> {
  let markdown = entry.body;
  if (/\.mdx$/i.test(entry.file.rel)) markdown = convertMdx(markdown, ctx);
  if (site.dialect === 'liquid') markdown = convertLiquid(markdown, ctx);
  if (site.dialect === 'hugo') markdown = convertHugoShortcodes(markdown, ctx);
  if (site.dialect !== 'plain') markdown = removeAttributeLists(markdown, ctx);
  const assets = new BundleAssets();
  const refs = {
    root: site.root,
    fileDir: dirname(entry.abs),
    staticDirs: site.staticDirs,
    ...(oldUrl ? { oldUrl } : {}),
    firstLine: entry.bodyLine,
    postAtPath: site.references.postAtPath,
    postAtOldUrl: site.references.postAtOldUrl,
    problem: ctx.problem,
  };
  markdown = await rewriteReferences(markdown, refs, assets);
  let image: string | undefined;
  const imageRef = entry.fields.imageRef;
  if (imageRef) {
    const outcome = await resolveReference(imageRef, refs, assets);
    if ('asset' in outcome) image = outcome.asset;
    else if ('keep' in outcome && /^https?:\/\//i.test(imageRef)) image = imageRef;
    else ctx.problem(1, `its cover image ${imageRef} was not found${'missing' in outcome ? ` (${outcome.missing})` : ''}; the article has none`, true);
  }
  return { markdown: tidy(markdown), assets, ...(image ? { image } : {}) };
}

/** Blank lines left by removed statements: at most one in a row, none at the ends. */
const tidy = (markdown: string) => `${replaceOutsideCode(markdown, /\n[ \t]*\n(?:[ \t]*\n)+/g, 1, () => '\n\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd()}\n`;
