import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleReferences, proseOf, readFixture, SITES, SITE_NAMES, TEMPLATE_SYNTAX } from './sites-samples.js';

/** Markdown files of a sample site that its tool never reads as content (templates, partials, docs outside the content folders). */
const NOT_CONTENT: Record<string, readonly string[]> = {
  jekyll: ['_includes/signature.md'],
  hugo: ['archetypes/default.md'],
  eleventy: [],
  astro: ['README.md'],
  gatsby: [],
  nextjs: ['README.md'],
};

function markdownFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path, root);
    return /\.(md|markdown|mdx)$/.test(name) ? [relative(root, path)] : [];
  });
}

describe.each(SITE_NAMES)('importing the %s sample site', (name) => {
  it('leaves no template syntax where readers would see it', async () => {
    for (const post of (await readFixture(name)).posts) {
      expect(proseOf(post.markdown), `${post.source}`).not.toMatch(TEMPLATE_SYNTAX);
      expect(proseOf(post.markdown), `${post.source}`).not.toMatch(/^\s*(import|export)\s/m);
    }
  });

  it('copies every local file a post refers to, from inside the site, under the name the body uses', async () => {
    for (const post of (await readFixture(name)).posts) {
      const names = post.assets.map((a) => a.name);
      for (const reference of bundleReferences(post.markdown)) expect(names, `${post.source}: ${reference}`).toContain(reference);
      if (post.image && !/^https?:/.test(post.image)) expect(names).toContain(post.image);
      for (const asset of post.assets) {
        expect(asset.from.startsWith(join(SITES, name))).toBe(true);
        expect(existsSync(asset.from)).toBe(true);
        expect(asset.name).toMatch(/^[\w.-]+$/);
      }
    }
  });

  it('accounts for every Markdown file: imported, or named in the problems with a reason', async () => {
    const batch = await readFixture(name);
    const imported = new Set(batch.posts.map((p) => p.source));
    const named = new Set(batch.problems.map((p) => p.source.replace(/:\d+$/, '')));
    const unaccounted = markdownFiles(join(SITES, name)).filter((f) => !imported.has(f) && !named.has(f) && !NOT_CONTENT[name]?.includes(f));
    expect(unaccounted).toEqual([]);
  });

  it('gives each post its own slug and only site paths as old URLs', async () => {
    const batch = await readFixture(name);
    const slugs = batch.posts.map((p) => p.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const post of batch.posts) {
      expect(post.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      for (const path of post.redirectFrom) expect(path).toMatch(/^\/(?!\/)[^\s#]*$/);
      if (post.status !== 'draft') expect(post.redirectFrom.length).toBeGreaterThan(0);
    }
  });
});
