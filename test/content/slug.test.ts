import { describe, expect, it } from 'vitest';
import { datePrefixOf, datedSlugFromPath, slugFromPath, slugify } from '../../src/content/slug.js';

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

  it('reads .markdown files and index.markdown bundles like .md', () => {
    expect(slugFromPath('2014-12-17-welcome-to-jekyll.markdown')).toBe('welcome-to-jekyll');
    expect(slugFromPath('trip/index.markdown')).toBe('trip');
  });
});

describe('datePrefixOf and datedSlugFromPath', () => {
  it('give the date a file or bundle name starts with, and the slug with that date kept', () => {
    expect(datePrefixOf('2016-10-06-title.md')).toBe('2016-10-06');
    expect(datePrefixOf('2016-10-06-title/index.md')).toBe('2016-10-06');
    expect(datedSlugFromPath('2016-10-06-Title.markdown')).toBe('2016-10-06-title');
  });

  it('give nothing for a name without a full leading date', () => {
    expect(datePrefixOf('2024-review.md')).toBeUndefined();
    expect(datedSlugFromPath('title.md')).toBeUndefined();
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
