import { describe, expect, it } from 'vitest';
import { stem, termCounts, terms } from '../../src/content/terms.js';

describe('terms', () => {
  it('splits on anything that is not a letter or digit, lower-cased and stemmed', () => {
    expect(terms('Library Partnerships, libraries & co-hosted events!')).toEqual(['library', 'partnership', 'library', 'co', 'hosted', 'event']);
  });

  it('drops one-character words and numbers', () => {
    expect(terms('a 2024 x9 42 b')).toEqual(['x9']);
  });

  it('keeps letters of every script, accents and characters outside the basic plane', () => {
    expect(terms('Café Ünïcode 東京の図書館 Ελληνικά 𝐀𝐁 test')).toEqual(['café', 'ünïcode', '東京の図書館', 'ελληνικά', '𝐀𝐁', 'test']);
  });

  it('counts each term', () => {
    expect([...termCounts('Garden gardens GARDEN reading')]).toEqual([['garden', 3], ['reading', 1]]);
  });

  it('stems plurals without touching short words or double s', () => {
    expect(['partnerships', 'libraries', 'class', 'bus', 'news'].map(stem)).toEqual(['partnership', 'library', 'class', 'bus', 'news']);
  });
});
