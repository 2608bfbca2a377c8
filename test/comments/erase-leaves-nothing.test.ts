import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Comment } from '../../src/comments/comment.js';
import { journalFileOf, journalLines, parseComments, serializeComments } from '../../src/comments/document.js';
import { openJsonFileStore, type JsonFileStore } from '../../src/comments/json-file-store.js';
import { numberedComment } from '../helpers/stored-comments.js';

// Written nowhere else, in the name, the email address and the text of the comments to delete.
const MARKER = 'Quillwort7731';
const markerEmail = `${MARKER.toLowerCase()}@example.com`;

let dir: string;
let file: string;
const opened: JsonFileStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comments-erase-'));
  file = join(dir, 'comments.json');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<JsonFileStore> {
  const store = await openJsonFileStore(file);
  opened.push(store);
  return store;
}

const comment = numberedComment;
const marked = (n: number) => comment(n, { author: `${MARKER} Reader`, email: markerEmail, text: `Please forget me, ${MARKER}.` });

/** Every file under the folder, whatever its name, that holds the marker in any letter case. */
function filesHoldingMarker(folder = dir): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesHoldingMarker(path);
    return readFileSync(path).toString('latin1').toLowerCase().includes(MARKER.toLowerCase()) ? [name] : [];
  });
}

const idsIn = (path: string) => parseComments(readFileSync(path, 'utf8'), path).map((c) => c.id);

/**
 * Comments with the marker in every place the store keeps text: the file, `<file>.bak` (the file before
 * the last fold), the journal, and a temporary copy another server was still preparing.
 */
async function storeHoldingMarkedComments(): Promise<JsonFileStore> {
  const store = await open();
  await store.add(comment(1));
  await store.add(marked(2));
  await store.compact();
  await store.add(marked(3));
  await store.compact();
  await store.add(marked(4));
  writeFileSync(`${file}.99999.0badf00d.tmp`, serializeComments([comment(1), marked(2), marked(3)]));
  expect(filesHoldingMarker().sort()).toEqual([
    'comments.json', 'comments.json.99999.0badf00d.tmp', 'comments.json.bak', 'comments.json.journal',
  ]);
  return store;
}

describe('comments deleted for ever', () => {
  it('are in no file of the data folder once an erase by email address resolves, and the backup holds the rest', async () => {
    const store = await storeHoldingMarkedComments();
    expect(await store.eraseByEmail(markerEmail.toUpperCase())).toBe(3);
    expect(filesHoldingMarker()).toEqual([]);
    expect(await store.list()).toEqual([comment(1)]);
    expect(idsIn(file)).toEqual(['c0001']);
    expect(idsIn(`${file}.bak`)).toEqual(['c0001']);
  });

  it('are in no file of the data folder once a delete for ever resolves, and the backup holds the rest', async () => {
    const store = await storeHoldingMarkedComments();
    expect(await store.remove(['c0002', 'c0003', 'c0004'])).toBe(3);
    expect(filesHoldingMarker()).toEqual([]);
    expect(await store.list()).toEqual([comment(1)]);
    expect(idsIn(`${file}.bak`)).toEqual(['c0001']);
  });

  it('are in no file once the erase is asked again after a crash cut it short', async () => {
    // Killed after the deletions reached the journal, before they were folded in: the server that starts
    // next applies them and folds them in, keeping the file it replaces as the backup.
    writeFileSync(file, serializeComments([comment(1), marked(2), marked(3)]));
    writeFileSync(`${file}.bak`, serializeComments([marked(2)]));
    writeFileSync(journalFileOf(file), journalLines([{ delete: 'c0002' }, { delete: 'c0003' }]));
    const store = await open();
    expect(await store.list()).toEqual([comment(1)]);
    expect(await store.eraseByEmail(markerEmail)).toBe(0);
    expect(filesHoldingMarker()).toEqual([]);
    expect(idsIn(`${file}.bak`)).toEqual(['c0001']);
  });
});
