import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseJournal, type JournalEntry, type ParsedJournal } from './document.js';
import { fsyncDir, identity, identityOf, openIfExists, writeAll, writeDurably, type FileIdentity } from './durable-file.js';

// With O_DSYNC each write returns only once its data is on disk, as write + fdatasync would, in one
// step instead of two: under load every step waits its turn behind the requests being served. Where
// there is no O_DSYNC (Windows), appends are followed by an explicit datasync instead.
const DSYNC = constants.O_DSYNC ?? 0;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | DSYNC;

const countLines = (bytes: Uint8Array) => bytes.reduce((n, b) => (b === 0x0a ? n + 1 : n), 0);

/** Reads the file from `from` to its end (as it was when opened), with the identity it had; undefined if it does not exist. */
export async function readFrom(file: string, from: number): Promise<{ bytes: Buffer; identity: FileIdentity } | undefined> {
  const handle = await openIfExists(file, 'r');
  if (!handle) return undefined;
  try {
    const id = identityOf(await handle.stat());
    const bytes = Buffer.alloc(Math.max(0, id.size - from));
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { bytes: bytes.subarray(0, done), identity: id };
  } finally {
    await handle.close();
  }
}

/** Where the journal stands: lines are only ever appended, so its inode and size say whether it changed. */
interface JournalState {
  readonly ino: number;
  readonly size: number;
}

/**
 * The journal beside the comments file, as this process knows it: which file it is, how much of it
 * has been read and applied (always up to the end of a complete line), and a handle kept open for
 * appending. Every method that writes runs under the store's lock.
 */
export class Journal {
  /** The journal as last seen (undefined: there was none). */
  private state: JournalState | undefined;
  /** Kept open for appending while it is the file at `path`. */
  private appending: { readonly handle: FileHandle; readonly ino: number } | undefined;
  private lines = 0;
  /** Bytes read and applied: always the end of a complete line. */
  end = 0;

  constructor(
    readonly path: string,
    private readonly warn: (message: string, err?: unknown) => void,
  ) {}

  get isEmpty(): boolean {
    return !this.state || this.state.size === 0;
  }

  /** Inode of the journal last seen, to tell whether it has been replaced since. */
  get inode(): number | undefined {
    return this.state?.ino;
  }

  /**
   * Reads the whole journal. `parse` then gives its entries (none when there is no journal), throwing
   * if it cannot be parsed; `adopt`, after `parse`, makes it the journal caught up with.
   */
  async readAll(): Promise<{ parse: () => readonly JournalEntry[]; adopt: () => void }> {
    const read = await readFrom(this.path, 0);
    let parsed: ParsedJournal | undefined;
    return {
      parse: () => {
        parsed = read ? parseJournal(read.bytes, this.path) : undefined;
        return parsed?.entries ?? [];
      },
      adopt: () => this.startOver(read?.identity, parsed?.complete ?? 0, parsed?.lines ?? 0),
    };
  }

  private startOver(seen: JournalState | undefined, end: number, lines: number): void {
    this.state = seen && { ino: seen.ino, size: seen.size };
    this.end = end;
    this.lines = lines;
  }

  /**
   * Lines other processes appended since the last look, or 'reread' when the journal was replaced or
   * cut and only reading the file and journal again will do. `fileUnchanged` is asked once the new
   * lines are read: a rewritten file comes with a new journal, whose lines may be what was just read.
   */
  async catchUp(fileUnchanged: () => Promise<boolean>): Promise<readonly JournalEntry[] | 'reread'> {
    const seen = await identity(this.path);
    if (!seen && !this.state) return [];
    // Gone, replaced or shorter without the file being rewritten: nothing to continue from.
    if (!seen || (this.state && seen.ino !== this.state.ino) || seen.size < this.end) return 'reread';
    // Bytes before `end` are complete lines already read, and are never rewritten in place.
    if (seen.size === this.end) {
      this.state = { ino: seen.ino, size: seen.size };
      return [];
    }
    const tail = await readFrom(this.path, this.end);
    if (!tail || tail.identity.ino !== seen.ino || tail.identity.size < this.end) return 'reread';
    if (!(await fileUnchanged())) return 'reread';
    const parsed = parseJournal(tail.bytes, this.path, this.lines + 1);
    this.state = { ino: tail.identity.ino, size: tail.identity.size };
    this.end += parsed.complete;
    this.lines += parsed.lines;
    return parsed.entries;
  }

  /** Appends lines durably: resolves only once they are on disk. After catching up. */
  async append(lines: string): Promise<void> {
    const bytes = Buffer.from(lines, 'utf8');
    const handle = await this.forAppend();
    const ino = this.state!.ino;
    // Bytes after the last complete line are an append a crash cut short, never acknowledged.
    if (this.state!.size > this.end) await handle.truncate(this.end);
    try {
      await writeAll(handle, bytes);
      if (!DSYNC) await handle.datasync();
    } catch (err) {
      // Take back whatever reached the file, so no line whose write failed is ever replayed.
      await handle.truncate(this.end).catch(() => undefined);
      this.state = { ino, size: this.end };
      await this.close();
      throw err;
    }
    this.end += bytes.length;
    this.lines += countLines(bytes);
    this.state = { ino, size: this.end };
  }

  /** Leaves in the journal only what was appended after its first `upTo` bytes (those are now in the file). */
  async dropUpTo(upTo: number): Promise<void> {
    const rest = upTo < this.end ? (await readFrom(this.path, upTo))?.bytes.subarray(0, this.end - upTo) : undefined;
    const kept = rest ?? new Uint8Array();
    await writeDurably(this.path, [kept], { keepBak: false });
    const now = await identity(this.path);
    this.startOver(now, kept.length, countLines(kept));
  }

  async close(): Promise<void> {
    const was = this.appending;
    this.appending = undefined;
    await was?.handle.close().catch((err: unknown) => this.warn(`could not close ${this.path}`, err));
  }

  /** The journal open for appending: the one just caught up with, or a new one, flushed into its folder. */
  private async forAppend(): Promise<FileHandle> {
    if (this.appending && this.appending.ino === this.state?.ino) return this.appending.handle;
    await this.close();
    const handle = await open(this.path, APPEND_FLAGS, 0o600);
    try {
      const { ino, size } = await handle.stat();
      if (this.state ? ino !== this.state.ino : size !== 0) throw new Error(`${this.path} changed while it was locked; nothing was written`);
      // A comment in a file whose name is not yet on disk could vanish with the name.
      if (!this.state) await fsyncDir(dirname(this.path));
      this.state = { ino, size };
      this.appending = { handle, ino };
      return handle;
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }
}
