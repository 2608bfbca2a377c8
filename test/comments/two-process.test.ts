import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { journalFileOf, parseComments } from '../../src/comments/document.js';
import { fixtureServerEnv, postCommentForm, runPool, serverTracker, stopServer } from '../helpers/server-process.js';
import { readStoredComments } from '../helpers/stored-comments.js';

const servers = serverTracker();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-two-'));
});

afterEach(async () => {
  await servers.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

async function commentTextsOnPage(port: number): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/articles/alpha`);
  expect(res.status).toBe(200);
  const $ = cheerio.load(await res.text());
  return $('.comment-content').map((_, el) => $(el).text()).get();
}

describe('two server processes sharing one comments file', () => {
  it('lose none of 200 comments posted to both at once, and each ends up showing all of them', async () => {
    const file = join(dir, 'comments.json');
    // Started together, so both also race to create the file.
    const [serverA, serverB] = [servers.start(fixtureServerEnv(file)), servers.start(fixtureServerEnv(file))];
    const [portA, portB] = await Promise.all([serverA.ready, serverB.ready]);
    expect(portA).not.toBe(portB);

    const texts = { a: [] as string[], b: [] as string[] };
    const statuses: number[] = [];
    const storm = (port: number, name: 'a' | 'b') => runPool(100, 10, async (i) => {
      const text = `Comment ${i} sent to server ${name.toUpperCase()}.`;
      texts[name].push(text);
      const res = await postCommentForm(port, 'alpha', { author: `Reader ${name}${i}`, email: `${name}${i}@example.com`, comment: text });
      statuses.push(res.status);
      await res.arrayBuffer();
    });
    await Promise.all([storm(portA, 'a'), storm(portB, 'b')]);

    const all = [...texts.a, ...texts.b].sort();
    expect(all).toHaveLength(200);
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    expect(statuses).toHaveLength(200);
    expect(readStoredComments(file).map((c) => c.text).sort()).toEqual(all);
    for (const port of [portA, portB]) {
      // Each server re-reads what the other wrote within a quarter of a second; a busy CI machine gets longer.
      await vi.waitFor(async () => expect((await commentTextsOnPage(port)).sort()).toEqual(all), { timeout: 15_000, interval: 100 });
    }

    // Both stop at once, each folding the shared journal into the file: the file alone then holds every comment.
    const runs = await Promise.all([stopServer(serverA, 'SIGTERM'), stopServer(serverB, 'SIGTERM')]);
    expect(runs.map((r) => r?.code)).toEqual([0, 0]);
    expect(parseComments(readFileSync(file, 'utf8'), file).map((c) => c.text).sort()).toEqual(all);
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
  }, 90_000);
});
