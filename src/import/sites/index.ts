import type { ImportBatch } from '../model.js';

export const SITE_KINDS = ['jekyll', 'hugo', 'eleventy', 'astro', 'gatsby', 'nextjs'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** Reads a static site generator's folder; `auto` tells the kind from the files it holds. */
export async function readSiteFolder(root: string, from: SiteKind | 'auto'): Promise<ImportBatch> {
  throw new Error(`reading ${from} folders (${root}) is not available yet`);
}
