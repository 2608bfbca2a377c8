import { describe, expect, it } from 'vitest';
import { slugFromPath, slugify } from '../../src/content/slug.js';

describe('slugFromPath', () => {
  it('uses the file name of a single-file article', () => {
    expect(slugFromPath('a.md')).toBe('a');
    expect(slugFromPath('Hello World.MD')).toBe('hello-world');
  });

  it('uses the folder name of a bundle', () => {
    expect(slugFromPath('a/index.md')).toBe('a');
    expect(slugFromPath('a/INDEX.md')).toBe('a');
  });

  it('drops a leading publication date, Jekyll style', () => {
    expect(slugFromPath('2024-03-05-hello.md')).toBe('hello');
    expect(slugFromPath('2024-03-05-hello/index.md')).toBe('hello');
  });

  it('keeps a number that is not a full leading date', () => {
    expect(slugFromPath('2024-review.md')).toBe('2024-review');
  });

  it('reads Windows paths with backslashes', () => {
    expect(slugFromPath('hello\\index.md')).toBe('hello');
    expect(slugFromPath('drafts\\2024-03-05-hello.md')).toBe('hello');
  });

  it('treats a top-level index.md as an article named index', () => {
    expect(slugFromPath('index.md')).toBe('index');
  });
});

describe('slugify', () => {
  it('lowercases, drops punctuation and joins words with single hyphens', () => {
    expect(slugify('Communication & Trust: Part 2')).toBe('communication-trust-part-2');
    expect(slugify('  --Already--Hyphenated--  ')).toBe('already-hyphenated');
  });

  it('drops accents from Latin letters', () => {
    expect(slugify('Café crème')).toBe('cafe-creme');
    expect(slugify('naïve résumé')).toBe('naive-resume');
  });

  it('keeps letters of non-Latin scripts', () => {
    expect(slugify('東京 タワー')).toBe('東京-タワー');
    expect(slugify('Привет мир')).toBe('привет-мир');
    expect(slugify('Ελληνικά')).toBe('ελληνικά');
  });

  it('returns an empty string for punctuation only', () => {
    expect(slugify('!!! ??? ...')).toBe('');
    expect(slugify('&')).toBe('');
  });
});
