import { describe, expect, it } from 'vitest';
import { Postings } from '../../src/content/postings.js';

const pairs = (p: Postings) => Array.from({ length: p.length }, (_, i) => [p.ids[i], p.weights[i]]);

describe('Postings', () => {
  it('keeps every pair in order as it grows past its first capacity', () => {
    const p = new Postings(2);
    for (let id = 0; id < 9; id += 1) p.add(id, id + 0.5);
    expect(pairs(p)).toEqual(Array.from({ length: 9 }, (_, id) => [id, id + 0.5]));
  });

  it('removes one document and keeps the rest in order; an unknown one changes nothing', () => {
    const p = new Postings();
    for (const id of [4, 8, 15, 16, 23]) p.add(id, id * 2);
    p.remove(15);
    p.remove(99);
    expect(pairs(p)).toEqual([[4, 8], [8, 16], [16, 32], [23, 46]]);
    p.remove(23);
    p.remove(4);
    expect(pairs(p)).toEqual([[8, 16], [16, 32]]);
  });
});
