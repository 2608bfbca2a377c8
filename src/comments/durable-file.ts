import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { copyFile, link, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Enough to tell that a file was replaced or written to since it was last read. */
export interface FileIdentity {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export const identityOf = (s: Stats): FileIdentity => ({ ino: s.ino, size: s.size, mtimeMs: s.mtimeMs });

export const sameFile = (a: FileIdentity | undefined, b: FileIdentity | undefined) =>
  a === b || (!!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** The file's identity, or undefined if there is no such file. */
export async function identity(file: string): Promise<FileIdentity | undefined> {
  try {
    return identityOf(await stat(file));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Opens a file that may not exist: undefined then. */
export async function openIfExists(file: string, flags: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, flags);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Flushes a folder, so a file created or renamed in it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `bytes` at the handle's position (the end, for a file opened to append). */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done)).bytesWritten;
}

/**
 * Writes pieces to a new temporary file beside `file` and flushes it; returns its name. Awaiting each
 * piece lets the server answer requests between pieces of a large file.
 */
export async function writeTemp(file: string, pieces: Iterable<string | Uint8Array>): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    for (const piece of pieces) await writeAll(handle, typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return tmp;
}

/**
 * Puts a flushed temporary file in place of `file` atomically and durably: optionally keeps the old
 * version as `<file>.bak` (a hard link, so it costs no copy), renames over, and flushes the folder.
 */
export async function replaceWith(tmp: string, file: string, { keepBak }: { keepBak: boolean }): Promise<void> {
  if (keepBak) {
    try {
      const bakTmp = `${file}.bak.${process.pid}.tmp`;
      await unlink(bakTmp).catch(() => undefined);
      await link(file, bakTmp);
      await rename(bakTmp, `${file}.bak`);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}

/**
 * Makes `<file>.bak` a copy of `file` as it is now, durably. Used once comments were deleted for ever:
 * the previous version, kept as the backup until then, still holds them. A copy rather than a link, so
 * the backup stays whole whatever later happens to the file's bytes.
 */
export async function backUpCurrent(file: string): Promise<void> {
  const bakTmp = `${file}.bak.${process.pid}.tmp`;
  await unlink(bakTmp).catch(() => undefined);
  try {
    await copyFile(file, bakTmp, constants.COPYFILE_EXCL);
    const handle = await open(bakTmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(bakTmp, `${file}.bak`);
  } catch (err) {
    await unlink(bakTmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(file));
}

/**
 * Removes the temporary files (`<file>.*.tmp`) that writes of `file` and of its journal leave while they
 * run, but for those of the process `sparePid`. Under the lock no other process is installing one;
 * without it, `olderThanMs` leaves those written recently, which may still be in use.
 */
export async function removeTempFiles(file: string, sparePid?: number, olderThanMs?: number): Promise<void> {
  const prefix = `${basename(file)}.`;
  const spared = (name: string) => sparePid !== undefined && name.includes(`.${sparePid}.`);
  // Without a lock, a temporary file another process is writing right now is spared by its age.
  const young = async (path: string) => olderThanMs !== undefined &&
    Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs <= olderThanMs;
  for (const name of await readdir(dirname(file))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp') || spared(name)) continue;
    const path = join(dirname(file), name);
    if (!(await young(path))) await unlink(path).catch(() => undefined);
  }
}

/** Replaces `file` atomically and durably: temp file → fsync → `.bak` → rename → fsync of the folder. */
export async function writeDurably(file: string, pieces: Iterable<string | Uint8Array>, options = { keepBak: true }): Promise<void> {
  const tmp = await writeTemp(file, pieces);
  try {
    await replaceWith(tmp, file, options);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
