import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportBatch, ImportedPost, ImportProblem } from '../../src/import/model.js';
import { readSiteFolder, type SiteKind } from '../../src/import/sites/index.js';

/** Sample sites written from each tool's documentation, one folder per tool. */
export const SITES = fileURLToPath(new URL('../fixtures/import/sites', import.meta.url));
export const SITE_NAMES = ['jekyll', 'hugo', 'eleventy', 'astro', 'gatsby', 'nextjs'] as const satisfies readonly SiteKind[];

const NOW = () => new Date('2026-06-01T00:00:00Z');

export const readFixture = (name: string, from: SiteKind | 'auto' = 'auto') => readSiteFolder(join(SITES, name), from, { now: NOW });

export function postOf(batch: ImportBatch, slug: string): ImportedPost {
  const found = batch.posts.find((p) => p.slug === slug);
  if (!found) throw new Error(`no post "${slug}" among ${batch.posts.map((p) => p.slug).join(', ')}`);
  return found;
}

/** Problems of one source file, as `line lost|note message`, for readable assertions. */
export const problemsOf = (batch: ImportBatch, file: string): ImportProblem[] =>
  batch.problems.filter((p) => p.source === file || p.source.startsWith(`${file}:`));

/** The Markdown a reader sees as text: fenced blocks and inline code spans removed. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n[ \t]*\2[ \t]*$/gm, '')
    .replace(/(`+)[^`][\s\S]*?\1/g, '');
}

/** Template syntax a reader would see: Liquid/Nunjucks tags and output, Hugo shortcodes. */
export const TEMPLATE_SYNTAX = /\{%|%\}|\{\{|\{#[^\n]*#\}/;

/** Every link, image and HTML src/href of a body that names a file of the bundle (not a URL, not a site path). */
export function bundleReferences(markdown: string): string[] {
  const prose = proseOf(markdown);
  const urls = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1] ?? ''),
    ...[...prose.matchAll(/\s(?:src|href|poster)\s*=\s*["']([^"']*)["']/g)].map((m) => m[1] ?? ''),
  ];
  return urls.filter((u) => u && !/^([a-z][a-z0-9+.-]*:|\/|#|\?)/i.test(u));
}
