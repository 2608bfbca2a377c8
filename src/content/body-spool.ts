import { isUtf8 } from 'node:buffer';
import { mkdirSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Markdown bodies read at start wait until their page is first shown: most are never
 * needed, and with thousands of articles they would be most of the process's memory. They are
 * copied, as read, into a file of the process's own that no other process can open (it is removed
 * from its folder as soon as it is open), so a body is the text its article was prepared from even
 * after its file is edited or broken. A spool that cannot be written keeps the bodies in memory.
 */
export interface BodySpool {
  /** Keeps `bytes` from `offset` on (a file's body, valid UTF-8); the function returns their text whenever asked. */
  keep(bytes: Uint8Array, offset: number): () => string;
}

/** Bodies are copied here and written to the file a chunk at a time. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Bodies kept in memory: for tools that read the content once, and when no spool file can be made. */
export const memorySpool: BodySpool = {
  keep(bytes, offset) {
    const copy = Buffer.from(bytes.subarray(offset));
    return () => copy.toString('utf8');
  },
};

/**
 * Where the body starts in a file's bytes, when the body is the file's tail and the bytes are valid
 * UTF-8 (so decoding them changed nothing); undefined otherwise, and the text itself must be kept.
 */
export function bodyStart(bytes: Uint8Array, raw: string, markdown: string): number | undefined {
  return isUtf8(bytes) && raw.endsWith(markdown) ? bytes.length - Buffer.byteLength(markdown) : undefined;
}

/** A spool in a new file inside `folder` (made if missing), or memorySpool when none can be made there. */
export function openBodySpool(folder: string, warn: (message: string) => void): BodySpool {
  let fd: number;
  try {
    mkdirSync(folder, { recursive: true });
    const dir = mkdtempSync(join(folder, 'inkwell-bodies-'));
    const path = join(dir, 'bodies');
    fd = openSync(path, 'w+', 0o600);
    // Gone from the folder at once: nothing to clean up after a crash, nothing another process can read.
    try {
      unlinkSync(path);
      rmSync(dir, { recursive: true });
    } catch {
      // Where an open file cannot be removed it stays: a copy of the articles' own text, in a private folder.
    }
  } catch (err) {
    warn(`article bodies are kept in memory: no spool file could be made in ${folder} (${(err as Error).message})`);
    return memorySpool;
  }
  let chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  /** Where the chunk will be written in the file, and how much of it is used. */
  let chunkAt = 0;
  let used = 0;
  /** Set once the file could not take a chunk (a full disk): the bodies that follow stay in memory. */
  let fallback: BodySpool | undefined;

  /** Writes the chunk out; false when the file cannot take it. */
  function flush(): boolean {
    try {
      let written = 0;
      while (written < used) written += writeSync(fd, chunk, written, used - written, chunkAt + written);
    } catch (err) {
      warn(`article bodies are kept in memory from now on: the spool file cannot be written (${(err as Error).message})`);
      return false;
    }
    chunkAt += used;
    used = 0;
    return true;
  }

  function read(at: number, length: number): string {
    const buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buffer, got, length - got, at + got);
      if (n === 0) throw new Error('the body spool file is shorter than what was written to it');
      got += n;
    }
    return buffer.toString('utf8');
  }

  return {
    keep(bytes, offset) {
      const length = bytes.length - offset;
      if (fallback) return fallback.keep(bytes, offset);
      if (length > chunk.length - used) {
        if (!flush()) return (fallback = memorySpool).keep(bytes, offset);
        // A body bigger than a chunk gets a chunk of its size.
        if (length > chunk.length) chunk = Buffer.allocUnsafeSlow(length);
      }
      const at = chunkAt + used;
      chunk.set(bytes.subarray(offset), used);
      used += length;
      // Still in the chunk (it is written when full): read from there; the text is not kept.
      return () => (at >= chunkAt ? chunk.toString('utf8', at - chunkAt, at - chunkAt + length) : read(at, length));
    },
  };
}
