import fc from 'fast-check';
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

describe('terms against a plain regular-expression tokenizer', () => {
  // The straightforward definition the fast tokenizer must agree with on any text.
  const reference = (text: string) =>
    [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)]
      .map(([word]) => word)
      .filter((word) => word.length >= 2 && !/^\d+$/.test(word))
      .map(stem);

  it('agrees on mixed scripts, digits, punctuation and lone surrogates', () => {
    const alphabet = [...'aZ9 _-.,\'’é\u00e9\u0301ÉΣς東\u00a0\t\n', '𝐀', '\ud83d', '\ude00', '😀', 'İ', 'ß', 'ﬁ'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        expect(terms(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      expect(terms(text)).toEqual(reference(text));
    }), { numRuns: 2000 });
  });
});
