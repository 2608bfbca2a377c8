import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const SITE_KINDS = ['jekyll', 'hugo', 'eleventy', 'astro', 'gatsby', 'nextjs'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What tells each tool apart, in the order checked: a Next.js blog may keep `_posts/` as Jekyll does. */
const SIGNS: readonly { readonly kind: SiteKind; readonly files: readonly RegExp[]; readonly describe: string }[] = [
  { kind: 'astro', files: [/^astro\.config\.(m?js|cjs|m?ts)$/], describe: 'astro.config.* (Astro)' },
  { kind: 'gatsby', files: [/^gatsby-config\.(m?js|cjs|m?ts)$/], describe: 'gatsby-config.* (Gatsby)' },
  { kind: 'nextjs', files: [/^next\.config\.(m?js|cjs|m?ts)$/], describe: 'next.config.* (Next.js)' },
  { kind: 'eleventy', files: [/^\.eleventy\.(c?js|mjs)$/, /^eleventy\.config\.(c?js|mjs|ts)$/], describe: '.eleventy.js or eleventy.config.* (Eleventy)' },
  { kind: 'hugo', files: [/^hugo\.(toml|ya?ml|json)$/], describe: 'hugo.toml, hugo.yaml or hugo.json (Hugo)' },
];

export class SiteDetectionError extends Error {
  constructor(readonly root: string, readonly lookedFor: readonly string[]) {
    super(`${root}: cannot tell which tool built this site. Looked for ${lookedFor.join('; ')}. ` +
      'Name it with --from jekyll|hugo|eleventy|astro|gatsby|nextjs');
    this.name = 'SiteDetectionError';
  }
}

const isFolder = async (path: string) => (await stat(path).catch(() => undefined))?.isDirectory() ?? false;

/** Tells which tool a site folder is for from the files at its top. */
export async function detectSiteKind(root: string): Promise<SiteKind> {
  const names = await readdir(root).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${root}: cannot read the site folder (${err.code ?? err.message})`);
  });
  for (const sign of SIGNS) if (names.some((name) => sign.files.some((f) => f.test(name)))) return sign.kind;
  // Hugo before 0.110 used config.toml; the content/ folder and archetypes/ or layouts/ beside it tell it apart.
  if (names.some((n) => /^config\.(toml|ya?ml|json)$/.test(n)) && (await isFolder(join(root, 'content')))
    && ((await isFolder(join(root, 'archetypes'))) || (await isFolder(join(root, 'layouts'))) || (await isFolder(join(root, 'themes'))))) {
    return 'hugo';
  }
  if (names.includes('_config.yml') || names.includes('_config.yaml') || (await isFolder(join(root, '_posts')))) return 'jekyll';
  throw new SiteDetectionError(root, [
    ...SIGNS.map((s) => s.describe),
    'config.toml with content/ and archetypes/ or layouts/ (Hugo)',
    '_config.yml or _posts/ (Jekyll)',
  ]);
}
