import { mkdir, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Comment, CommentStatus } from './comment.js';
import { Draft } from './comment-index.js';
import { CommentsFileError, journalFileOf, journalLines, serializeComments, serializeCommentsInPieces } from './document.js';
import { backUpCurrent, identity, removeTempFiles, replaceWith, sameFile, writeDurably, writeTemp } from './durable-file.js';
import { fileLock } from './file-lock.js';
import { FileReplica } from './file-replica.js';
import { createRefreshPace } from './refresh-pace.js';
import { Journal } from './journal.js';
import { CommentStoreError, type CommentChanges, type CommentStore } from './store.js';
import { WriteQueue, type PendingWrite } from './write-queue.js';

export interface JsonFileStoreOptions {
  /** How long a lock left by a killed process blocks others before it is taken over. */
  readonly staleLockMs?: number;
  /** How often reads check whether another process changed the files (and a timer, once versions are asked for). */
  readonly refreshIntervalMs?: number;
  /** Journal size at which it is folded into the file; for a file over twice this size, half the file's size. */
  readonly compactJournalBytes?: number;
  /** How long after the last write the journal is folded into the file. */
  readonly compactIdleMs?: number;
  readonly onWarning?: (message: string, err?: unknown) => void;
}

/** The store, plus a way to fold the journal into the file now (tests; scripts that want one file). */
export interface JsonFileStore extends CommentStore {
  /**
   * Follows changes made by this process at once and by other processes within about the refresh
   * interval, even if nothing else is read.
   */
  readonly changes: CommentChanges;
  compact(): Promise<void>;
  /** Reads what other processes wrote, now rather than at the next refresh; rejects if the files cannot be read. */
  catchUp(): Promise<void>;
}

const MAX_FOLD_ATTEMPTS = 5;

/**
 * Comments in a human-readable JSON file plus a journal beside it, losing or corrupting none:
 * - a write appends its changes to `<file>.journal` and flushes it, and its promise resolves only then;
 * - writes that arrive while one is running are group-committed into the next single append;
 * - the journal is folded into the file (rewritten atomically, the old one kept as `<file>.bak`) when it
 *   grows large, when writes pause, at start and at close; a crash at any point leaves files whose
 *   replay gives every acknowledged comment; after deletions for ever `<file>.bak` becomes a copy of the
 *   new file instead, so deleted text is left in no file;
 * - an inter-process lock, plus reading what changed underneath before each write, lets several server
 *   processes share the files without losing each other's comments;
 * - a file or journal that cannot be read or parsed is never written over: opening fails, naming it.
 */
export async function openJsonFileStore(file: string, options: JsonFileStoreOptions = {}): Promise<JsonFileStore> {
  const staleLockMs = options.staleLockMs ?? 5000;
  const refreshIntervalMs = options.refreshIntervalMs ?? 250;
  const compactJournalBytes = options.compactJournalBytes ?? 4 * 1024 * 1024;
  const compactIdleMs = options.compactIdleMs ?? 3000;
  const warn = options.onWarning ?? (() => undefined);
  const journalFile = journalFileOf(file);
  const journal = new Journal(journalFile, warn);
  const locked = fileLock(file, staleLockMs, warn);

  const replica = new FileReplica(file, journal);
  const reload = () => replica.reload();
  let failure: CommentsFileError | undefined;
  // Writes by this process, and how many of them a compaction of ours has folded into the file.
  let committed = 0;
  let folded = 0;

  /**
   * Installs a flushed temporary copy of the file that holds everything up to `upTo` in the journal.
   * Under the lock. The file is replaced first: a crash before the journal is cut leaves entries in
   * both, and replaying them over the file they are already in changes nothing.
   */
  async function installFolded(tmp: string, upTo: number): Promise<void> {
    await replaceWith(tmp, file, { keepBak: true });
    replica.snapshot = await identity(file);
    await journal.dropUpTo(upTo);
  }

  await mkdir(dirname(file), { recursive: true });
  // Create the file if missing, under the lock so two starting processes agree on one file.
  await locked(async () => {
    if (!(await identity(file))) {
      if (((await identity(journalFile))?.size ?? 0) > 0) {
        throw new CommentsFileError(file, `is missing, but its journal ${journalFile} is not empty; restore the file ` +
          `(for example from ${basename(file)}.bak) or move the journal away, then start again`);
      }
      await writeDurably(file, [serializeComments([])]);
    }
    await replica.loadAll();
    // Temp files left by a process killed mid-write are garbage; the lock guarantees no write is using
    // one (a compaction elsewhere preparing one would fail to install it, and try again later).
    await removeTempFiles(file);
    // Start from one file: folding the journal now also cuts off an append a crash left unfinished.
    if (!journal.isEmpty) {
      try {
        const tmp = await writeTemp(file, serializeCommentsInPieces(replica.index.list()));
        await installFolded(tmp, journal.end).finally(() => unlink(tmp).catch(() => undefined));
      } catch (err) {
        // Every step leaves files that read back the same, so this can wait for the next compaction.
        warn(`could not fold ${journalFile} into ${file}; it will be tried again`, err);
      }
    }
  });

  let compacting: Promise<void> | undefined;
  let closed = false;

  async function commit(batch: Array<PendingWrite<Draft>>): Promise<void> {
    try {
      await locked(async () => {
        await reload();
        const draft = new Draft(replica.index);
        const results = batch.map((op) => {
          try {
            return { ok: true as const, value: op.apply(draft) };
          } catch (err) {
            return { ok: false as const, err };
          }
        });
        const entries = draft.entries();
        if (entries.length > 0) {
          await journal.append(journalLines(entries));
          // Only now does memory hold the batch: had the append failed, nothing would show it.
          replica.apply(draft.changes);
          committed += 1;
        }
        batch.forEach((op, i) => {
          const r = results[i]!;
          if (r.ok) op.resolve(r.value);
          else op.reject(r.err);
        });
      });
    } catch (err) {
      if (err instanceof CommentsFileError) failure = err;
      for (const op of batch) op.reject(err);
      return;
    }
    if (journal.end >= Math.max(compactJournalBytes, (replica.snapshot?.size ?? 0) / 2)) void startCompaction();
    restartIdleTimer();
  }

  const writes = new WriteQueue<Draft>(commit);

  function enqueue<T>(apply: (draft: Draft) => T): Promise<T> {
    if (closed) return Promise.reject(new Error('the comment store is closed'));
    return writes.submit(apply);
  }

  /**
   * Folds the journal into the file. Only the two short steps that touch the files run in the queue and
   * under the lock; the new file is written between them, so posts go on being committed meanwhile.
   */
  async function compact(): Promise<void> {
    const taken = await writes.exclusive(() => locked(async () => {
      await reload();
      return { seq: committed, empty: journal.isEmpty, comments: replica.index.list(), snapshot: replica.snapshot, journalIno: journal.inode, upTo: journal.end };
    }));
    if (taken.empty) {
      folded = Math.max(folded, taken.seq);
      return;
    }
    const tmp = await writeTemp(file, serializeCommentsInPieces(taken.comments));
    try {
      await writes.exclusive(() => locked(async () => {
        await reload();
        // Another process folded the journal in first (its file holds at least what ours would), or the
        // journal is no longer the one copied: leave the files as they are.
        if (!sameFile(replica.snapshot, taken.snapshot) || journal.inode !== taken.journalIno || journal.end < taken.upTo) return;
        await installFolded(tmp, taken.upTo);
        folded = Math.max(folded, taken.seq);
      }));
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** Starts a compaction unless one is running; resolves when that one ends. Never rejects. */
  function startCompaction(): Promise<void> {
    compacting ??= compact()
      .catch((err: unknown) => {
        if (err instanceof CommentsFileError) failure = err;
        warn(`could not fold ${journalFile} into ${file}; it will be tried again`, err);
      })
      .finally(() => {
        compacting = undefined;
      });
    return compacting;
  }

  /** Resolves once everything this process wrote so far is in the file and out of the journal. */
  async function foldCommitted(): Promise<void> {
    const wanted = committed;
    // A compaction already running may have taken its copy before the last write: then start another.
    for (let attempt = 0; folded < wanted && attempt < MAX_FOLD_ATTEMPTS; attempt += 1) await startCompaction();
  }

  let idleTimer: NodeJS.Timeout | undefined;
  /** (Re)starts the wait after which a pause in writing folds the journal. Never keeps the process alive. */
  function restartIdleTimer(): void {
    idleTimer ??= setTimeout(() => {
      if (!closed) void startCompaction();
    }, compactIdleMs).unref();
    idleTimer.refresh();
  }

  /**
   * After comments were deleted for ever and folded out of the file: the backup becomes a copy of the
   * file as it now is (the previous version still held them), and temporary copies another process was
   * still preparing are removed (they may hold them too; that fold fails and is tried again later).
   */
  async function forgetDeleted(): Promise<void> {
    try {
      await writes.exclusive(() => locked(async () => {
        // A file that no longer reads back must not become the backup too.
        await reload();
        await backUpCurrent(file);
        await removeTempFiles(file, process.pid);
      }));
    } catch (err) {
      if (err instanceof CommentsFileError) failure = err;
      warn(`${file}.bak could not be replaced and may still hold comments just deleted for ever; ` +
        'it is replaced at the next deletion, or remove it by hand', err);
    }
  }

  const pace = createRefreshPace({
    intervalMs: refreshIntervalMs,
    busy: () => writes.running !== undefined,
    refresh: reload,
    onSuccess: () => {
      failure = undefined;
    },
    onFailure: (err, first) => {
      if (err instanceof CommentsFileError) failure = err;
      if (first) warn(`could not re-read ${file}; serving the comments last read`, err);
    },
  });

  /** A read from memory, which first starts a check for other processes' changes when one is due. */
  function fresh<A extends unknown[], R>(read: (...args: A) => R): (...args: A) => Promise<R> {
    return (...args) => {
      pace.maybeRefresh();
      return Promise.resolve(read(...args));
    };
  }

  /** Versions are what cached pages check on every request: asking for them keeps the checks going. */
  function watched<A extends unknown[], R>(read: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      pace.watched();
      return read(...args);
    };
  }

  return {
    list: fresh(() => replica.index.list()),
    byArticle: fresh((article: string) => replica.index.byArticle(article)),
    byEmail: fresh((email: string) => replica.index.byEmail(email)),
    byAuthorName: fresh((name: string) => replica.index.byAuthorName(name)),
    isTrustedCommenter: fresh((key: string) => replica.index.isTrusted(key)),
    get: (id) => Promise.resolve(replica.index.get(id)),
    changes: {
      version: watched(() => String(replica.version)),
      articleVersion: watched((article: string) => replica.articleVersion(article)),
    },
    add: (comment) =>
      enqueue((d) => {
        if (d.has(comment.id)) throw new CommentStoreError('conflict', `a comment with id ${comment.id} already exists`);
        d.set(comment);
        return comment;
      }),
    setStatus: (ids, status: CommentStatus, reason) =>
      enqueue((d) =>
        ids.flatMap((id) => {
          const c = d.get(id);
          if (!c || c.status === status) return [];
          const changed: Comment = { ...c, status, heldReason: reason === undefined ? c.heldReason : reason };
          d.set(changed);
          return [changed];
        })),
    // Deleted text must linger in no file: these resolve once it is out of the journal and the backup. The
    // backup is replaced even when nothing was left to delete: a request repeated after a crash cut the
    // first one short finds the deletion done, but the backup may still hold the text.
    async remove(ids) {
      const removed = await enqueue((d) => ids.filter((id) => d.delete(id)).length);
      await foldCommitted();
      await forgetDeleted();
      return removed;
    },
    async eraseByEmail(email) {
      const erased = await enqueue((d) => {
        const ids = d.idsByEmail(email.trim());
        for (const id of ids) d.delete(id);
        return ids.length;
      });
      await foldCommitted();
      await forgetDeleted();
      return erased;
    },
    // In the write queue: a read must not interleave with this process's own append.
    catchUp: () => writes.exclusive(reload),
    async compact() {
      // One already running may have taken its copy before this call.
      await compacting;
      await startCompaction();
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      pace.stop();
      while (writes.running || compacting) await Promise.all([writes.running, compacting]);
      if (!failure) await startCompaction();
      await journal.close();
      if (failure) warn(`${file} could not be written: ${failure.message}`);
    },
  };
}
