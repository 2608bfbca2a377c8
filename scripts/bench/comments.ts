import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Comment } from '../../src/comments/comment.js';
import { journalFileOf, parseComments, parseJournal, replayJournal, serializeComments } from '../../src/comments/document.js';
import { ROOT, startBlog } from './common.js';

export interface CommentRow {
  readonly stored: number;
  readonly concurrency: number;
  readonly postsPerSecond: number;
  readonly p99: number;
  readonly acknowledged: number;
  /** Acknowledged (303) comments missing from the file afterwards: must be 0. */
  readonly lost: number;
}

const ARTICLE = 'partnerships-in-library-leadership';

function existing(n: number): Comment[] {
  const start = Date.parse('2025-01-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => ({
    id: `seed${i.toString(36).padStart(8, '0')}`,
    article: ARTICLE,
    parent: null,
    author: `Reader ${i}`,
    email: `reader${i}@example.org`,
    url: null,
    text: `Stored comment number ${i}. ${'Some words about library partnerships. '.repeat(8)}`,
    status: 'approved',
    createdAt: new Date(start + i * 1000).toISOString(),
    heldReason: null,
    commenterKey: null,
  }));
}

/** Durable comment POSTs per second through the real app, and a check that every acknowledged one is stored. */
export async function benchComments(storedCounts: readonly number[], concurrencies: readonly number[], seconds: number, serverCpu?: string): Promise<CommentRow[]> {
  const rows: CommentRow[] = [];
  for (const stored of storedCounts) {
    for (const concurrency of concurrencies) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-comments-'));
      const file = join(dir, 'comments.json');
      writeFileSync(file, serializeComments(existing(stored)));
      const blog = await startBlog({ COMMENTS_FILE: file, COMMENT_RATE_LIMIT: '0', WATCH_CONTENT: '0', CONTENT_DIR: join(ROOT, 'content'), CONTENT_CACHE_FILE: join(dir, 'content-cache.bin') }, serverCpu);
      const acknowledged: string[] = [];
      let counter = 0;
      const result = await autocannon({
        url: `http://127.0.0.1:${blog.port}/articles/${ARTICLE}/comments`,
        connections: concurrency,
        duration: seconds,
        requests: [{
          method: 'POST',
          // One request in flight per connection, so the connection's context knows which text was answered.
          setupRequest: (req, context) => {
            counter += 1;
            const text = `Benchmark comment ${counter} ${Math.random().toString(36).slice(2)}`;
            (context as { text?: string }).text = text;
            return {
              ...req,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ author: `Bench ${counter}`, email: `bench${counter}@example.org`, comment: text }).toString(),
            };
          },
          onResponse: (status, _body, context) => {
            if (status === 303) acknowledged.push((context as { text: string }).text);
          },
        }],
      });
      await blog.stop();
      // The files of record: the JSON file with the journal beside it replayed.
      const journal = existsSync(journalFileOf(file)) ? readFileSync(journalFileOf(file)) : new Uint8Array();
      const onDisk = replayJournal(parseComments(readFileSync(file, 'utf8'), file), parseJournal(journal, journalFileOf(file)).entries);
      const texts = new Set([...onDisk.values()].map((c) => c.text));
      rows.push({
        stored,
        concurrency,
        postsPerSecond: Math.round(acknowledged.length / seconds),
        p99: result.latency.p99,
        acknowledged: acknowledged.length,
        lost: acknowledged.filter((text) => !texts.has(text)).length,
      });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
