import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openJsonFileStore } from '../../src/comments/json-file-store.js';
import { readWordPressExport } from '../../src/import/wordpress/read-export.js';
import { parseWxrFile } from '../../src/import/wordpress/wxr-parse.js';
import { writeBatch } from '../../src/import/write-batch.js';
import { runScript } from '../helpers/run-script.js';
import { readStoredComments } from '../helpers/stored-comments.js';
import { makeTestApp } from '../helpers/test-app.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/wordpress/', import.meta.url));
const SMALL_EXPORT = join(FIXTURES, 'moving-in.wordpress.xml');
const THEME_EXPORT = join(FIXTURES, 'themeunittestdata.wordpress.xml');

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-cmd-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under a folder with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), 'base64');
  }
  return out;
}

const importCommand = (dir: string, ...args: string[]) =>
  runScript('scripts/import.ts', args, { COMMENTS_FILE: join(dir, 'comments.json'), CONTENT_DIR: join(dir, 'content') });

describe('npm run import (WordPress export)', () => {
  it('writes bundles, copies uploads, stores comments, prints the summary and exits 1 because something was lost', async () => {
    const dir = tempDir();
    const run = await importCommand(dir, SMALL_EXPORT, '--uploads', join(FIXTURES, 'uploads'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Articles written: 11 (10 posts, 1 page)');
    expect(run.stdout).toContain('published: 6, scheduled: 1 (they appear by themselves on their date), drafts: 4 (1 of them private on the old site)');
    expect(run.stdout).toContain('Images and files copied: 4');
    expect(run.stdout).toContain('Old URLs redirected (301) to the written articles: 22 (7 of them once their drafts are published)');
    expect(run.stdout).toContain('Comments imported: 7 (4 approved, 1 pending, 1 spam, 1 trash)');
    expect(run.stdout).toContain('WordPress post 10: shortcode [pollmaker] is not supported: it was removed with what it showed');
    expect(run.stdout).toContain('WordPress post 16: "Thrown away" was in the trash on WordPress; not imported');
    expect(readdirSync(join(dir, 'content/reading-garden')).sort()).toEqual(['bell.png', 'cover.gif', 'index.md']);
    expect(readStoredComments(join(dir, 'comments.json'))).toHaveLength(7);
  }, 30_000);

  it('changes nothing on a second run and says so', async () => {
    const dir = tempDir();
    await importCommand(dir, SMALL_EXPORT, '--uploads', join(FIXTURES, 'uploads'));
    const files = snapshot(join(dir, 'content'));
    const comments = readFileSync(join(dir, 'comments.json'), 'utf8');
    const again = await importCommand(dir, SMALL_EXPORT, '--uploads', join(FIXTURES, 'uploads'));
    expect(again.stdout).toContain('Articles written: 0 (0 posts, 0 pages)');
    expect(again.stdout).toContain('Already there, left as they were: 11 articles');
    expect(again.stdout).toContain('7 already there, not added again');
    expect(snapshot(join(dir, 'content'))).toEqual(files);
    expect(readFileSync(join(dir, 'comments.json'), 'utf8')).toBe(comments);
  }, 30_000);

  it('writes nothing at all with --dry-run', async () => {
    const dir = tempDir();
    const run = await importCommand(dir, SMALL_EXPORT, '--dry-run', '--out', join(dir, 'elsewhere'));
    expect(run.stdout).toContain('(dry run: nothing was written)');
    expect(run.stdout).toContain('Articles would be written: 11');
    expect(readdirSync(dir)).toEqual([]);
  }, 30_000);

  it('exits 0 when nothing was lost', async () => {
    const dir = tempDir();
    const file = join(dir, 'clean.xml');
    writeFileSync(file, readFileSync(SMALL_EXPORT, 'utf8').replace(/\[pollmaker id="3"\]/, '').replace('<![CDATA[letmein]]>', '<![CDATA[]]>'));
    const run = await importCommand(dir, file);
    expect(run.stdout).toContain('Everything was brought over.');
    expect(run.code).toBe(0);
  }, 30_000);

  it('refuses a file that is not a WordPress export, and a missing source, with what to give instead', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.xml'), '<notes><note>hi</note></notes>');
    const notWxr = await importCommand(dir, join(dir, 'notes.xml'));
    expect(notWxr.code).toBe(2);
    expect(notWxr.stderr).toContain('is not a WordPress export (WXR): it starts with <notes>');
    const missing = await importCommand(dir, join(dir, 'nope.xml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist. Give the path of a WordPress export file (.xml) or of a site folder.');
    expect(existsSync(join(dir, 'content'))).toBe(false);
  }, 30_000);
});

describe('the WordPress theme test export, imported', () => {
  it('serves every published post and page at its new URL, redirects every old URL to it, threads every comment, and a second import changes nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'content');
    const commentsFile = join(dir, 'comments.json');
    const importOnce = async () => {
      const store = await openJsonFileStore(commentsFile);
      try {
        return await writeBatch(await readWordPressExport(THEME_EXPORT), { out, store, dryRun: false });
      } finally {
        await store.close();
      }
    };
    const report = await importOnce();
    const published = report.written.filter((p) => p.status === 'published');
    expect(published.length).toBeGreaterThan(70);

    const { web } = await makeTestApp({ contentDir: out, env: { COMMENTS_FILE: commentsFile } });
    const agent = request(web.handle);
    for (const p of published) {
      const url = `/articles/${encodeURIComponent(p.slug)}`;
      expect((await agent.get(url)).status, url).toBe(200);
      for (const old of p.redirectFrom) {
        const res = await agent.get(old);
        expect([res.status, res.headers.location], `${old} → ${url}`).toEqual([301, url]);
      }
    }

    // Every comment of the export (pingbacks and trackbacks aside) is stored under its parent, with its status.
    const stored = new Map(readStoredComments(commentsFile).map((c) => [c.id, c]));
    const status: Record<string, string> = { 1: 'approved', 0: 'pending', spam: 'spam', trash: 'trash' };
    const wxr = await parseWxrFile(THEME_EXPORT);
    let checked = 0;
    for (const item of wxr.items) {
      if (!['post', 'page'].includes(item.fields.get('wp:post_type')?.trim() ?? '')) continue;
      for (const c of item.comments.filter((x) => !x.type || x.type === 'comment')) {
        const mine = stored.get(`wordpress-${c.id}`);
        expect(mine?.status, `comment ${c.id}`).toBe(status[c.approved]);
        expect(mine?.parent, `comment ${c.id}`).toBe(c.parent === '0' ? null : `wordpress-${c.parent}`);
        checked += 1;
      }
    }
    expect(checked).toBe(stored.size);
    const page = cheerio.load((await agent.get('/articles/template-comments')).text);
    expect(page('#comment-wordpress-905').parent().closest('li').attr('id')).toBe('comment-wordpress-904');

    const files = snapshot(out);
    const comments = readFileSync(commentsFile, 'utf8');
    const second = await importOnce();
    expect(second.written).toEqual([]);
    expect(second.commentsAlreadyThere).toBe(stored.size);
    expect(snapshot(out)).toEqual(files);
    expect(readFileSync(commentsFile, 'utf8')).toBe(comments);
  }, 120_000);
});
