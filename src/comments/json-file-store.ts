import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Comment, CommentStatus } from './comment.js';
import { CommentsFileError, parseComments, serializeComments } from './document.js';
import type { CommentStore } from './store.js';

type State = Map<string, Comment>;

/** A working copy of the state that notes which articles' comments an operation touched. */
class TrackedState extends Map<string, Comment> {
  readonly touched = new Set<string>();
  constructor(from: State) {
    super();
    // Copied without tracking: only what operations change counts.
    for (const [id, comment] of from) super.set(id, comment);
  }
  override set(id: string, comment: Comment): this {
    const before = this.get(id);
    if (before) this.touched.add(before.article);
    if (comment) this.touched.add(comment.article);
    return super.set(id, comment);
  }
  override delete(id: string): boolean {
    const before = this.get(id);
    if (before) this.touched.add(before.article);
    return super.delete(id);
  }
}

interface Pending {
  readonly apply: (state: State) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

interface FileIdentity {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface JsonFileStoreOptions {
  /** How long a lock left by a killed process blocks others before it is taken over. */
  readonly staleLockMs?: number;
  /** How often reads check whether another process changed the file. */
  readonly refreshIntervalMs?: number;
  readonly onWarning?: (message: string, err?: unknown) => void;
}

const sameFile = (a: FileIdentity | undefined, b: FileIdentity) => !!a && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

async function identity(file: string): Promise<FileIdentity | undefined> {
  try {
    const s = await stat(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` atomically and durably: temp file in the same folder → fsync → keep the old version
 * as `<file>.bak` (a hard link, so it costs no copy) → rename over → fsync the folder.
 */
async function writeDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const bakTmp = `${file}.bak.${process.pid}.tmp`;
    await unlink(bakTmp).catch(() => undefined);
    await link(file, bakTmp);
    await rename(bakTmp, `${file}.bak`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}

/**
 * Comments in one JSON file that never loses or corrupts a comment:
 * - writes are atomic and durable, and a promise resolves only after its comment is on disk;
 * - writes that arrive while one is running are group-committed into the next single write;
 * - an inter-process lock plus a re-read when the file changed underneath lets several server
 *   processes share the file without losing each other's comments;
 * - a file that cannot be read or parsed is never overwritten: opening fails, naming the file.
 */
export async function openJsonFileStore(file: string, options: JsonFileStoreOptions = {}): Promise<CommentStore> {
  const staleLockMs = options.staleLockMs ?? 5000;
  const refreshIntervalMs = options.refreshIntervalMs ?? 250;
  const warn = options.onWarning ?? (() => undefined);
  const lockOptions = {
    realpath: false,
    stale: staleLockMs,
    update: Math.max(1000, Math.floor(staleLockMs / 2)),
    retries: { retries: 400, factor: 1.3, minTimeout: 2, maxTimeout: 100, randomize: true },
    // Losing the lock mid-write would be reported here; the write itself is still atomic.
    onCompromised: (err: Error) => warn(`lock on ${file} was compromised`, err),
  };

  let state: State = new Map();
  let known: FileIdentity | undefined;
  let version = 0;
  // Per-article versions, so a cached page depends only on its own article's comments. A re-read of
  // a file another process changed starts a new epoch, since any article may have changed.
  let epoch = 0;
  const articleVersions = new Map<string, number>();
  let lastCheck = 0;
  let sorted: Comment[] | undefined;
  let byArticle: Map<string, Comment[]> | undefined;
  let failure: CommentsFileError | undefined;

  const replaceState = (comments: Iterable<Comment>) => {
    state = new Map([...comments].map((c) => [c.id, c]));
    sorted = undefined;
    byArticle = undefined;
    version += 1;
  };

  async function readIfChanged(): Promise<void> {
    const now = await identity(file);
    if (!now) throw new CommentsFileError(file, 'has disappeared; it will not be recreated while the server runs');
    if (sameFile(known, now)) return;
    const text = await readFile(file, 'utf8');
    replaceState(parseComments(text, file));
    epoch += 1;
    // The identity seen before reading: had the file been replaced during the read, an identity taken
    // now would mark the newer file as read and the next write would drop its comments.
    known = now;
  }

  let reading: Promise<void> = Promise.resolve();
  /**
   * Reads the file if it is not the version we last saw. Throws if it cannot be parsed. One read at a
   * time: a refresh that finishes late must not replace the state a later write already moved past.
   */
  function reload(): Promise<void> {
    const run = reading.then(readIfChanged);
    reading = run.catch(() => undefined);
    return run;
  }

  await mkdir(dirname(file), { recursive: true });
  // Create the file if missing, under the lock so two starting processes agree on one file.
  const release = await lockfile.lock(file, lockOptions);
  try {
    if (!(await identity(file))) {
      await writeDurably(file, serializeComments([]));
    }
    const text = await readFile(file, 'utf8');
    replaceState(parseComments(text, file));
    known = await identity(file);
    // Temp files left by a process killed mid-write are garbage; the lock guarantees none is in use.
    const prefix = `${basename(file)}.`;
    for (const name of await readdir(dirname(file))) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await unlink(join(dirname(file), name)).catch(() => undefined);
    }
  } finally {
    await release();
  }

  const queue: Pending[] = [];
  let writing: Promise<void> | undefined;
  let closed = false;

  async function commit(batch: Pending[]): Promise<void> {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockfile.lock(file, lockOptions);
      await reload();
      const next = new TrackedState(state);
      const results = batch.map((op) => {
        try {
          return { ok: true as const, value: op.apply(next) };
        } catch (err) {
          return { ok: false as const, err };
        }
      });
      if (results.some((r) => r.ok)) {
        await writeDurably(file, serializeComments(next.values()));
        known = await identity(file);
        replaceState(next.values());
        for (const article of next.touched) articleVersions.set(article, (articleVersions.get(article) ?? 0) + 1);
      }
      batch.forEach((op, i) => {
        const r = results[i]!;
        if (r.ok) op.resolve(r.value);
        else op.reject(r.err);
      });
    } catch (err) {
      if (err instanceof CommentsFileError) failure = err;
      for (const op of batch) op.reject(err);
    } finally {
      await release?.().catch((err: unknown) => warn(`could not release the lock on ${file}`, err));
    }
  }

  function drain(): void {
    if (writing || queue.length === 0) return;
    const batch = queue.splice(0);
    writing = commit(batch).finally(() => {
      writing = undefined;
      drain();
    });
  }

  function enqueue<T>(apply: (state: State) => T): Promise<T> {
    if (closed) return Promise.reject(new Error('the comment store is closed'));
    return new Promise<T>((resolve, reject) => {
      queue.push({ apply, resolve: resolve as (v: unknown) => void, reject });
      drain();
    });
  }

  /** Picks up changes another process wrote, at most every refreshIntervalMs. Never throws. */
  function maybeRefresh(): void {
    const t = Date.now();
    if (t - lastCheck < refreshIntervalMs || writing) return;
    lastCheck = t;
    reload().then(
      () => {
        failure = undefined;
      },
      (err: unknown) => {
        if (err instanceof CommentsFileError) failure = err;
        warn(`could not re-read ${file}; serving the comments last read`, err);
      },
    );
  }

  const list = () => {
    maybeRefresh();
    sorted ??= [...state.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
    return sorted;
  };

  return {
    list,
    byArticle(article) {
      const all = list();
      if (!byArticle) {
        byArticle = new Map();
        for (const c of all) (byArticle.get(c.article) ?? byArticle.set(c.article, []).get(c.article)!).push(c);
      }
      return byArticle.get(article) ?? [];
    },
    get: (id) => state.get(id),
    version: () => version,
    articleVersion: (article) => `${epoch}.${articleVersions.get(article) ?? 0}`,
    add: (comment) =>
      enqueue((s) => {
        if (s.has(comment.id)) throw new Error(`a comment with id ${comment.id} already exists`);
        s.set(comment.id, comment);
        return comment;
      }),
    setStatus: (ids, status: CommentStatus, reason) =>
      enqueue((s) =>
        ids.flatMap((id) => {
          const c = s.get(id);
          if (!c || c.status === status) return [];
          const changed: Comment = { ...c, status, heldReason: reason === undefined ? c.heldReason : reason };
          s.set(id, changed);
          return [changed];
        })),
    remove: (ids) => enqueue((s) => ids.filter((id) => s.delete(id)).length),
    eraseByEmail: (email) =>
      enqueue((s) => {
        const wanted = email.trim().toLowerCase();
        const ids = [...s.values()].filter((c) => c.email.toLowerCase() === wanted).map((c) => c.id);
        for (const id of ids) s.delete(id);
        return ids.length;
      }),
    async close() {
      closed = true;
      while (writing) await writing;
      if (failure) warn(`${file} could not be written: ${failure.message}`);
    },
  };
}
