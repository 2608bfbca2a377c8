import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { identity, sameFile, writeDurably, type FileIdentity } from '../comments/durable-file.js';

/**
 * Which moderator sessions are still valid. Every session carries the generation it was issued in and
 * is honoured only while that is still the current one. Kept behind this interface so that a database
 * can hold it instead of a file.
 */
export interface SessionRevocations {
  /** The generation new sessions are issued in; sessions of any other generation are over. */
  current(): Promise<number>;
  /** Ends every session issued so far, for every moderator and every server sharing it; returns the new generation. */
  revokeAll(): Promise<number>;
}

export const SESSIONS_FILE_NAME = 'admin-sessions.json';

/** Where the sessions file lives: beside the comments file, so it shares its folder, backups and servers. */
export const sessionsFileFor = (commentsFile: string) => join(dirname(commentsFile), SESSIONS_FILE_NAME);

// Random rather than counted: a generation is never used twice, so a revocation cannot be undone by a
// server writing late, nor by the file being deleted (a new file starts a new generation).
const newGeneration = (not?: number) => {
  let next: number;
  do next = randomInt(1, 2 ** 48); while (next === not);
  return next;
};

function parseGeneration(text: string, file: string): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const generation = (value as { generation?: unknown } | undefined)?.generation;
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 1) {
    throw new Error(`${file} does not hold {"generation": <a whole number>}. Delete the file: it is written again at the next `
      + 'moderator request, and every moderator has to log in again.');
  }
  return generation;
}

/** Runs one task at a time, in order, whatever became of the previous one. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The generation in a small JSON file, replaced atomically and durably. Each call checks the file's
 * identity (one stat) and reads it again only when another server or a logout replaced it.
 */
export function fileSessionRevocations(file: string): SessionRevocations {
  let cached: { readonly id: FileIdentity; readonly generation: number } | undefined;
  const exclusive = serialQueue();

  async function stored(): Promise<number | undefined> {
    const id = await identity(file);
    if (!id) return undefined;
    if (cached && sameFile(cached.id, id)) return cached.generation;
    const generation = parseGeneration(await readFile(file, 'utf8'), file);
    cached = { id, generation };
    return generation;
  }

  async function write(generation: number): Promise<number> {
    await writeDurably(file, [`${JSON.stringify({ generation })}\n`], { keepBak: false });
    // Read back at the next call: another server may replace the file right after this one.
    cached = undefined;
    return generation;
  }

  return {
    current: async () => (await stored()) ?? exclusive(async () => (await stored()) ?? write(newGeneration())),
    revokeAll: () => exclusive(async () => write(newGeneration(await stored().catch(() => undefined)))),
  };
}

/** For a single process that need not survive a restart (tests that never log in). */
export function memorySessionRevocations(): SessionRevocations {
  let generation = newGeneration();
  return {
    current: async () => generation,
    revokeAll: async () => (generation = newGeneration(generation)),
  };
}
