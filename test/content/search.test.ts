import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { createSearchIndex, passageFor, type PassageRun } from '../../src/content/search.js';
import { makeArticle } from '../helpers/articles.js';

const inTitle = makeArticle({
  file: 'gardens.md',
  title: 'Community gardens at the library',
  date: '2024-03-01',
  body: 'Volunteers plant vegetables behind the branch every spring.',
});
const inBody = makeArticle({
  file: 'volunteers.md',
  title: 'Thanking our volunteers',
  date: '2024-03-02',
  body: 'This year volunteers also looked after the gardens and the reading room.',
});
const partnerships = makeArticle({
  file: 'partnerships.md',
  title: 'Local alliances',
  date: '2024-03-03',
  tags: ['leadership'],
  body: 'Strong partnerships with schools keep the library busy.',
});
const secret = makeArticle({
  file: 'secret.md',
  title: 'Secret gardens',
  date: '2024-03-04',
  body: 'Not public yet.',
});
const articles = [inTitle, inBody, partnerships, secret];
const index = createSearchIndex(articles);
const everyone = () => true;

const slugs = (hits: readonly { article: Article }[]) => hits.map((h) => h.article.slug);
const matched = (runs: readonly PassageRun[]) => runs.filter((r) => r.match).map((r) => r.text);
const joined = (runs: readonly PassageRun[]) => runs.map((r) => r.text).join('');

describe('createSearchIndex', () => {
  it('ranks an article with the word in its title above one with it only in the body', () => {
    const hits = index.search('gardens', (a) => a.slug !== 'secret');
    expect(slugs(hits)).toEqual(['gardens', 'volunteers']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('matches the beginning of a word', () => {
    expect(slugs(index.search('partner', everyone))).toEqual(['partnerships']);
  });

  it('finds an article by its tag', () => {
    expect(slugs(index.search('leadership', everyone))).toEqual(['partnerships']);
  });

  it('needs every word of the query to match', () => {
    expect(slugs(index.search('gardens reading', everyone))).toEqual(['volunteers']);
  });

  it('never returns an article the visibility check rejects', () => {
    expect(slugs(index.search('secret', (a) => a.slug !== 'secret'))).toEqual([]);
    expect(slugs(index.search('gardens', (a) => a.slug !== 'secret'))).not.toContain('secret');
    expect(slugs(index.search('secret', everyone))).toEqual(['secret']);
  });

  it('finds nothing for an empty or blank query', () => {
    expect(index.search('', everyone)).toEqual([]);
    expect(index.search('   \t ', everyone)).toEqual([]);
  });

  it('ranks and scores the same after articles are replaced by new versions of themselves', () => {
    const changing = createSearchIndex(articles);
    const before = changing.search('gardens', everyone).map((h) => [h.article.slug, h.score]);
    for (const article of articles) changing.upsert(article);
    for (const article of articles) changing.upsert(article);
    expect(changing.search('gardens', everyone).map((h) => [h.article.slug, h.score])).toEqual(before);
  });

  it('gives each hit a passage with the matched words marked', () => {
    const [hit] = index.search('partner', everyone);
    expect(matched(hit!.passage)).toEqual(['partnerships']);
    expect(joined(hit!.passage)).toBe('Strong partnerships with schools keep the library busy.');
  });
});

describe('search hits', () => {
  it('keep their highlights when the index changes before their passage is shown', () => {
    const many = Array.from({ length: 70 }, (_, i) => makeArticle({
      file: `filler-${i}.md`, title: `Filler ${i}`, date: '2024-01-01', body: i === 69 ? 'A zebra crossing by the library.' : 'Nothing to see.',
    }));
    const changing = createSearchIndex(many);
    const [hit] = changing.search('zebra', everyone);
    // Removing most articles renumbers the rest.
    for (const article of many.slice(0, 60)) changing.remove(article.slug);
    changing.upsert(makeArticle({ file: 'late.md', title: 'Late', date: '2024-01-02', body: 'Zebra stripes.' }));
    expect(matched(hit!.passage)).toEqual(['zebra']);
  });
});

describe('passageFor', () => {
  it('marks the whole word a term begins as a match', () => {
    expect(passageFor('We build partnerships with schools.', ['partner'])).toEqual([
      { text: 'We build ', match: false },
      { text: 'partnerships', match: true },
      { text: ' with schools.', match: false },
    ]);
  });

  it('ignores a term found only inside another word, and matches regardless of case', () => {
    const runs = passageFor('Friendship ships. SHIPS sail.', ['ships']);
    expect(matched(runs)).toEqual(['ships', 'SHIPS']);
    expect(joined(runs)).toBe('Friendship ships. SHIPS sail.');
  });

  it('cuts long text around the first match, with an ellipsis on each cut side', () => {
    const before = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const after = Array.from({ length: 60 }, (_, i) => `tail${i}`).join(' ');
    const runs = passageFor(`${before} needle ${after}`, ['needle'], 100);
    expect(runs[0]).toEqual({ text: '… ', match: false });
    expect(runs.at(-1)).toEqual({ text: ' …', match: false });
    expect(matched(runs)).toEqual(['needle']);
    const text = joined(runs).slice(2, -2);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(`${before} needle ${after}`).toContain(text);
    expect(text).toMatch(/^word\d+ .* tail\d+$/);
  });

  it('does not add an ellipsis when the whole text fits', () => {
    const runs = passageFor('Short text with a needle.', ['needle'], 100);
    expect(joined(runs)).toBe('Short text with a needle.');
  });

  it('keeps text exactly as written, leaving HTML escaping to the view', () => {
    const text = 'Use <b>bold</b> & "quotes" for the partner\'s notes.';
    const runs = passageFor(text, ['partner']);
    expect(joined(runs)).toBe(text);
    expect(matched(runs)).toEqual(['partner']);
  });

  it('treats regular-expression characters in a term literally', () => {
    const runs = passageFor('axb a.b', ['a.b']);
    expect(joined(runs)).toBe('axb a.b');
    expect(runs.filter((r) => r.match)).toHaveLength(1);
    expect(runs[0]).toEqual({ text: 'axb ', match: false });
  });
});
