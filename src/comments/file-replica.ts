import { readFile } from 'node:fs/promises';
import type { Comment } from './comment.js';
import { CommentIndex } from './comment-index.js';
import { CommentsFileError, parseComments, replayJournal, type JournalEntry } from './document.js';
import { identity, sameFile, type FileIdentity } from './durable-file.js';
import type { Journal } from './journal.js';

const MAX_READ_ATTEMPTS = 20;

const toChange = (e: JournalEntry): readonly [string, Comment | null] => ('put' in e ? [e.put.id, e.put] : [e.delete, null]);

/**
 * What this process knows of the comments file and its journal: the comments they hold, which version
 * of the file that was, and counters that change with every change seen, for caches to follow. It
 * catches up with what other processes wrote; writing is the store's business.
 */
export class FileReplica {
  /** The comments, as of the last read or write. */
  index = new CommentIndex([]);
  /** The file as last read or written. */
  snapshot: FileIdentity | undefined;
  private changes = 0;
  // Per-article versions, so a cached page depends only on its own article's comments. A full re-read
  // of files another process rewrote starts a new epoch, since any article may have changed.
  private epoch = 0;
  private readonly articleVersions = new Map<string, number>();
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly journal: Journal,
  ) {}

  /** Changes whenever any comment does. */
  get version(): number {
    return this.changes;
  }

  /** Changes whenever a comment of this article does, or the files were read afresh. */
  articleVersion(article: string): string {
    return `${this.epoch}.${this.articleVersions.get(article) ?? 0}`;
  }

  /** Applies changes this process has just made durable. */
  apply(changes: Iterable<readonly [string, Comment | null]>): void {
    this.bump(this.index.apply(changes));
  }

  /** Reads the file and the whole journal, as one consistent pair. Throws if either cannot be parsed. */
  async loadAll(): Promise<void> {
    for (let attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt += 1) {
      const before = await identity(this.file);
      if (!before) throw this.disappeared();
      const text = await readFile(this.file, 'utf8');
      const whole = await this.journal.readAll();
      // Rewritten meanwhile: the journal read may already belong to the new file. Read the new pair.
      if (!sameFile(before, await identity(this.file))) continue;
      const comments = parseComments(text, this.file);
      this.index = new CommentIndex(replayJournal(comments, whole.parse()).values());
      // The identities seen before reading: had a file changed during the read, an identity taken now
      // would mark the newer version as read and the next write would drop its comments.
      this.snapshot = before;
      whole.adopt();
      this.epoch += 1;
      this.bump([]);
      return;
    }
    throw new Error(`${this.file} kept being rewritten while it was read`);
  }

  /**
   * Catches up with the files. One read at a time: a refresh that finishes late must not replace the
   * state a later write already moved past.
   */
  reload(): Promise<void> {
    const run = this.reading.then(() => this.readChanges());
    this.reading = run.catch(() => undefined);
    return run;
  }

  /** Only the journal's new lines, unless the file was rewritten. */
  private async readChanges(): Promise<void> {
    const now = await identity(this.file);
    if (!now) throw this.disappeared();
    // A new file comes with a new journal (the file is renamed in first), so reading both again is enough.
    if (!sameFile(this.snapshot, now)) return this.loadAll();
    const entries = await this.journal.catchUp(async () => sameFile(this.snapshot, await identity(this.file)));
    if (entries === 'reread') return this.loadAll();
    if (entries.length > 0) this.apply(entries.map(toChange));
  }

  private bump(touched: Iterable<string>): void {
    this.changes += 1;
    for (const article of touched) this.articleVersions.set(article, (this.articleVersions.get(article) ?? 0) + 1);
  }

  private disappeared(): CommentsFileError {
    return new CommentsFileError(this.file, 'has disappeared; it will not be recreated while the server runs');
  }
}
