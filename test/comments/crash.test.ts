import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import { journalFileOf, parseComments, serializeComments } from '../../src/comments/document.js';
import { fixtureServerEnv, postCommentForm, runPool, serverTracker } from '../helpers/server-process.js';
import { readStoredComments } from '../helpers/stored-comments.js';

const servers = serverTracker();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-crash-'));
});

afterEach(async () => {
  await servers.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const olderComment = (i: number): Comment => ({
  id: `old${i}`,
  article: 'beta',
  parent: null,
  author: `Earlier Reader ${i}`,
  email: `earlier${i}@example.com`,
  url: null,
  text: `An earlier comment, number ${i}, about the volunteers who water the beds every week.`,
  status: 'approved',
  createdAt: new Date(Date.UTC(2026, 4, 11) + i * 1000).toISOString(),
  heldReason: null,
  commenterKey: null,
});

describe('a server process killed in the middle of a storm of comments', () => {
  it('keeps every comment it acknowledged, and a restarted server on the same file shows them', async () => {
    const file = join(dir, 'comments.json');
    // Older comments on another article: a write must not have to rewrite them.
    writeFileSync(file, serializeComments(Array.from({ length: 8000 }, (_, i) => olderComment(i))));
    const env = fixtureServerEnv(file);
    const server = servers.start(env);
    const port = await server.ready;

    const acknowledged: string[] = [];
    const unexpected: number[] = [];
    let unanswered = 0;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      server.child.kill('SIGKILL');
    };
    const timer = setTimeout(kill, 1500);
    try {
      await runPool(5000, 20, async (i) => {
        const text = `Crash comment ${i} 🌱`;
        try {
          const res = await postCommentForm(port, 'alpha', { author: `Crash Reader ${i}`, email: `crash${i}@example.com`, comment: text });
          if (res.status === 303) {
            acknowledged.push(text);
            // A moment later, so the workers have sent their next posts and the server is busy with them.
            if (acknowledged.length === 100) setTimeout(kill, Math.random() * 10);
          } else {
            unexpected.push(res.status);
          }
          await res.arrayBuffer().catch(() => undefined);
        } catch {
          // The connection died with the server: this comment was never acknowledged.
          unanswered += 1;
        }
      }, () => killed);
    } finally {
      clearTimeout(timer);
      kill();
    }
    const run = await server.exited;
    expect(run.signal).toBe('SIGKILL');
    expect(unexpected).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(unanswered).toBeGreaterThan(0);

    const stored = readStoredComments(file).map((c) => c.text);
    expect(acknowledged.filter((t) => !stored.includes(t))).toEqual([]);
    // The killed server had not folded its journal in: only replaying the journal brings them back.
    expect(parseComments(readFileSync(file, 'utf8'), file)).toHaveLength(8000);

    // What a process killed in the middle of a write leaves behind: temp files, and an append cut short.
    writeFileSync(`${file}.99999.0badf00d.tmp`, '{"format": "blog-comments", "version": 1, "comm');
    writeFileSync(`${file}.bak.99999.tmp`, '');
    const journal = readFileSync(journalFileOf(file));
    if (journal.at(-1) === 0x0a) appendFileSync(journalFileOf(file), '{"put":{"id":"torn","article":"alpha","parent":null,"author":"Cut Short","text":"Never acknow');
    const restarted = servers.start(env, 40_000);
    const port2 = await restarted.ready;
    const page = await fetch(`http://127.0.0.1:${port2}/articles/alpha`);
    expect(page.status).toBe(200);
    const $ = cheerio.load(await page.text());
    const shown = new Set($('.comment-content').map((_, el) => $(el).text()).get());
    expect(acknowledged.filter((t) => !shown.has(t))).toEqual([]);
    expect(shown.size).toBe(stored.length - 8000);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Started on a journal, the server folded it into the file, cutting off the unfinished append.
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
    expect(parseComments(readFileSync(file, 'utf8'), file).map((c) => c.text).sort()).toEqual([...stored].sort());

    const after = await postCommentForm(port2, 'alpha', { author: 'After Restart', email: 'after@example.com', comment: 'Written after the restart.' });
    expect(after.status).toBe(303);
    const texts = readStoredComments(file).map((c) => c.text);
    expect(texts).toContain('Written after the restart.');
    expect(acknowledged.filter((t) => !texts.includes(t))).toEqual([]);
  }, 90_000);

  it('starts once the lock a killed server left behind has gone stale, and keeps the comments', async () => {
    const file = join(dir, 'comments.json');
    writeFileSync(file, serializeComments([olderComment(1), { ...olderComment(2), article: 'alpha' }]));
    // proper-lockfile's lock is a folder next to the file; a killed server leaves it, freshly touched.
    mkdirSync(`${file}.lock`);
    const started = Date.now();
    const server = servers.start(fixtureServerEnv(file), 40_000);
    const port = await server.ready;
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    const page = await fetch(`http://127.0.0.1:${port}/articles/alpha`);
    expect(page.status).toBe(200);
    expect(cheerio.load(await page.text())('.comment-content').text()).toBe(olderComment(2).text);
    const res = await postCommentForm(port, 'alpha', { author: 'Ann Reader', email: 'ann@example.com', comment: 'After the stale lock.' });
    expect(res.status).toBe(303);
    expect(readStoredComments(file).map((c) => c.id)).toHaveLength(3);
    // The answer may come just before the lock is released.
    await vi.waitFor(() => expect(readdirSync(dir).sort()).toEqual(['comments.json', 'comments.json.journal']), { timeout: 2000, interval: 20 });
  }, 60_000);
});
