import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSiteFolder } from '../../src/import/sites/index.js';
import { contentDir } from '../helpers/content-dir.js';
import { MAX_SOURCE_BYTES } from '../../src/import/sites/read-entry.js';

/** A site folder holding exactly these files, removed after the test. */
const site = contentDir;

describe('a site with bad files', () => {
  it('reports a post whose front matter cannot be read, with its line, and imports the others', async () => {
    const dir = site({
      '_config.yml': 'title: x\n',
      '_posts/2020-01-01-good.md': '---\ntitle: Good\n---\nFine.\n',
      '_posts/2020-01-02-bad.md': '---\ntitle: [unclosed\ndate: 2020-01-02\n---\nBroken.\n',
      '_posts/2020-01-03-huge.md': `---\ntitle: Huge\n---\n${'x'.repeat(MAX_SOURCE_BYTES)}`,
    });
    const batch = await readSiteFolder(dir, 'auto');
    expect(batch.posts.map((p) => p.slug)).toEqual(['good']);
    expect(batch.problems.map((p) => [p.source.replace(/:\d+$/, ''), p.lost])).toEqual([
      ['_posts/2020-01-02-bad.md', true],
      ['_posts/2020-01-03-huge.md', true],
    ]);
    expect(batch.problems[0]?.message).toMatch(/not valid YAML/);
  });

  it('never copies a file from outside the site folder, by relative path or through a link', async () => {
    const outside = site({ 'secret.png': 'not for the blog' });
    const dir = site({
      '_config.yml': 'title: x\n',
      '_posts/2020-01-01-escape.md': `---\ntitle: Escape\n---\n![a](../../${outside.split('/').pop()}/secret.png)\n\n![b](/assets/linked.png)\n`,
    });
    mkdirSync(join(dir, 'assets'));
    symlinkSync(join(outside, 'secret.png'), join(dir, 'assets', 'linked.png'));
    const batch = await readSiteFolder(dir, 'jekyll');
    expect(batch.posts[0]?.assets).toEqual([]);
    expect(batch.problems.filter((p) => p.lost).map((p) => p.source)).toEqual(['_posts/2020-01-01-escape.md:4', '_posts/2020-01-01-escape.md:6']);
  });

  it('gives two posts that want one slug different slugs, and says so', async () => {
    const dir = site({
      '_config.yml': 'title: x\n',
      '_posts/2020-01-01-hello.md': '---\ntitle: One\n---\n',
      '_posts/2021-01-01-hello.md': '---\ntitle: Two\n---\n',
    });
    const batch = await readSiteFolder(dir, 'jekyll');
    expect(batch.posts.map((p) => p.slug)).toEqual(['hello', 'hello-2']);
    expect(batch.problems).toEqual([expect.objectContaining({ source: '_posts/2021-01-01-hello.md:1', lost: false, message: expect.stringMatching(/already taken/) })]);
  });

  it('takes a missing title from the first heading, or from the file name with a note', async () => {
    const dir = site({
      'next.config.js': '',
      '_posts/first-heading.md': '# The real title\n\nText.\n',
      '_posts/no-title-at-all.md': 'Just text.\n',
    });
    const batch = await readSiteFolder(dir, 'auto');
    expect(batch.posts.map((p) => [p.slug, p.title, p.markdown])).toEqual([
      ['first-heading', 'The real title', 'Text.\n'],
      ['no-title-at-all', 'No title at all', 'Just text.\n'],
    ]);
    expect(batch.problems.map((p) => p.message).filter((m) => /title/.test(m))).toEqual([expect.stringMatching(/"No title at all" was made from its file name/)]);
  });
});
