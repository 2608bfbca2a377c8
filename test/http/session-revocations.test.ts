import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSessionRevocations, sessionsFileFor } from '../../src/http/session-revocations.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sessionsFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-test-'));
  folders.push(dir);
  return sessionsFileFor(join(dir, 'comments.json'));
};

describe('the admin sessions file', () => {
  it('lives beside the comments file and keeps one generation until a logout', async () => {
    const file = sessionsFile();
    expect(file.endsWith('/admin-sessions.json')).toBe(true);
    const revocations = fileSessionRevocations(file);
    const generation = await revocations.current();
    expect(await revocations.current()).toBe(generation);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ generation });
    expect(await fileSessionRevocations(file).current()).toBe(generation);
  });

  it('starts a new generation at each logout, seen at once by every reader of the file', async () => {
    const file = sessionsFile();
    const [one, two] = [fileSessionRevocations(file), fileSessionRevocations(file)];
    const seen = new Set([await one.current()]);
    for (let i = 0; i < 3; i += 1) {
      const next = await (i % 2 ? one : two).revokeAll();
      expect(seen.has(next)).toBe(false);
      seen.add(next);
      expect(await one.current()).toBe(next);
      expect(await two.current()).toBe(next);
    }
  });

  it('never brings an ended generation back when the file is deleted', async () => {
    const file = sessionsFile();
    const revocations = fileSessionRevocations(file);
    const ended = [await revocations.current(), await revocations.revokeAll()];
    rmSync(file);
    expect(ended).not.toContain(await revocations.current());
  });

  it('says which file is damaged and what to do, and a logout writes it afresh', async () => {
    const file = sessionsFile();
    writeFileSync(file, '{"generation": "one"');
    const revocations = fileSessionRevocations(file);
    await expect(revocations.current()).rejects.toThrow(`${file} does not hold {"generation": <a whole number>}. Delete the file`);
    const next = await revocations.revokeAll();
    expect(await revocations.current()).toBe(next);
  });
});
