import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalFileOf, journalLines, serializeComments } from '../../src/comments/document.js';
import { fixtureServerEnv, serverTracker } from '../helpers/server-process.js';

const servers = serverTracker();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-corrupt-'));
});

afterEach(async () => {
  await servers.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ann = {
  id: 'c1', article: 'alpha', parent: null, author: 'Ann Reader', email: 'ann@example.com', url: null,
  text: 'A comment.', status: 'approved', createdAt: '2026-06-01T12:00:00.000Z', heldReason: null, commenterKey: null,
} as const;
const oneComment = serializeComments([ann]);

describe('a server process started on a damaged comments file', () => {
  it.each([
    ['garbage bytes', Buffer.from([0x00, 0xff, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x0a, 0x80]), 'is not valid JSON'],
    ['truncated JSON', Buffer.from(oneComment.slice(0, oneComment.length - 40)), 'is not valid JSON'],
    ['another program\'s JSON (wrong "format")', Buffer.from('{\n  "format": "wordpress-export",\n  "version": 1,\n  "comments": []\n}\n'), 'is not a comments file (expected "format": "blog-comments")'],
  ])('refuses to start on %s, exits non-zero naming the file, and leaves its bytes as they were', async (_name, bytes, reason) => {
    const file = join(dir, 'comments.json');
    writeFileSync(file, bytes);
    const before = sha256(readFileSync(file));
    const server = servers.start(fixtureServerEnv(file));
    const run = await server.exited;
    expect(run.code).toBe(1);
    expect(run.output).not.toContain('listening on');
    expect(run.output).toContain(`Cannot start: the comments file ${reason}`);
    expect(run.output).toContain(`File: ${file}`);
    expect(run.output).toContain('It has not been changed.');
    expect(sha256(readFileSync(file))).toBe(before);
    expect(readdirSync(dir)).toEqual(['comments.json']);
  }, 30_000);

  it('refuses to start on a journal with a damaged line before its last, names the journal, and leaves both files as they were', async () => {
    const file = join(dir, 'comments.json');
    const journal = journalFileOf(file);
    writeFileSync(file, oneComment);
    writeFileSync(journal, `${journalLines([{ put: { ...ann, id: 'c2' } }])}{"put":{"id":"c3","arti\n${journalLines([{ delete: 'c2' }])}`);
    const before = [sha256(readFileSync(file)), sha256(readFileSync(journal))];
    const server = servers.start(fixtureServerEnv(file));
    const run = await server.exited;
    expect(run.code).toBe(1);
    expect(run.output).not.toContain('listening on');
    expect(run.output).toContain('Cannot start: the comments journal line 2 is not valid JSON');
    expect(run.output).toContain(`File: ${journal}`);
    expect(run.output).toContain('It has not been changed.');
    expect([sha256(readFileSync(file)), sha256(readFileSync(journal))]).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['comments.json', 'comments.json.journal']);
  }, 30_000);
});
