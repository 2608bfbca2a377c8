import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSiteKind, SiteDetectionError } from '../../src/import/sites/detect.js';
import { readSiteFolder } from '../../src/import/sites/index.js';
import { contentDir } from '../helpers/content-dir.js';
import { SITES, SITE_NAMES } from './sites-samples.js';

/** A site folder holding exactly these files, removed after the test. */
const folder = contentDir;

describe('telling which tool built a site', () => {
  it.each(SITE_NAMES)('recognises the %s sample site', async (name) => {
    expect(await detectSiteKind(join(SITES, name))).toBe(name);
  });

  it('knows Hugo before 0.110 by config.toml beside content/ and archetypes/', async () => {
    expect(await detectSiteKind(folder({ 'config.toml': "title = 'x'", 'content/a.md': '', 'archetypes/default.md': '' }))).toBe('hugo');
  });

  it('prefers next.config.js over a _posts folder (the Next.js blog starter has both)', async () => {
    expect(await detectSiteKind(folder({ 'next.config.js': '', '_posts/a.md': '' }))).toBe('nextjs');
  });

  it('lists what it looked for when it cannot tell', async () => {
    const dir = folder({ 'notes.md': '# Notes' });
    const error = await detectSiteKind(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteDetectionError);
    expect((error as Error).message).toMatch(/_config\.yml/);
    expect((error as Error).message).toMatch(/hugo\.toml/);
    expect((error as Error).message).toMatch(/--from jekyll\|hugo\|eleventy\|astro\|gatsby\|nextjs/);
  });

  it('reads a folder as the tool named with --from, whatever it holds', async () => {
    const dir = folder({ '_posts/2020-02-02-hi.md': '---\ntitle: Hi\n---\nHello.', 'next.config.js': '' });
    const batch = await readSiteFolder(dir, 'jekyll');
    expect(batch.from).toBe('jekyll');
    expect(batch.posts.map((p) => [p.slug, p.date])).toEqual([['hi', '2020-02-02']]);
  });

  it('says so when the folder does not exist', async () => {
    await expect(readSiteFolder(join(tmpdir(), 'no-such-site-folder-x'), 'auto')).rejects.toThrow(/no such folder/);
  });
});
