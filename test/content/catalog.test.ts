import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { createCatalog, type ArticleLinks, type CatalogOptions } from '../../src/content/catalog.js';
import { makeArticle } from '../helpers/articles.js';

const schools = makeArticle({
  file: 'libraries-and-schools.md',
  title: 'Libraries and schools',
  date: '2024-01-10',
  tags: ['Community', 'Schools'],
  body: 'School partnerships bring pupils into the library. Teachers and librarians plan reading clubs, homework help and class visits together.',
});
const clubs = makeArticle({
  file: 'school-reading-clubs.md',
  title: 'School reading clubs',
  date: '2024-02-10',
  tags: ['Community', 'Schools'],
  body: 'Reading clubs for school pupils meet in the library after class. Teachers and librarians choose the books together.',
});
const budgets = makeArticle({
  file: 'library-budgets.md',
  title: 'Planning library budgets',
  date: '2024-03-10',
  tags: ['Leadership'],
  body: 'A library budget covers staff, books and buildings. Leaders explain the budget to the council every spring.',
});
const events = makeArticle({
  file: 'community-events.md',
  title: 'Community events',
  date: '2024-04-10',
  tags: ['Community'],
  body: 'Library events bring the community together: author talks, reading clubs for adults and a summer fair.',
});
const pasta = makeArticle({
  file: 'cooking-pasta.md',
  title: 'Cooking pasta',
  date: '2024-05-10',
  tags: ['Food'],
  body: 'Boil salted water, add the spaghetti and drain it al dente.',
});
const draft = makeArticle({
  file: 'secret-school-plans.md',
  title: 'Secret school plans',
  date: '2024-02-20',
  tags: ['Community', 'Schools', 'Hidden'],
  draft: true,
  body: 'School reading clubs for pupils in the library after class, planned by teachers and librarians.',
});
const scheduled = makeArticle({
  file: 'summer-reading.md',
  title: 'Summer reading for schools',
  date: '2024-07-01T09:00:00Z',
  tags: ['Community', 'Schools', 'Summer'],
  body: 'Summer reading clubs for school pupils in the library, planned with teachers and librarians.',
});
const all = [schools, clubs, budgets, events, pasta, draft, scheduled];

const JUNE = new Date('2024-06-01T12:00:00Z');

function makeCatalog(articles: readonly Article[] = all, options: Partial<CatalogOptions> = {}) {
  const clock = { now: JUNE };
  const catalog = createCatalog(articles, { now: () => clock.now, seeAlsoCount: 3, relatedCount: 3, ...options });
  return { catalog, clock };
}

const slugs = (list: readonly { slug: string }[]) => list.map((a) => a.slug);
const inline = (links: ArticleLinks) => links.body.flatMap((p) => p.seeAlso.map((l) => l.slug));

describe('createCatalog', () => {
  it('lists published articles newest first', () => {
    expect(slugs(makeCatalog().catalog.published())).toEqual([
      'cooking-pasta', 'community-events', 'library-budgets', 'school-reading-clubs', 'libraries-and-schools',
    ]);
  });

  it('orders articles published at the same moment by slug', () => {
    const b = makeArticle({ file: 'b.md', title: 'B', date: '2024-01-01' });
    const a = makeArticle({ file: 'a.md', title: 'A', date: '2024-01-01' });
    expect(slugs(makeCatalog([b, a]).catalog.published())).toEqual(['a', 'b']);
  });

  describe('drafts', () => {
    const { catalog } = makeCatalog();

    it('are never listed, fetched or searched', () => {
      expect(slugs(catalog.published())).not.toContain('secret-school-plans');
      expect(catalog.get('secret-school-plans')).toBeUndefined();
      expect(catalog.search('secret')).toEqual([]);
      expect(slugs(catalog.search('school').map((h) => h.article))).not.toContain('secret-school-plans');
    });

    it('are not counted in tags or listed under them', () => {
      expect(slugs(catalog.tags())).not.toContain('hidden');
      expect(catalog.byTag('hidden')).toBeUndefined();
      expect(catalog.tags().find((t) => t.slug === 'schools')?.count).toBe(2);
      expect(slugs(catalog.byTag('schools')!.articles)).not.toContain('secret-school-plans');
    });

    it('are never linked, even when named in see_also', () => {
      const naming = makeArticle({ file: 'naming.md', title: 'School library plans', date: '2024-05-20', see_also: ['secret-school-plans'], tags: ['Schools'] });
      const { catalog: withNaming } = makeCatalog([...all, naming]);
      for (const article of withNaming.published()) {
        const links = withNaming.links(article);
        expect([...inline(links), ...slugs(links.related)]).not.toContain('secret-school-plans');
      }
    });

    it('named in see_also are not reported as unknown', () => {
      const naming = makeArticle({ file: 'naming.md', title: 'Naming', date: '2024-05-20', see_also: ['secret-school-plans'] });
      expect(makeCatalog([...all, naming]).catalog.problems).toEqual([]);
    });
  });

  describe('scheduled articles', () => {
    it('stay hidden until the clock passes their date, then appear without a rebuild', () => {
      const { catalog, clock } = makeCatalog();
      expect(catalog.get('summer-reading')).toBeUndefined();
      expect(slugs(catalog.published())).not.toContain('summer-reading');
      expect(slugs(catalog.search('summer').map((h) => h.article))).toEqual(['community-events']);
      expect(catalog.byTag('summer')).toBeUndefined();

      clock.now = new Date('2024-07-01T08:59:59Z');
      expect(catalog.get('summer-reading')).toBeUndefined();

      clock.now = new Date('2024-07-01T09:00:00Z');
      expect(catalog.get('summer-reading')?.title).toBe('Summer reading for schools');
      expect(slugs(catalog.published())[0]).toBe('summer-reading');
      expect(slugs(catalog.search('summer').map((h) => h.article))).toContain('summer-reading');
      expect(slugs(catalog.byTag('summer')!.articles)).toEqual(['summer-reading']);
      expect(catalog.tags().find((t) => t.slug === 'schools')?.count).toBe(3);
    });

    it('are not linked before they go live, and are linked after', () => {
      const { catalog, clock } = makeCatalog();
      const before = catalog.links(clubs);
      expect([...inline(before), ...slugs(before.related)]).not.toContain('summer-reading');

      clock.now = new Date('2024-07-02T00:00:00Z');
      const after = catalog.links(clubs);
      expect([...inline(after), ...slugs(after.related)]).toContain('summer-reading');
    });

    it('change version() when they go live, and only then', () => {
      const { catalog, clock } = makeCatalog();
      const v1 = catalog.version();
      clock.now = new Date('2024-06-15T00:00:00Z');
      expect(catalog.version()).toBe(v1);
      clock.now = new Date('2024-07-01T09:00:00Z');
      expect(catalog.version()).not.toBe(v1);
    });
  });

  it('counts tags over published articles, most used first', () => {
    expect(makeCatalog().catalog.tags()).toEqual([
      { name: 'Community', slug: 'community', count: 3 },
      { name: 'Schools', slug: 'schools', count: 2 },
      { name: 'Food', slug: 'food', count: 1 },
      { name: 'Leadership', slug: 'leadership', count: 1 },
    ]);
  });

  it('lists the articles of a tag by its slug, newest first, and nothing for an unknown tag', () => {
    const { catalog } = makeCatalog();
    const community = catalog.byTag('community');
    expect(community?.tag).toEqual({ name: 'Community', slug: 'community' });
    expect(slugs(community!.articles)).toEqual(['community-events', 'school-reading-clubs', 'libraries-and-schools']);
    expect(catalog.byTag('Community')).toBeUndefined();
    expect(catalog.byTag('no-such-tag')).toBeUndefined();
  });

  it('gives the newer and older neighbours of an article, and none past either end', () => {
    const { catalog } = makeCatalog();
    const middle = catalog.neighbours(budgets);
    expect(middle.newer?.slug).toBe('community-events');
    expect(middle.older?.slug).toBe('school-reading-clubs');
    expect(catalog.neighbours(pasta)).toEqual({ older: events });
    expect(catalog.neighbours(schools)).toEqual({ newer: clubs });
  });

  it('gives an unpublished article no neighbours', () => {
    expect(makeCatalog().catalog.neighbours(scheduled)).toEqual({});
  });

  describe('links', () => {
    it('puts the see_also articles first, in their order, then fills up with the most related', () => {
      const article = makeArticle({
        file: 'more-schools.md',
        title: 'More about school libraries',
        date: '2024-05-15',
        tags: ['Schools'],
        see_also: ['cooking-pasta', 'Planning library budgets'],
        body: 'School pupils visit the library with their teachers for reading clubs.',
      });
      const { catalog } = makeCatalog([...all, article]);
      const links = catalog.links(article);
      const placed = inline(links);
      expect(placed).toHaveLength(3);
      expect(placed.slice(0, 2)).toEqual(['cooking-pasta', 'library-budgets']);
      expect(['school-reading-clubs', 'libraries-and-schools']).toContain(placed[2]);
    });

    it('places links as full link objects with the article URL', () => {
      const { catalog } = makeCatalog();
      const first = catalog.links(clubs).body.flatMap((p) => p.seeAlso)[0];
      expect(first).toEqual({ slug: 'libraries-and-schools', title: 'Libraries and schools', href: '/articles/libraries-and-schools' });
    });

    it('never links an article to itself, even when it names itself', () => {
      const selfish = makeArticle({ file: 'selfish.md', title: 'Selfish', date: '2024-05-01', see_also: ['selfish'], tags: ['Community'] });
      const { catalog } = makeCatalog([...all, selfish]);
      for (const article of catalog.published()) {
        const links = catalog.links(article);
        expect([...inline(links), ...slugs(links.related)]).not.toContain(article.slug);
      }
    });

    it('leaves out a see_also slug that names no article, with a warning naming the file', () => {
      const broken = makeArticle({ file: 'broken-ref.md', title: 'Broken ref', date: '2024-05-01', see_also: ['no-such-post', 'library-budgets'] });
      const { catalog } = makeCatalog([...all, broken]);
      expect(catalog.problems).toHaveLength(1);
      expect(catalog.problems[0]).toMatchObject({ severity: 'warning', file: 'broken-ref.md' });
      expect(catalog.problems[0]!.message).toContain('"no-such-post"');
      expect(inline(catalog.links(broken))[0]).toBe('library-budgets');
      expect(inline(catalog.links(broken))).not.toContain('no-such-post');
    });

    it('warns about a See also line in the body that names no article', () => {
      const broken = makeArticle({ file: 'inline-ref.md', title: 'Inline ref', date: '2024-05-01', body: 'Intro.\n\nSee also: ghost-post\n\nOutro.' });
      const { catalog } = makeCatalog([...all, broken]);
      expect(catalog.problems.map((p) => [p.file, p.message.includes('"ghost-post"')])).toEqual([['inline-ref.md', true]]);
    });

    it('puts the article a body See also line names at that spot', () => {
      const article = makeArticle({
        file: 'spot.md',
        title: 'Spot',
        date: '2024-05-01',
        body: 'Intro.\n\nSee also: library-budgets\n\nOutro.',
      });
      const links = makeCatalog([...all, article], { seeAlsoCount: 1 }).catalog.links(article);
      expect(links.body[0]!.seeAlso.map((l) => l.slug)).toEqual(['library-budgets']);
      expect(inline(links)).toEqual(['library-budgets']);
    });

    it('lists as related only articles not already linked in the body', () => {
      const links = makeCatalog(all, { seeAlsoCount: 1, relatedCount: 3 }).catalog.links(clubs);
      expect(inline(links)).toEqual(['libraries-and-schools']);
      expect(slugs(links.related)).toEqual(['community-events']);
    });

    it('lists at most relatedCount related articles, best first', () => {
      const related = (relatedCount: number) =>
        slugs(makeCatalog(all, { seeAlsoCount: 0, relatedCount }).catalog.links(clubs).related);
      expect(related(1)).toEqual(['libraries-and-schools']);
      expect(related(3)).toEqual(['libraries-and-schools', 'community-events']);
    });

    it('never offers an unrelated article as related', () => {
      const { catalog } = makeCatalog(all, { seeAlsoCount: 0, relatedCount: 10 });
      expect(slugs(catalog.links(clubs).related)).not.toContain('cooking-pasta');
      expect(catalog.links(pasta).related).toEqual([]);
    });
  });
});
