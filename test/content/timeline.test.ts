import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article.js';
import { createTimeline, isVisibleAt, newestFirst } from '../../src/content/timeline.js';
import { makeArticle } from '../helpers/articles.js';

const day = (n: number) => `2024-01-${String(n).padStart(2, '0')}`;
const at = (n: number) => Date.parse(`${day(n)}T00:00:00Z`);

// A pool of articles with few distinct dates and titles, so ties and shared titles are common.
const pool: Article[] = Array.from({ length: 12 }, (_, i) =>
  makeArticle({
    file: `a${i}.md`,
    title: ['Garden', 'Library', ' Garden ', 'Budget'][i % 4]!,
    date: day(1 + (i % 5) * 3),
    ...(i % 3 === 0 ? { expires: day(4 + (i % 7) * 2) } : {}),
  }));

describe('createTimeline', () => {
  it('agrees with sorting and filtering every article, through any sequence of additions and removals', () => {
    const step = fc.record({ add: fc.boolean(), which: fc.nat({ max: pool.length - 1 }), moment: fc.integer({ min: 1, max: 28 }) });
    fc.assert(fc.property(fc.array(fc.nat({ max: pool.length - 1 }), { maxLength: 6 }), fc.array(step, { maxLength: 30 }), (start, steps) => {
      const held = new Set(start.map((i) => pool[i]!));
      const timeline = createTimeline([...held]);
      for (const { add, which, moment } of steps) {
        const article = pool[which]!;
        if (add && !held.has(article)) {
          held.add(article);
          timeline.add(article);
        } else if (!add && held.has(article)) {
          held.delete(article);
          timeline.remove(article);
        }
        const t = at(moment);
        const expected = [...held].sort(newestFirst);
        expect(timeline.all()).toEqual(expected);
        expect(timeline.visibleAt(t)).toEqual(expected.filter((a) => isVisibleAt(a, t)));
        for (const title of ['Garden', 'Library', 'Budget']) {
          expect(timeline.withTitle(title)).toBe(expected.find((a) => a.title.trim() === title));
        }
      }
    }), { numRuns: 300 });
  });

  it('counts the publication and expiry moments passed, changing exactly when the visible set may', () => {
    const timeline = createTimeline(pool);
    const seen = new Map<string, string>();
    for (let n = 1; n <= 28; n += 1) {
      const visible = timeline.visibleAt(at(n)).map((a) => a.slug).join(',');
      const moments = timeline.momentsPassed(at(n));
      // Equal counts of moments passed always mean the same visible set.
      expect(seen.get(moments) ?? visible).toBe(visible);
      seen.set(moments, visible);
    }
    expect(seen.size).toBeGreaterThan(3);
  });
});
