import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import {
  CommentsFileError, FORMAT_NAME, FORMAT_VERSION, journalFileOf, journalLines, parseComments, serializeComments,
} from '../../src/comments/document.js';
import { openJsonFileStore, type JsonFileStore } from '../../src/comments/json-file-store.js';
import { numberedComment, readStoredComments } from '../helpers/stored-comments.js';

// Pass-through spies: tests count how often the store replaced the file or wrote to the journal,
// and make one read slow.
const { journalWrites } = vi.hoisted(() => ({ journalWrites: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    if (String(args[0]).endsWith('.journal')) {
      const write = handle.write.bind(handle);
      handle.write = ((...more: unknown[]) => {
        journalWrites.push(String(args[0]));
        return (write as (...a: unknown[]) => unknown)(...more);
      }) as typeof handle.write;
    }
    return handle;
  };
  return { ...real, rename: vi.fn(real.rename), readFile: vi.fn(real.readFile), open };
});
const realFs = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');

/** Makes the store's next whole-file read run `meanwhile` after reading and before returning what it read. */
function slowNextRead(meanwhile: () => Promise<unknown>) {
  vi.mocked(readFile).mockImplementationOnce((async (path: string, options: BufferEncoding) => {
    const text = await realFs.readFile(path, options);
    await meanwhile();
    return text;
  }) as typeof readFile);
}
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let file: string;
let journal: string;
const opened: JsonFileStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-store-'));
  file = join(dir, 'comments.json');
  journal = journalFileOf(file);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function open(path = file, options: Parameters<typeof openJsonFileStore>[1] = {}): Promise<JsonFileStore> {
  const store = await openJsonFileStore(path, options);
  opened.push(store);
  return store;
}

const comment = numberedComment;

/** Ids of the comments on disk: the file with its journal replayed, as a restarted server reads them. */
const storedIds = (path = file) => readStoredComments(path).map((c) => c.id).sort();
/** Ids in the comments file alone. */
const fileIds = (path = file) => parseComments(readFileSync(path, 'utf8'), path).map((c) => c.id).sort();
const journalText = (path = file) => (existsSync(journalFileOf(path)) ? readFileSync(journalFileOf(path), 'utf8') : '');
const reopenedIds = async (path = file) => (await (await open(path)).list()).map((c) => c.id).sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const writesTo = (path: string) => vi.mocked(rename).mock.calls.filter(([, to]) => to === path).length;
const appendsTo = (path: string) => journalWrites.filter((p) => p === journalFileOf(path)).length;

describe('openJsonFileStore', () => {
  it('creates a missing file and its folders, holding an empty comments document, and no journal yet', async () => {
    const nested = join(dir, 'data', 'blog', 'comments.json');
    const store = await open(nested);
    expect(await store.list()).toEqual([]);
    const text = readFileSync(nested, 'utf8');
    expect(JSON.parse(text)).toEqual({ format: FORMAT_NAME, version: FORMAT_VERSION, comments: [] });
    expect(text).toBe(serializeComments([]));
    expect(existsSync(journalFileOf(nested))).toBe(false);
  });

  it('opens an existing file and lists its comments oldest first, by article too', async () => {
    writeFileSync(file, serializeComments([comment(3), comment(1, { article: 'beta' }), comment(2)]));
    const store = await open();
    expect((await store.list()).map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003']);
    expect((await store.byArticle('alpha')).map((c) => c.id)).toEqual(['c0002', 'c0003']);
    expect((await store.byArticle('beta')).map((c) => c.id)).toEqual(['c0001']);
    expect(await store.byArticle('gamma')).toEqual([]);
    expect(await store.get('c0002')).toEqual(comment(2));
  });

  it('keeps added comments when the file is opened again', async () => {
    const store = await open();
    await expect(store.add(comment(1))).resolves.toEqual(comment(1));
    await store.add(comment(2, { text: 'Ünïcödé, emoji 🌱 and עברית.' }));
    const again = await open();
    expect(await again.list()).toEqual([comment(1), comment(2, { text: 'Ünïcödé, emoji 🌱 and עברית.' })]);
  });

  it('refuses a comment whose id exists and keeps the first one', async () => {
    const store = await open();
    await store.add(comment(1));
    await expect(store.add(comment(1, { text: 'Impostor.' }))).rejects.toThrow('a comment with id c0001 already exists');
    expect(await (await open()).list()).toEqual([comment(1)]);
  });

  it('keeps status changes and their reason when the file is opened again, and reports only what changed', async () => {
    const store = await open();
    await Promise.all([comment(1), comment(2), comment(3)].map((c) => store.add(c)));
    const changed = await store.setStatus(['c0001', 'c0002', 'missing'], 'spam', 'Spam: reported by a moderator.');
    expect(changed.map((c) => c.id)).toEqual(['c0001', 'c0002']);
    expect(await store.setStatus(['c0001'], 'spam')).toEqual([]);
    const again = await open();
    expect(await again.get('c0001')).toEqual(comment(1, { status: 'spam', heldReason: 'Spam: reported by a moderator.' }));
    expect((await again.get('c0002'))?.status).toBe('spam');
    expect(await again.get('c0003')).toEqual(comment(3));
  });

  it('keeps the held reason when a status changes without one', async () => {
    const store = await open();
    await store.add(comment(1, { status: 'pending', heldReason: 'Held: contains 3 links (more than 2).' }));
    await store.setStatus(['c0001'], 'approved');
    expect(await (await open()).get('c0001')).toEqual(comment(1, { status: 'approved', heldReason: 'Held: contains 3 links (more than 2).' }));
  });

  it('deletes removed comments for ever, from the file and the journal, and counts only those that existed', async () => {
    const store = await open();
    await Promise.all([comment(1), comment(2), comment(3)].map((c) => store.add(c)));
    expect(journalText()).toContain('Comment number 2.');
    expect(await store.remove(['c0002', 'c0003', 'missing'])).toBe(2);
    expect((await store.list()).map((c) => c.id)).toEqual(['c0001']);
    expect(await reopenedIds()).toEqual(['c0001']);
    expect(readFileSync(file, 'utf8')).not.toContain('Comment number 2.');
    expect(journalText()).not.toContain('Comment number 2.');
  });

  it('erases every comment written with an email address, in any letter case, from the file and the journal', async () => {
    const store = await open();
    await store.add(comment(1, { email: 'Ann@Example.com' }));
    await store.add(comment(2, { email: 'bob@example.com' }));
    await store.add(comment(3, { email: 'ann@example.com' }));
    expect(await store.eraseByEmail('  ANN@example.COM ')).toBe(2);
    expect(await reopenedIds()).toEqual(['c0002']);
    expect(readFileSync(file, 'utf8').toLowerCase()).not.toContain('ann@example.com');
    expect(journalText().toLowerCase()).not.toContain('ann@example.com');
    expect(await store.byEmail('ann@example.com')).toEqual([]);
  });

  it('folds the journal into a file pretty-printed, keys in a fixed order and comments by date: the bytes a whole-file write gives', async () => {
    const comments = [comment(5), comment(1, { parent: 'c0005', url: 'https://reader.example' }), comment(3, { status: 'pending', heldReason: 'Held.' }), comment(2), comment(4)];
    const scrambled = (c: Comment) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Comment;
    const a = await open();
    for (const c of comments) await a.add(c);
    const otherFile = join(dir, 'other', 'comments.json');
    const b = await open(otherFile);
    await Promise.all([...comments].reverse().map((c) => b.add(scrambled(c))));
    await Promise.all([a.compact(), b.compact()]);

    const text = readFileSync(file, 'utf8');
    expect(readFileSync(otherFile, 'utf8')).toBe(text);
    expect(text).toBe(serializeComments(comments));
    expect(journalText()).toBe('');
    expect(journalText(otherFile)).toBe('');
    expect(text.startsWith(`{\n  "format": "${FORMAT_NAME}",\n  "version": ${FORMAT_VERSION},\n  "comments": [\n    {\n      "id": "c0001",\n`)).toBe(true);
    expect(text.endsWith('\n  ]\n}\n')).toBe(true);
    const stored = (JSON.parse(text) as { comments: Comment[] }).comments;
    expect(stored.map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003', 'c0004', 'c0005']);
    for (const c of stored) {
      expect(Object.keys(c)).toEqual(['id', 'article', 'parent', 'author', 'email', 'url', 'text', 'status', 'createdAt', 'heldReason', 'commenterKey']);
    }
  });

  it('folds thousands of comments, changes and deletions in pieces into the bytes a whole-file write gives', async () => {
    const store = await open();
    const comments = Array.from({ length: 3000 }, (_, i) => comment(i, { text: `Comment ${i}: ${'Ünïcödé 🌱 עברית, "quoted" \\ and\nnew lines. '.repeat(i % 7)}` }));
    await Promise.all(comments.map((c) => store.add(c)));
    await store.setStatus(comments.filter((_, i) => i % 5 === 0).map((c) => c.id), 'spam', 'Spam.');
    await store.remove(comments.filter((_, i) => i % 11 === 0).map((c) => c.id));
    await store.compact();
    expect(readFileSync(file, 'utf8')).toBe(serializeComments(await store.list()));
    expect(journalText()).toBe('');
    expect(readStoredComments(file)).toEqual(await store.list());
  });

  it('keeps the previous version of the file as <file>.bak each time it folds the journal in', async () => {
    const store = await open();
    const empty = readFileSync(file, 'utf8');
    await store.add(comment(1));
    await store.compact();
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(empty);
    const afterFirst = readFileSync(file, 'utf8');
    expect(afterFirst).toBe(serializeComments([comment(1)]));
    await store.add(comment(2));
    await store.compact();
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(afterFirst);
    expect(readFileSync(file, 'utf8')).toBe(serializeComments([comment(1), comment(2)]));
  });

  it('resolves each add only once its comment is on disk, in the journal', async () => {
    const store = await open();
    const missingWhenResolved: string[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => comment(i)).map((c) =>
      store.add(c).then(() => {
        if (!storedIds().includes(c.id)) missingWhenResolved.push(c.id);
      })));
    expect(missingWhenResolved).toEqual([]);
    expect(storedIds()).toHaveLength(50);
  });

  it('group-commits 200 simultaneous adds into far fewer journal appends, rewriting no file, and keeps every comment', async () => {
    writeFileSync(file, serializeComments(Array.from({ length: 500 }, (_, i) => comment(5000 + i, { article: 'beta' }))));
    const store = await open();
    const [filesBefore, appendsBefore] = [writesTo(file), appendsTo(file)];
    const comments = Array.from({ length: 200 }, (_, i) => comment(i));
    const results = await Promise.all(comments.map((c) => store.add(c)));
    const appends = appendsTo(file) - appendsBefore;
    expect(results).toEqual(comments);
    expect(appends).toBeGreaterThanOrEqual(1);
    expect(appends).toBeLessThanOrEqual(10);
    // The cost of a write does not grow with what is stored: the file is not rewritten.
    expect(writesTo(file) - filesBefore).toBe(0);
    expect(journalText().trimEnd().split('\n')).toHaveLength(200);
    expect(storedIds().filter((id) => !id.startsWith('c5'))).toEqual(comments.map((c) => c.id));
    expect(await store.byArticle('alpha')).toEqual(comments);
    expect(await reopenedIds()).toHaveLength(700);
  });

  it.each([
    ['garbage bytes', Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x80, 0x0a])],
    ['truncated JSON', Buffer.from(serializeComments([comment(1), comment(2)]).slice(0, 150))],
    ['an empty file', Buffer.alloc(0)],
    ['another format', Buffer.from(JSON.stringify({ format: 'wordpress-export', version: 1, comments: [] }))],
    ['duplicate ids', Buffer.from(serializeComments([comment(1)]).replace('"comments": [', `"comments": [${JSON.stringify(comment(1, { text: 'Twin.' }))},`))],
    ['a comment without an email', Buffer.from(JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, comments: [{ ...comment(1), email: undefined }] }))],
  ])('refuses to open a file holding %s, names the file and leaves it untouched', async (_name, bytes) => {
    writeFileSync(file, bytes);
    const hash = sha256(file);
    const error = await openJsonFileStore(file).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(CommentsFileError);
    expect((error as CommentsFileError).file).toBe(file);
    expect((error as CommentsFileError).message.startsWith(`${file}: `)).toBe(true);
    expect(sha256(file)).toBe(hash);
    expect(readdirSync(dir)).toEqual(['comments.json']);
  });

  it('removes temporary files left by a writer that was killed, and only those', async () => {
    writeFileSync(file, serializeComments([comment(1)]));
    writeFileSync(`${file}.4242.deadbeef.tmp`, '{"half": ');
    writeFileSync(`${file}.bak.4242.tmp`, serializeComments([]));
    writeFileSync(`${journal}.4242.0badf00d.tmp`, '{"put":');
    writeFileSync(join(dir, 'notes.tmp'), 'not ours');
    const store = await open();
    expect(await store.list()).toEqual([comment(1)]);
    expect(readdirSync(dir).sort()).toEqual(['comments.json', 'notes.tmp']);
  });

  it('refuses writes after it is closed, once pending writes are on disk, and leaves them folded into the file', async () => {
    const store = await openJsonFileStore(file);
    const pending = store.add(comment(1));
    await store.close();
    await expect(pending).resolves.toEqual(comment(1));
    await expect(store.add(comment(2))).rejects.toThrow('the comment store is closed');
    expect(storedIds()).toEqual(['c0001']);
    expect(fileIds()).toEqual(['c0001']);
    expect(journalText()).toBe('');
  });

  it('loses nothing when two stores on one file add comments at the same time', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const fromA = Array.from({ length: 60 }, (_, i) => comment(i));
    const fromB = Array.from({ length: 60 }, (_, i) => comment(100 + i));
    await Promise.all([...fromA.map((c) => a.add(c)), ...fromB.map((c) => b.add(c))]);
    const all = [...fromA, ...fromB].map((c) => c.id).sort();
    expect(storedIds()).toEqual(all);
    expect(await reopenedIds()).toEqual(all);
  });

  it('loses nothing when two stores on one file add comments while both keep folding the journal in', async () => {
    const options = { compactJournalBytes: 1, refreshIntervalMs: 0 };
    const [a, b] = await Promise.all([open(file, options), open(file, options)]);
    const fromA = Array.from({ length: 80 }, (_, i) => comment(i));
    const fromB = Array.from({ length: 80 }, (_, i) => comment(100 + i));
    const folds: Array<Promise<void>> = [];
    await Promise.all([
      ...fromA.map((c, i) => a.add(c).then(() => void (i % 20 === 0 && folds.push(a.compact())))),
      ...fromB.map((c, i) => b.add(c).then(() => void (i % 20 === 0 && folds.push(b.compact())))),
    ]);
    const all = [...fromA, ...fromB].map((c) => c.id).sort();
    expect(storedIds()).toEqual(all);
    await Promise.all(folds);
    expect(storedIds()).toEqual(all);
    await vi.waitFor(async () => expect((await a.list()).map((c) => c.id).sort()).toEqual(all), { timeout: 2000, interval: 10 });
    await vi.waitFor(async () => expect((await b.list()).map((c) => c.id).sort()).toEqual(all), { timeout: 2000, interval: 10 });
    await Promise.all([a.close(), b.close()]);
    expect(fileIds()).toEqual(all);
    expect(journalText()).toBe('');
  });

  it('shares the journal between stores: each reads only the lines the other appended, and follows its compactions', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open(file, { refreshIntervalMs: 0 });
    await a.add(comment(1));
    await vi.waitFor(async () => expect(await b.list()).toEqual([comment(1)]), { timeout: 2000, interval: 5 });
    await b.setStatus(['c0001'], 'spam', 'Spam.');
    await vi.waitFor(async () => expect(await a.list()).toEqual([comment(1, { status: 'spam', heldReason: 'Spam.' })]), { timeout: 2000, interval: 5 });
    // b folds the journal into the file; a notices the new file and goes on appending to the new journal.
    await b.compact();
    expect(fileIds()).toEqual(['c0001']);
    expect(journalText()).toBe('');
    await a.add(comment(2));
    await b.remove(['c0001']);
    expect(storedIds()).toEqual(['c0002']);
    await vi.waitFor(async () => expect(await a.list()).toEqual([comment(2)]), { timeout: 2000, interval: 5 });
    expect(await b.list()).toEqual([comment(2)]);
  });

  it('keeps a comment another store wrote while this one was re-reading the file', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    await b.add(comment(1));
    await b.compact();
    // a re-reads the file b rewrote, holding comment 1; b writes comment 2 before that read returns.
    slowNextRead(() => b.add(comment(2)));
    await a.list();
    await vi.waitFor(async () => expect(await a.get('c0001')).toBeDefined(), { timeout: 2000, interval: 5 });
    await a.add(comment(3));
    expect(storedIds()).toEqual(['c0001', 'c0002', 'c0003']);
    expect((await a.list()).map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003']);
  });

  it('never lets a slow re-read undo a comment it has since written', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    await b.add(comment(1));
    await b.compact();
    let adding: Promise<Comment> | undefined;
    // a re-reads the file b rewrote; before that read returns, a is asked to store comment 2.
    slowNextRead(async () => {
      adding = a.add(comment(2));
      await Promise.race([adding, delay(200)]);
    });
    await a.list();
    await vi.waitFor(() => expect(adding).toBeDefined(), { timeout: 2000, interval: 5 });
    await adding;
    expect((await a.list()).map((c) => c.id)).toEqual(['c0001', 'c0002']);
    await a.add(comment(3));
    expect(storedIds()).toEqual(['c0001', 'c0002', 'c0003']);
  });

  it('shows in list() a comment another store wrote, once its refresh interval has passed', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    expect(await a.list()).toEqual([]);
    const versionBefore = a.changes.version();
    await b.add(comment(1));
    await vi.waitFor(async () => expect(await a.list()).toEqual([comment(1)]), { timeout: 2000, interval: 10 });
    expect(await a.get('c0001')).toEqual(comment(1));
    expect(await a.byArticle('alpha')).toEqual([comment(1)]);
    expect(a.changes.version()).not.toBe(versionBefore);
    await a.add(comment(2));
    expect(storedIds()).toEqual(['c0001', 'c0002']);
  });

  it('does not re-read the files before its refresh interval has passed', async () => {
    const a = await open(file, { refreshIntervalMs: 60_000 });
    const b = await open();
    await a.list();
    await b.add(comment(1));
    for (let i = 0; i < 20; i += 1) {
      await a.list();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await a.list()).toEqual([]);
    // A write catches up first, so a's next write keeps b's comment.
    await a.add(comment(2));
    expect(await a.list()).toEqual([comment(1), comment(2)]);
    expect(storedIds()).toEqual(['c0001', 'c0002']);
  });

  it('changes an article\'s version exactly when its comments change, here or in another store', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open(file, { refreshIntervalMs: 0 });
    const [alpha, beta] = [a.changes.articleVersion('alpha'), a.changes.articleVersion('beta')];
    await a.add(comment(1));
    expect(a.changes.articleVersion('alpha')).not.toBe(alpha);
    expect(a.changes.articleVersion('beta')).toBe(beta);
    const alpha2 = a.changes.articleVersion('alpha');
    await a.setStatus(['c0001'], 'approved');
    expect(a.changes.articleVersion('alpha')).toBe(alpha2);
    await b.add(comment(2, { article: 'beta' }));
    await vi.waitFor(async () => expect(await a.byArticle('beta')).toEqual([comment(2, { article: 'beta' })]), { timeout: 2000, interval: 5 });
    expect(a.changes.articleVersion('beta')).not.toBe(beta);
    expect(a.changes.articleVersion('alpha')).toBe(alpha2);
  });
});

describe('the journal', () => {
  it('is replayed when the file is opened after a process was killed before folding it in, then folded in', async () => {
    writeFileSync(file, serializeComments([comment(1), comment(2), comment(3)]));
    writeFileSync(journal, journalLines([
      { put: comment(4) },
      { put: comment(2, { status: 'spam', heldReason: 'Spam.' }) },
      { delete: 'c0003' },
      { put: comment(5) },
      { delete: 'c0005' },
    ]));
    const store = await open();
    const expected = [comment(1), comment(2, { status: 'spam', heldReason: 'Spam.' }), comment(4)];
    expect(await store.list()).toEqual(expected);
    expect(readFileSync(file, 'utf8')).toBe(serializeComments(expected));
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(serializeComments([comment(1), comment(2), comment(3)]));
    expect(journalText()).toBe('');
  });

  it('gives the same comments when a crash left its entries both in the rewritten file and in the journal', async () => {
    const lines = journalLines([{ put: comment(2) }, { put: comment(1, { status: 'trash' }) }, { delete: 'c0002' }, { put: comment(3) }]);
    // Killed after renaming the new file in, before emptying the journal.
    writeFileSync(file, serializeComments([comment(1, { status: 'trash' }), comment(3)]));
    writeFileSync(journal, lines);
    expect(await (await openJsonFileStore(file)).list()).toEqual([comment(1, { status: 'trash' }), comment(3)]);
  });

  it('tolerates a last line cut short, never acknowledged, and drops it when folding the journal in at open', async () => {
    writeFileSync(file, serializeComments([comment(1)]));
    const torn = journalLines([{ put: comment(3) }]).slice(0, 60);
    writeFileSync(journal, journalLines([{ put: comment(2) }]) + torn);
    const store = await open();
    expect(await store.list()).toEqual([comment(1), comment(2)]);
    expect(journalText()).toBe('');
    expect(fileIds()).toEqual(['c0001', 'c0002']);
  });

  it('cuts off a line another process left unfinished before appending after it', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    await a.add(comment(1));
    // Another process was killed in the middle of its append.
    const torn = journalLines([{ put: comment(2) }]).slice(0, 70);
    appendFileSync(journal, torn);
    await a.list();
    await delay(20);
    expect(await a.list()).toEqual([comment(1)]);
    await a.add(comment(3));
    expect(journalText()).toBe(journalLines([{ put: comment(1) }, { put: comment(3) }]));
    expect(storedIds()).toEqual(['c0001', 'c0003']);
  });

  it.each([
    ['a line that is not JSON in the middle', `${journalLines([{ put: comment(2) }])}{"put":{"id":"c0003","art\n${journalLines([{ put: comment(4) }])}`, 'journal line 2 is not valid JSON'],
    ['a line of another shape', `${journalLines([{ put: comment(2) }])}{"upsert":{"id":"c0003"}}\n`, 'journal line 2 is neither'],
    ['a comment without an email', `{"put":${JSON.stringify({ ...comment(2), email: undefined })}}\n`, 'journal line 1: comment (id c0002) has no text "email"'],
    ['a last complete line that is not JSON', `${journalLines([{ put: comment(2) }])}garbage\n`, 'journal line 2 is not valid JSON'],
  ])('refuses to open a journal holding %s, naming it and changing no file', async (_name, text, detail) => {
    writeFileSync(file, serializeComments([comment(1)]));
    writeFileSync(journal, text);
    const [fileHash, journalHash] = [sha256(file), sha256(journal)];
    const error = await openJsonFileStore(file).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(CommentsFileError);
    expect((error as CommentsFileError).file).toBe(journal);
    expect((error as CommentsFileError).message.startsWith(`${journal}: ${detail}`)).toBe(true);
    expect([sha256(file), sha256(journal)]).toEqual([fileHash, journalHash]);
    expect(readdirSync(dir).sort()).toEqual(['comments.json', 'comments.json.journal']);
  });

  it('refuses to open when the file is missing but its journal is not, rather than start from the journal alone', async () => {
    writeFileSync(journal, journalLines([{ put: comment(1) }]));
    const hash = sha256(journal);
    const error = await openJsonFileStore(file).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(CommentsFileError);
    expect((error as CommentsFileError).file).toBe(file);
    expect((error as CommentsFileError).message).toContain('is missing, but its journal');
    expect(sha256(journal)).toBe(hash);
    expect(readdirSync(dir)).toEqual(['comments.json.journal']);
  });

  it('stops a running store writing once the journal is damaged underneath it, and keeps the damaged bytes', async () => {
    const a = await open();
    await a.add(comment(1));
    appendFileSync(journal, 'not a journal line\n');
    const hash = sha256(journal);
    await expect(a.add(comment(2))).rejects.toBeInstanceOf(CommentsFileError);
    await expect(a.compact()).resolves.toBeUndefined();
    expect(sha256(journal)).toBe(hash);
    expect(fileIds()).toEqual([]);
  });

  it('is folded into the file once it passes its size threshold', async () => {
    const store = await open(file, { compactJournalBytes: 2000 });
    await store.add(comment(1));
    await delay(50);
    expect(fileIds()).toEqual([]);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.add(comment(2 + i))));
    await vi.waitFor(() => {
      expect(fileIds()).toHaveLength(11);
      expect(journalText().length).toBeLessThan(2000);
    }, { timeout: 2000, interval: 10 });
    expect(storedIds()).toHaveLength(11);
  });

  it('is folded into the file once writes have paused', async () => {
    const store = await open(file, { compactIdleMs: 100 });
    await store.add(comment(1));
    expect(fileIds()).toEqual([]);
    // The file is replaced first and the journal emptied just after, so wait for both.
    await vi.waitFor(() => {
      expect(fileIds()).toEqual(['c0001']);
      expect(journalText()).toBe('');
    }, { timeout: 2000, interval: 10 });
  });

  it('goes on taking writes while it is being folded into the file, and loses none of them', async () => {
    writeFileSync(file, serializeComments(Array.from({ length: 2000 }, (_, i) => comment(5000 + i, { article: 'beta' }))));
    const store = await open();
    const first = Array.from({ length: 100 }, (_, i) => comment(i));
    await Promise.all(first.map((c) => store.add(c)));
    const folding = store.compact();
    const second = Array.from({ length: 100 }, (_, i) => comment(100 + i));
    await Promise.all(second.map((c) => store.add(c)));
    await folding;
    expect(storedIds()).toHaveLength(2200);
    expect(await store.list()).toHaveLength(2200);
    await store.close();
    expect(fileIds()).toHaveLength(2200);
    expect(journalText()).toBe('');
  });
});

describe('the lookups posting rules use', () => {
  it('finds comments by email address in any letter case, oldest first, as they are added, changed and deleted', async () => {
    const store = await open();
    await store.add(comment(2, { email: 'Ann@Example.com' }));
    await store.add(comment(1, { email: 'ann@example.com' }));
    await store.add(comment(3, { email: 'bob@example.com' }));
    expect((await store.byEmail('ANN@example.com')).map((c) => c.id)).toEqual(['c0001', 'c0002']);
    await store.setStatus(['c0001'], 'spam');
    expect((await store.byEmail('ann@example.com')).map((c) => [c.id, c.status])).toEqual([['c0001', 'spam'], ['c0002', 'approved']]);
    await store.remove(['c0002']);
    expect((await store.byEmail('ann@example.com')).map((c) => c.id)).toEqual(['c0001']);
    expect(await store.byEmail('nobody@example.com')).toEqual([]);
  });

  it('finds comments by author name, ignoring letter case and runs of white space', async () => {
    const store = await open();
    await store.add(comment(1, { author: 'Ann  Reader' }));
    await store.add(comment(2, { author: ' ann reader\t' }));
    await store.add(comment(3, { author: 'Ann Readers' }));
    expect((await store.byAuthorName('ANN READER')).map((c) => c.id)).toEqual(['c0001', 'c0002']);
  });

  it('trusts a commenter key once one of its comments is approved, and no longer once none is', async () => {
    writeFileSync(file, serializeComments([comment(1, { commenterKey: 'k1', status: 'approved' }), comment(2, { commenterKey: 'k2', status: 'pending' })]));
    const store = await open();
    expect(await store.isTrustedCommenter('k1')).toBe(true);
    expect(await store.isTrustedCommenter('k2')).toBe(false);
    await store.setStatus(['c0002'], 'approved');
    expect(await store.isTrustedCommenter('k2')).toBe(true);
    await store.add(comment(3, { commenterKey: 'k1', status: 'approved' }));
    await store.setStatus(['c0001'], 'spam');
    expect(await store.isTrustedCommenter('k1')).toBe(true);
    await store.remove(['c0003']);
    expect(await store.isTrustedCommenter('k1')).toBe(false);
    expect(await store.isTrustedCommenter('unknown')).toBe(false);
  });

  it('sees what another store wrote', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    await b.add(comment(1, { email: 'ann@example.com', commenterKey: 'k1' }));
    await vi.waitFor(async () => expect((await a.byEmail('ann@example.com')).map((c) => c.id)).toEqual(['c0001']), { timeout: 2000, interval: 5 });
    expect(await a.isTrustedCommenter('k1')).toBe(true);
    expect((await a.byAuthorName('reader 1')).map((c) => c.id)).toEqual(['c0001']);
  });

  it('keeps the lists it handed out as they were', async () => {
    const store = await open();
    await store.add(comment(1));
    const [all, alpha, mine] = [await store.list(), await store.byArticle('alpha'), await store.byEmail('reader1@example.com')];
    await store.add(comment(2));
    await store.remove(['c0001']);
    expect([all, alpha, mine]).toEqual([[comment(1)], [comment(1)], [comment(1)]]);
    expect(await store.list()).toEqual([comment(2)]);
  });
});
