import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSource } from '../../src/content/front-matter.js';
import { checkContent } from '../../src/editor/check-content.js';
import { runScript } from '../helpers/run-script.js';


let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inkwell-new-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run new -- …args` (tsx scripts/new-article.ts) with the temp folder as CONTENT_DIR. */
const runNew = (...args: string[]) => runScript('scripts/new-article.ts', args, { CONTENT_DIR: dir });

/** Every file under the temp folder with its bytes, to show that nothing was written or changed. */
async function snapshot(): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const texts = await Promise.all(files.map((f) => readFile(f, 'base64')));
  return Object.fromEntries(files.map((f, i) => [f.slice(dir.length + 1), texts[i]!]));
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

describe('npm run new (scripts/new-article.ts)', () => {
  it('creates a draft named after the title, with front matter the site accepts', async () => {
    const before = utcDay(new Date());
    const run = await runNew('Communication & Trust: Part 2', '--tags', 'a,b');
    const after = utcDay(new Date());
    const path = join(dir, 'communication-trust-part-2.md');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Created ${path} (a draft: remove "draft: true" to publish).\n`);
    expect(await readdir(dir)).toEqual(['communication-trust-part-2.md']);

    const parsed = parseSource(await readFile(path, 'utf8'), 'communication-trust-part-2.md');
    if (!parsed.ok) throw new Error(`the new file does not parse: ${JSON.stringify(parsed.problems)}`);
    const fm = parsed.value.frontMatter;
    expect(fm.title).toBe('Communication & Trust: Part 2');
    expect([before, after]).toContain(utcDay(fm.date));
    expect(fm.date.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(fm.tags).toEqual(['a', 'b']);
    expect(fm.draft).toBe(true);
    expect(parsed.value.warnings).toEqual([]);

    const report = await checkContent(dir, new Date());
    expect(report.problems).toEqual([]);
    expect(report.articles).toBe(1);
    expect(report.notLive).toEqual([{ file: 'communication-trust-part-2.md', title: 'Communication & Trust: Part 2', reason: 'draft' }]);
  });

  it('writes tags that look like numbers, booleans or dates so they still read back as text', async () => {
    const tags = ['2024', 'true', 'null', '0x1F', '2024-03-05', 'c++', 'q&a', 'news'];
    const run = await runNew('Year in Review', '--tags', tags.join(','));
    expect(run.code).toBe(0);
    const parsed = parseSource(await readFile(join(dir, 'year-in-review.md'), 'utf8'), 'year-in-review.md');
    if (!parsed.ok) throw new Error(`the new file does not parse: ${JSON.stringify(parsed.problems)}`);
    expect(parsed.value.frontMatter.tags).toEqual(tags);
    expect((await checkContent(dir, new Date())).problems).toEqual([]);
  });

  it('drops accents from Latin letters in the file name', async () => {
    const run = await runNew('Café Ünïcode');
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toEqual(['cafe-unicode.md']);
    const parsed = parseSource(await readFile(join(dir, 'cafe-unicode.md'), 'utf8'), 'cafe-unicode.md');
    expect(parsed.ok && parsed.value.frontMatter.title).toBe('Café Ünïcode');
  });

  it('keeps the letters of non-Latin titles in the file name', async () => {
    const run = await runNew('東京の図書館');
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toEqual(['東京の図書館.md']);
    const report = await checkContent(dir, new Date());
    expect(report.problems).toEqual([]);
    expect(report.notLive.map((n) => n.title)).toEqual(['東京の図書館']);
  });

  it('creates a bundle folder with index.md when asked for --bundle', async () => {
    const run = await runNew('Photo Walk', '--bundle');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Created ${join(dir, 'photo-walk', 'index.md')} (a draft: remove "draft: true" to publish).\n`);
    expect(Object.keys(await snapshot())).toEqual([join('photo-walk', 'index.md')]);
    const report = await checkContent(dir, new Date());
    expect(report.problems).toEqual([]);
    expect(report.notLive.map((n) => n.file)).toEqual(['photo-walk/index.md']);
  });

  it('refuses a title whose article file already exists and leaves that file untouched', async () => {
    const existing = '---\ntitle: "Mine"\ndate: 2024-03-05\n---\n\nHand-written text, not a template.\n';
    await writeFile(join(dir, 'communication-trust-part-2.md'), existing);
    const before = await snapshot();
    const run = await runNew('Communication & Trust: Part 2');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('already exists');
    expect(run.stderr).toContain('"communication-trust-part-2"');
    expect(run.stdout).toBe('');
    expect(await snapshot()).toEqual(before);
    expect(await readFile(join(dir, 'communication-trust-part-2.md'), 'utf8')).toBe(existing);
  });

  it('refuses a title whose slug a bundle already has, with or without --bundle', async () => {
    await mkdir(join(dir, 'photo-walk'));
    await writeFile(join(dir, 'photo-walk', 'index.md'), '---\ntitle: "Walk"\ndate: 2024-03-05\n---\n\nMine.\n');
    await writeFile(join(dir, 'photo-walk', 'street.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const before = await snapshot();
    for (const args of [['Photo Walk'], ['Photo Walk', '--bundle']]) {
      const run = await runNew(...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('already exists');
      expect(await snapshot()).toEqual(before);
    }
  });

  it('refuses a title whose slug a date-prefixed file already has', async () => {
    await writeFile(join(dir, '2024-03-05-photo-walk.md'), '---\ntitle: "Walk"\ndate: 2024-03-05\n---\n\nMine.\n');
    const before = await snapshot();
    const run = await runNew('Photo Walk', '--bundle');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('already exists');
    expect(await snapshot()).toEqual(before);
  });

  it('asks for a title when it is missing or blank, and writes nothing', async () => {
    for (const args of [[], [''], ['   ']]) {
      const run = await runNew(...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('Give the article a title: npm run new -- "My title"\n');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
