import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/import/progress.js';

const stream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
};

describe('createProgress', () => {
  it('rewrites one counter line on a terminal and clears it at the end', () => {
    const s = stream(true);
    const progress = createProgress(s, 'Converting');
    for (let i = 1; i <= 4; i += 1) progress.update(i, 4);
    progress.end();
    expect(s.writes).toEqual(['\rConverting: 1/4 (25%)', '\rConverting: 2/4 (50%)', '\rConverting: 3/4 (75%)', '\rConverting: 4/4 (100%)', '\r\x1b[K']);
  });

  it('writes a plain line every so many items elsewhere, and nothing for short runs', () => {
    const s = stream(false);
    const progress = createProgress(s, 'Writing', 2);
    for (let i = 1; i <= 5; i += 1) progress.update(i, 5);
    progress.end();
    expect(s.writes).toEqual(['Writing: 2/5\n', 'Writing: 4/5\n']);
    const quiet = stream(false);
    createProgress(quiet, 'Writing').update(3, 3);
    expect(quiet.writes).toEqual([]);
  });
});
