import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import { CommentsFileError, FORMAT_NAME, FORMAT_VERSION, serializeComments } from '../../src/comments/document.js';
import { openJsonFileStore } from '../../src/comments/json-file-store.js';
import type { CommentStore } from '../../src/comments/store.js';

// Pass-through spies: tests count how often the store replaced the file, and make one read slow.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, rename: vi.fn(real.rename), readFile: vi.fn(real.readFile) };
});
const realFs = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');

/** Makes the store's next file read run `meanwhile` after reading and before returning what it read. */
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
const opened: CommentStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-store-'));
  file = join(dir, 'comments.json');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function open(path = file, options: Parameters<typeof openJsonFileStore>[1] = {}): Promise<CommentStore> {
  const store = await openJsonFileStore(path, options);
  opened.push(store);
  return store;
}

const comment = (n: number, over: Partial<Comment> = {}): Comment => ({
  id: `c${String(n).padStart(4, '0')}`,
  article: 'alpha',
  parent: null,
  author: `Reader ${n}`,
  email: `reader${n}@example.com`,
  url: null,
  text: `Comment number ${n}.`,
  status: 'approved',
  createdAt: new Date(Date.UTC(2026, 5, 1, 12, 0, n)).toISOString(),
  heldReason: null,
  commenterKey: null,
  ...over,
});

const storedIds = (path = file) =>
  (JSON.parse(readFileSync(path, 'utf8')) as { comments: Comment[] }).comments.map((c) => c.id).sort();
const reopenedIds = async (path = file) => (await open(path)).list().map((c) => c.id).sort();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const writesTo = (path: string) => vi.mocked(rename).mock.calls.filter(([, to]) => to === path).length;

describe('openJsonFileStore', () => {
  it('creates a missing file and its folders, holding an empty comments document', async () => {
    const nested = join(dir, 'data', 'blog', 'comments.json');
    const store = await open(nested);
    expect(store.list()).toEqual([]);
    const text = readFileSync(nested, 'utf8');
    expect(JSON.parse(text)).toEqual({ format: FORMAT_NAME, version: FORMAT_VERSION, comments: [] });
    expect(text).toBe(serializeComments([]));
  });

  it('opens an existing file and lists its comments oldest first, by article too', async () => {
    writeFileSync(file, serializeComments([comment(3), comment(1, { article: 'beta' }), comment(2)]));
    const store = await open();
    expect(store.list().map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003']);
    expect(store.byArticle('alpha').map((c) => c.id)).toEqual(['c0002', 'c0003']);
    expect(store.byArticle('beta').map((c) => c.id)).toEqual(['c0001']);
    expect(store.byArticle('gamma')).toEqual([]);
    expect(store.get('c0002')).toEqual(comment(2));
  });

  it('keeps added comments when the file is opened again', async () => {
    const store = await open();
    await expect(store.add(comment(1))).resolves.toEqual(comment(1));
    await store.add(comment(2, { text: 'Ünïcödé, emoji 🌱 and עברית.' }));
    const again = await open();
    expect(again.list()).toEqual([comment(1), comment(2, { text: 'Ünïcödé, emoji 🌱 and עברית.' })]);
  });

  it('refuses a comment whose id exists and keeps the first one', async () => {
    const store = await open();
    await store.add(comment(1));
    await expect(store.add(comment(1, { text: 'Impostor.' }))).rejects.toThrow('a comment with id c0001 already exists');
    expect((await open()).list()).toEqual([comment(1)]);
  });

  it('keeps status changes and their reason when the file is opened again, and reports only what changed', async () => {
    const store = await open();
    await Promise.all([comment(1), comment(2), comment(3)].map((c) => store.add(c)));
    const changed = await store.setStatus(['c0001', 'c0002', 'missing'], 'spam', 'Spam: reported by a moderator.');
    expect(changed.map((c) => c.id)).toEqual(['c0001', 'c0002']);
    expect(await store.setStatus(['c0001'], 'spam')).toEqual([]);
    const again = await open();
    expect(again.get('c0001')).toEqual(comment(1, { status: 'spam', heldReason: 'Spam: reported by a moderator.' }));
    expect(again.get('c0002')?.status).toBe('spam');
    expect(again.get('c0003')).toEqual(comment(3));
  });

  it('keeps the held reason when a status changes without one', async () => {
    const store = await open();
    await store.add(comment(1, { status: 'pending', heldReason: 'Held: contains 3 links (more than 2).' }));
    await store.setStatus(['c0001'], 'approved');
    expect((await open()).get('c0001')).toEqual(comment(1, { status: 'approved', heldReason: 'Held: contains 3 links (more than 2).' }));
  });

  it('deletes removed comments from the file for ever and counts only those that existed', async () => {
    const store = await open();
    await Promise.all([comment(1), comment(2), comment(3)].map((c) => store.add(c)));
    expect(await store.remove(['c0002', 'c0003', 'missing'])).toBe(2);
    expect(store.list().map((c) => c.id)).toEqual(['c0001']);
    expect(await reopenedIds()).toEqual(['c0001']);
    expect(readFileSync(file, 'utf8')).not.toContain('Comment number 2.');
  });

  it('erases every comment written with an email address, in any letter case, from the file', async () => {
    const store = await open();
    await store.add(comment(1, { email: 'Ann@Example.com' }));
    await store.add(comment(2, { email: 'bob@example.com' }));
    await store.add(comment(3, { email: 'ann@example.com' }));
    expect(await store.eraseByEmail('  ANN@example.COM ')).toBe(2);
    expect(await reopenedIds()).toEqual(['c0002']);
    expect(readFileSync(file, 'utf8').toLowerCase()).not.toContain('ann@example.com');
  });

  it('writes the file pretty-printed, keys in a fixed order and comments by date, the same bytes for the same comments', async () => {
    const comments = [comment(5), comment(1, { parent: 'c0005', url: 'https://reader.example' }), comment(3, { status: 'pending', heldReason: 'Held.' }), comment(2), comment(4)];
    const scrambled = (c: Comment) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Comment;
    const a = await open();
    for (const c of comments) await a.add(c);
    const otherFile = join(dir, 'other', 'comments.json');
    const b = await open(otherFile);
    await Promise.all([...comments].reverse().map((c) => b.add(scrambled(c))));

    const text = readFileSync(file, 'utf8');
    expect(readFileSync(otherFile, 'utf8')).toBe(text);
    expect(text).toBe(serializeComments(comments));
    expect(text.startsWith(`{\n  "format": "${FORMAT_NAME}",\n  "version": ${FORMAT_VERSION},\n  "comments": [\n    {\n      "id": "c0001",\n`)).toBe(true);
    expect(text.endsWith('\n  ]\n}\n')).toBe(true);
    const stored = (JSON.parse(text) as { comments: Comment[] }).comments;
    expect(stored.map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003', 'c0004', 'c0005']);
    for (const c of stored) {
      expect(Object.keys(c)).toEqual(['id', 'article', 'parent', 'author', 'email', 'url', 'text', 'status', 'createdAt', 'heldReason', 'commenterKey']);
    }
  });

  it('keeps the previous version of the file as <file>.bak', async () => {
    const store = await open();
    const empty = readFileSync(file, 'utf8');
    await store.add(comment(1));
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(empty);
    const afterFirst = readFileSync(file, 'utf8');
    await store.add(comment(2));
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(afterFirst);
    expect(readFileSync(file, 'utf8')).toBe(serializeComments([comment(1), comment(2)]));
  });

  it('resolves each add only once its comment is in the file', async () => {
    const store = await open();
    const missingWhenResolved: string[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => comment(i)).map((c) =>
      store.add(c).then(() => {
        if (!storedIds().includes(c.id)) missingWhenResolved.push(c.id);
      })));
    expect(missingWhenResolved).toEqual([]);
    expect(storedIds()).toHaveLength(50);
  });

  it('group-commits 200 simultaneous adds into far fewer file writes, and keeps every comment', async () => {
    const store = await open();
    const before = writesTo(file);
    const comments = Array.from({ length: 200 }, (_, i) => comment(i));
    const results = await Promise.all(comments.map((c) => store.add(c)));
    const writes = writesTo(file) - before;
    expect(results).toEqual(comments);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(10);
    expect(storedIds()).toEqual(comments.map((c) => c.id));
    expect(store.list()).toEqual(comments);
    expect(await reopenedIds()).toEqual(comments.map((c) => c.id));
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
    writeFileSync(join(dir, 'notes.tmp'), 'not ours');
    const store = await open();
    expect(store.list()).toEqual([comment(1)]);
    expect(readdirSync(dir).sort()).toEqual(['comments.json', 'notes.tmp']);
  });

  it('refuses writes after it is closed, once pending writes are on disk', async () => {
    const store = await openJsonFileStore(file);
    const pending = store.add(comment(1));
    await store.close();
    await expect(pending).resolves.toEqual(comment(1));
    await expect(store.add(comment(2))).rejects.toThrow('the comment store is closed');
    expect(storedIds()).toEqual(['c0001']);
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

  it('keeps a comment another store wrote while this one was re-reading the file', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    await b.add(comment(1));
    // a re-reads the file holding comment 1; b writes comment 2 before that read returns.
    slowNextRead(() => b.add(comment(2)));
    a.list();
    await vi.waitFor(() => expect(a.get('c0001')).toBeDefined(), { timeout: 2000, interval: 5 });
    await a.add(comment(3));
    expect(storedIds()).toEqual(['c0001', 'c0002', 'c0003']);
    expect(a.list().map((c) => c.id)).toEqual(['c0001', 'c0002', 'c0003']);
  });

  it('never lets a slow re-read undo a comment it has since written', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    await b.add(comment(1));
    let adding: Promise<Comment> | undefined;
    // a re-reads the file; before that read returns, a is asked to store comment 2.
    slowNextRead(async () => {
      adding = a.add(comment(2));
      await Promise.race([adding, delay(200)]);
    });
    a.list();
    await vi.waitFor(() => expect(adding).toBeDefined(), { timeout: 2000, interval: 5 });
    await adding;
    expect(a.list().map((c) => c.id)).toEqual(['c0001', 'c0002']);
    await a.add(comment(3));
    expect(storedIds()).toEqual(['c0001', 'c0002', 'c0003']);
  });

  it('shows in list() a comment another store wrote, once its refresh interval has passed', async () => {
    const a = await open(file, { refreshIntervalMs: 0 });
    const b = await open();
    expect(a.list()).toEqual([]);
    const versionBefore = a.version();
    await b.add(comment(1));
    await vi.waitFor(() => expect(a.list()).toEqual([comment(1)]), { timeout: 2000, interval: 10 });
    expect(a.get('c0001')).toEqual(comment(1));
    expect(a.byArticle('alpha')).toEqual([comment(1)]);
    expect(a.version()).toBeGreaterThan(versionBefore);
    await a.add(comment(2));
    expect(storedIds()).toEqual(['c0001', 'c0002']);
  });

  it('does not re-read the file before its refresh interval has passed', async () => {
    const a = await open(file, { refreshIntervalMs: 60_000 });
    const b = await open();
    a.list();
    await b.add(comment(1));
    for (let i = 0; i < 20; i += 1) {
      a.list();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(a.list()).toEqual([]);
    // A write re-reads first, so a's next write keeps b's comment.
    await a.add(comment(2));
    expect(a.list()).toEqual([comment(1), comment(2)]);
    expect(storedIds()).toEqual(['c0001', 'c0002']);
  });
});
