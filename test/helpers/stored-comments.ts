import { readFileSync, statSync } from 'node:fs';
import type { Comment } from '../../src/comments/comment.js';
import { byDateThenId, journalFileOf, parseComments, parseJournal, replayJournal } from '../../src/comments/document.js';

const identity = (file: string) => {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : 'none';
};

const readIfExists = (file: string) => {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw err;
  }
};

/**
 * The comments on disk for `file`, as a server starting on it would read them: the file parsed strictly,
 * then its journal replayed, with the project's own parsing code. Oldest first. The pair is read again if
 * a server rewrote the file meanwhile, so a compaction running elsewhere cannot make comments seem lost.
 */
export function readStoredComments(file: string): Comment[] {
  for (;;) {
    const before = identity(file);
    const text = readFileSync(file, 'utf8');
    const journal = readIfExists(journalFileOf(file));
    if (identity(file) !== before) continue;
    const entries = parseJournal(journal, journalFileOf(file)).entries;
    return [...replayJournal(parseComments(text, file), entries).values()].sort(byDateThenId);
  }
}

/** Comment number `n` of a test, as the store keeps it, with any fields replaced. */
export const numberedComment = (n: number, over: Partial<Comment> = {}): Comment => ({
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
