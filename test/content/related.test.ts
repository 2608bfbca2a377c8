import { describe, expect, it } from 'vitest';
import { createRelatedIndex, MIN_RELATED_SCORE, tokenize, type RelatedDoc } from '../../src/content/related.js';

const partnerships: RelatedDoc = {
  slug: 'library-partnerships',
  title: 'Building library partnerships',
  text: 'Public libraries build partnerships with schools, museums and local businesses. A partnership needs shared goals, regular meetings and trust between the library and its partners.',
  tags: ['leadership', 'community'],
};
const schools: RelatedDoc = {
  slug: 'school-partners',
  title: 'Working with school partners',
  text: 'Schools are natural partners for a public library. Shared reading programmes and homework clubs grow from trust and regular meetings between librarians and teachers.',
  tags: ['community'],
};
const budgets: RelatedDoc = {
  slug: 'library-budgets',
  title: 'Planning library budgets',
  text: 'A library budget sets out spending on staff, books and buildings. Leaders present the budget to the council and explain how the library serves the community.',
  tags: ['leadership'],
};
/** Shares one ordinary word ("local") with the library articles and no tag. */
const pasta: RelatedDoc = {
  slug: 'cooking-pasta',
  title: 'Cooking pasta at home',
  text: 'Boil salted water, add the spaghetti, stir often and drain it al dente. Toss with olive oil, local garlic and parmesan cheese.',
  tags: ['food'],
};
const docs = [partnerships, schools, budgets, pasta];

const slugs = (ranking: readonly { slug: string }[]) => ranking.map((s) => s.slug);

describe('createRelatedIndex', () => {
  it('ranks the closest article first, best score first', () => {
    const ranking = createRelatedIndex(docs).rank('library-partnerships');
    expect(slugs(ranking)).toEqual(['school-partners', 'library-budgets']);
    expect(ranking[0]!.score).toBeGreaterThan(ranking[1]!.score);
  });

  it('gives the same ranking and scores whatever order the documents come in', () => {
    const forwards = createRelatedIndex(docs);
    const backwards = createRelatedIndex([...docs].reverse());
    for (const doc of docs) expect(backwards.rank(doc.slug)).toEqual(forwards.rank(doc.slug));
  });

  it('works out weights ahead of time in steps that stop at a deadline, ranking exactly as without', () => {
    const warmed = createRelatedIndex(docs);
    expect(warmed.warm(0)).toBe(false);
    expect(warmed.warm()).toBe(true);
    // An edit keeps the weights it can, and a new document's arrival starts them over.
    warmed.add({ ...schools, text: `${schools.text} Budgets too.` });
    warmed.add({ ...pasta, slug: 'cooking-rice', title: 'Cooking rice' });
    expect(warmed.warm(0)).toBe(false);
    const plain = createRelatedIndex([partnerships, { ...schools, text: `${schools.text} Budgets too.` }, budgets, pasta, { ...pasta, slug: 'cooking-rice', title: 'Cooking rice' }]);
    for (const doc of [...docs, { slug: 'cooking-rice' }]) expect(warmed.rank(doc.slug)).toEqual(plain.rank(doc.slug));
  });

  it('never ranks a document against itself', () => {
    const index = createRelatedIndex(docs, 0);
    for (const doc of docs) expect(slugs(index.rank(doc.slug))).not.toContain(doc.slug);
  });

  it('scores a pair higher when they share a tag', () => {
    const score = (tags: readonly string[]) =>
      createRelatedIndex([partnerships, { ...budgets, tags }], 0).rank('library-partnerships')[0]?.score ?? 0;
    expect(score(['leadership'])).toBeGreaterThan(score(['finance']));
  });

  it('relates two articles by a shared tag alone, even with no words in common', () => {
    const a = { slug: 'a', title: 'Alpha', text: 'Quartz granite basalt.', tags: ['rocks'] };
    const b = { slug: 'b', title: 'Beta', text: 'Violin cello trumpet.', tags: ['rocks'] };
    expect(slugs(createRelatedIndex([a, b]).rank('a'))).toEqual(['b']);
  });

  it('leaves out an unrelated article that scores below MIN_RELATED_SCORE', () => {
    const everything = createRelatedIndex(docs, 0).rank('cooking-pasta');
    expect(everything.length).toBeGreaterThan(0);
    for (const { score } of everything) expect(score).toBeLessThan(MIN_RELATED_SCORE);
    expect(createRelatedIndex(docs).rank('cooking-pasta')).toEqual([]);
    expect(slugs(createRelatedIndex(docs).rank('library-partnerships'))).not.toContain('cooking-pasta');
  });

  it('breaks ties by slug', () => {
    const twin = (slug: string): RelatedDoc => ({ slug, title: 'Reading clubs', text: 'Reading clubs for teenagers meet weekly.', tags: ['clubs'] });
    const index = createRelatedIndex([twin('origin'), twin('zeta'), twin('alpha'), twin('mid')]);
    const ranking = index.rank('origin');
    expect(slugs(ranking)).toEqual(['alpha', 'mid', 'zeta']);
    expect(new Set(ranking.map((s) => s.score)).size).toBe(1);
  });

  it('ranks nothing for an unknown slug', () => {
    expect(createRelatedIndex(docs).rank('no-such-article')).toEqual([]);
  });
});

describe('tokenize', () => {
  it('drops stop words, words of two letters or fewer, and bare numbers', () => {
    expect(tokenize('The future of an ox in 2024 is about them')).toEqual(['future']);
  });

  it('lowercases and folds plurals onto one term', () => {
    expect(tokenize('Partnerships PARTNERSHIP Libraries library')).toEqual(['partnership', 'partnership', 'library', 'library']);
  });

  it('keeps words ending in ss whole', () => {
    expect(tokenize('glass class')).toEqual(['glass', 'class']);
  });

  it('ranks the same after an article is edited in place as an index built from scratch', () => {
    const index = createRelatedIndex(docs, 0);
    for (const doc of docs) index.rank(doc.slug);
    const edited = { ...schools, text: `${schools.text} Budgets for school partnerships are planned with the council.` };
    index.add(edited);
    const fresh = createRelatedIndex([partnerships, edited, budgets, pasta], 0);
    for (const doc of docs) {
      const incremental = index.rank(doc.slug);
      const rebuilt = fresh.rank(doc.slug);
      expect(slugs(incremental)).toEqual(slugs(rebuilt));
      incremental.forEach((s, i) => expect(s.score).toBeCloseTo(rebuilt[i]!.score, 10));
    }
  });

  it('ranks the same after most articles are removed, and after edits and additions that follow', () => {
    const words = ['garden', 'library', 'budget', 'pasta', 'school', 'museum', 'council', 'volunteer', 'reading', 'festival'];
    const doc = (i: number, extra = ''): RelatedDoc => ({
      slug: `doc-${String(i).padStart(3, '0')}`,
      title: `${words[i % 10]} ${words[(i * 3) % 10]}`,
      text: `${words[i % 10]} ${words[(i + 1) % 10]} ${words[(i * 7) % 10]} notes ${extra}`,
      tags: [words[i % 4]!],
    });
    const all = Array.from({ length: 100 }, (_, i) => doc(i));
    const index = createRelatedIndex(all, 0);
    for (const d of all.slice(0, 80)) index.remove(d.slug);
    const survivors = all.slice(80).map((d, i) => (i % 3 === 0 ? doc(80 + i, 'museum council') : d));
    for (const d of survivors) index.add(d);
    index.add(doc(200));
    const fresh = createRelatedIndex([...survivors, doc(200)], 0);
    for (const d of [...survivors, doc(200)]) {
      const incremental = index.rank(d.slug);
      const rebuilt = fresh.rank(d.slug);
      expect(slugs(incremental)).toEqual(slugs(rebuilt));
      incremental.forEach((s, i) => expect(s.score).toBeCloseTo(rebuilt[i]!.score, 10));
    }
  });
});

