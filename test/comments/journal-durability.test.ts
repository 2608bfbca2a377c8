import { constants, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalFileOf } from '../../src/comments/document.js';
import { openJsonFileStore, type JsonFileStore } from '../../src/comments/json-file-store.js';

let dir: string;
let store: JsonFileStore | undefined;

beforeEach(() => {
  // The real path: /proc names open files by it.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'comments-dsync-')));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The open-file flags (as in open(2)) of every descriptor this process has open on `path`, read from Linux's /proc. */
function openFlagsOf(path: string): number[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return []; // closed meanwhile
    }
    if (target !== path) return [];
    const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined ? [] : [Number.parseInt(flags, 8)];
  });
}

describe('the journal', () => {
  it('is appended to through a descriptor opened with O_DSYNC, so each acknowledged write is on disk when it returns', async () => {
    const file = join(dir, 'comments.json');
    store = await openJsonFileStore(file);
    await store.add({
      id: 'c1', article: 'alpha', parent: null, author: 'Ann Reader', email: 'ann@example.com', url: null,
      text: 'Kept through a power cut.', status: 'approved', createdAt: '2026-06-01T12:00:00.000Z', heldReason: null, commenterKey: null,
    });
    // The store keeps the journal open for its next append.
    const flags = openFlagsOf(journalFileOf(file));
    expect(flags).toHaveLength(1);
    const [append] = flags as [number];
    expect(append & constants.O_APPEND).toBe(constants.O_APPEND);
    expect(append & constants.O_DSYNC).toBe(constants.O_DSYNC);
  });
});
