import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalFileOf, parseComments } from '../../src/comments/document.js';
import { fixtureServerEnv, postCommentForm, runPool, serverTracker, stopServer } from '../helpers/server-process.js';
import { readStoredComments } from '../helpers/stored-comments.js';

const servers = serverTracker();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-storm-'));
});

afterEach(async () => {
  await servers.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('a server process under a storm of comments', () => {
  it('answers 300 comments posted 30 at a time with 303, stores every one and shows them all', async () => {
    const file = join(dir, 'comments.json');
    const server = servers.start(fixtureServerEnv(file));
    const port = await server.ready;
    const texts = Array.from({ length: 300 }, (_, i) => `Storm comment ${i} ⛈️ about the reading garden.`);
    const answers: Array<{ text: string; status: number; location: string | null }> = [];

    await runPool(texts.length, 30, async (i) => {
      const res = await postCommentForm(port, 'alpha', { author: `Storm Reader ${i}`, email: `storm${i}@example.com`, comment: texts[i]! });
      answers.push({ text: texts[i]!, status: res.status, location: res.headers.get('location') });
      await res.arrayBuffer();
    });

    expect(answers).toHaveLength(300);
    expect(answers.filter((a) => a.status !== 303)).toEqual([]);
    const stored = readStoredComments(file);
    expect(stored.map((c) => c.text).sort()).toEqual([...texts].sort());
    const idByText = new Map(stored.map((c) => [c.text, c.id]));
    for (const a of answers) expect(a.location).toBe(`/articles/alpha#comment-${idByText.get(a.text)}`);

    const page = await fetch(`http://127.0.0.1:${port}/articles/alpha`);
    expect(page.status).toBe(200);
    const $ = cheerio.load(await page.text());
    expect($('#comments-heading').text()).toBe('300 comments');
    expect($('.comment-content').map((_, el) => $(el).text()).get().sort()).toEqual([...texts].sort());

    // Stopped as a service manager would, the server folds the journal in: the file alone holds them all.
    const run = await stopServer(server, 'SIGTERM');
    expect(run?.code).toBe(0);
    expect(parseComments(readFileSync(file, 'utf8'), file).map((c) => c.text).sort()).toEqual([...texts].sort());
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
  }, 90_000);
});
