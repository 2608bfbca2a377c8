import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openJsonFileStore } from '../../src/comments/json-file-store.js';
import type { ImportBatch, ImportedComment, ImportedPost } from '../../src/import/model.js';
import { exitCodeFor, formatSummary } from '../../src/import/summary.js';
import { writeBatch } from '../../src/import/write-batch.js';
import { readStoredComments } from '../helpers/stored-comments.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-write-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openStore(file: string) {
  const store = await openJsonFileStore(file);
  onTestFinished(() => store.close());
  return store;
}

const comment = (sourceId: string, parentSourceId: string | null, createdAt: string): ImportedComment => ({
  sourceId, parentSourceId, author: `Reader ${sourceId}`, email: 'r@example.org', url: null, text: `Words ${sourceId}`, status: 'approved', createdAt,
});

const post = (slug: string, over: Partial<ImportedPost> = {}): ImportedPost => ({
  kind: 'post', source: `WordPress post ${slug}`, slug, title: `Title ${slug}`, date: '2019-05-03T10:00:00+02:00', status: 'published',
  tags: [], markdown: `Body of ${slug}.`, assets: [], redirectFrom: [`/2019/05/${slug}/`], comments: [], commentsOpen: true, ...over,
});

const batchOf = (posts: ImportedPost[]): ImportBatch => ({ from: 'wordpress', posts, problems: [], imagesNotCopied: [] });

/** Every file under a folder with its bytes, to compare two states of it. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name).slice(dir.length)] = readFileSync(join(entry.parentPath, entry.name), 'base64');
  }
  return out;
}

describe('writeBatch', () => {
  it('writes each post as a bundle with its assets, and stores its comments threaded, replies after parents', async () => {
    const dir = tempDir();
    const image = join(dir, 'source.png');
    writeFileSync(image, 'PNG');
    const store = await openStore(join(dir, 'comments.json'));
    const out = join(dir, 'content');
    const report = await writeBatch(batchOf([post('garden', {
      assets: [{ name: 'bell.png', from: image }, { name: 'images/a.png', from: image }],
      // The reply is listed first and is older than its parent: it must still be stored after it.
      comments: [comment('2', '1', '2019-05-03T08:00:00Z'), comment('1', null, '2019-05-03T09:00:00Z')],
    })]), { out, store, dryRun: false });

    expect(readdirSync(out)).toEqual(['garden']);
    expect(readFileSync(join(out, 'garden/index.md'), 'utf8')).toContain('title: "Title garden"');
    expect(readFileSync(join(out, 'garden/images/a.png'), 'utf8')).toBe('PNG');
    expect(report.assetsCopied).toBe(2);
    expect(readStoredComments(join(dir, 'comments.json')).map((c) => [c.id, c.article, c.parent])).toEqual([
      ['wordpress-2', 'garden', 'wordpress-1'], ['wordpress-1', 'garden', null],
    ]);
  });

  it('never overwrites: an existing bundle, .md or .markdown file keeps the article as it is, and a second run adds nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'content');
    mkdirSync(join(out, 'mine'), { recursive: true });
    writeFileSync(join(out, 'mine/index.md'), 'my own');
    writeFileSync(join(out, 'single.md'), 'my file');
    writeFileSync(join(out, 'legacy.markdown'), 'old file');
    const batch = batchOf(['mine', 'single', 'legacy', 'fresh'].map((s) => post(s, { comments: [comment(`${s}-1`, null, '2019-05-03T09:00:00Z')] })));
    const file = join(dir, 'comments.json');

    const first = await writeBatch(batch, { out, store: await openStore(file), dryRun: false });
    expect(first.alreadyThere.map((a) => a.existing)).toEqual(['mine', 'single.md', 'legacy.markdown']);
    expect(first.written.map((p) => p.slug)).toEqual(['fresh']);
    expect(readFileSync(join(out, 'mine/index.md'), 'utf8')).toBe('my own');
    // Comments of articles that were already there are imported all the same.
    expect(first.comments.approved).toBe(4);

    const files = snapshot(out);
    const comments = readStoredComments(file);
    const second = await writeBatch(batch, { out, store: await openStore(file), dryRun: false });
    expect(second.written).toEqual([]);
    expect(second.commentsAlreadyThere).toBe(4);
    expect(snapshot(out)).toEqual(files);
    expect(readStoredComments(file)).toEqual(comments);
    expect(formatSummary(batch, second, { source: 'x.xml', out: 'content', dryRun: false, uploadsGiven: false }))
      .toContain('Nothing new to write: every article of the source is already in the content folder.');
  });

  it('in a dry run writes nothing at all, yet reports what it would write', async () => {
    const dir = tempDir();
    const out = join(dir, 'content');
    const report = await writeBatch(batchOf([post('a', { comments: [comment('1', null, '2019-05-03T09:00:00Z')] })]), { out, store: undefined, dryRun: true });
    expect(readdirSync(dir)).toEqual([]);
    expect(report.written.map((p) => p.slug)).toEqual(['a']);
    expect(report.comments.approved).toBe(1);
  });

  it('gives a slug used twice in one batch a -2 suffix and reports it', async () => {
    const out = join(tempDir(), 'content');
    const report = await writeBatch(batchOf([post('same'), post('same', { source: 'WordPress post 2' })]), { out, store: undefined, dryRun: false });
    expect(readdirSync(out).sort()).toEqual(['same', 'same-2']);
    expect(report.problems).toEqual([{ source: 'WordPress post 2', message: 'the slug "same" is used by another item of this import; this one is at /articles/same-2', lost: false }]);
  });

  it('stores a reply whose parent is missing as a top-level comment and says so', async () => {
    const dir = tempDir();
    const report = await writeBatch(batchOf([post('a', { comments: [comment('7', '99', '2019-05-03T09:00:00Z')] })]),
      { out: join(dir, 'content'), store: await openStore(join(dir, 'c.json')), dryRun: false });
    expect(readStoredComments(join(dir, 'c.json'))[0]?.parent).toBeNull();
    expect(report.problems[0]?.message).toBe('comment 7 answers comment 99, which is not imported; it is shown as a top-level comment');
  });

  it('leaves no half-written bundle when a file cannot be copied, and exits non-zero for the loss', async () => {
    const dir = tempDir();
    const out = join(dir, 'content');
    const batch = batchOf([post('a', { assets: [{ name: 'gone.png', from: join(dir, 'missing.png') }, { name: '../escape.png', from: join(dir, 'x') }] })]);
    const report = await writeBatch(batch, { out, store: undefined, dryRun: false });
    expect(readdirSync(out)).toEqual(['a']);
    expect(readdirSync(join(out, 'a'))).toEqual(['index.md']);
    expect(report.problems.map((p) => p.lost)).toEqual([true, true]);
    expect(exitCodeFor(batch, report)).toBe(1);
    expect(exitCodeFor(batchOf([]), { ...report, problems: [] })).toBe(0);
  });
});
