import { describe, expect, it } from 'vitest';
import { createArticleIndexes } from '../../src/content/article-indexes.js';
import { makeArticle } from '../helpers/articles.js';

const articles = ['harbor', 'river', 'bridge', 'tower', 'island', 'garden'].flatMap((word, i) => [
  makeArticle({ file: `${word}-walks.md`, title: `${word} walks`, date: `2024-01-0${i + 1}`, tags: ['travel'], body: `The ${word} at dawn, the ${word} at dusk, a walk by the ${word}.` }),
  makeArticle({ file: `${word}-notes.md`, title: `Notes on the ${word}`, date: `2024-02-0${i + 1}`, tags: ['travel'], body: `More about the ${word}: ${word} stones and ${word} light.` }),
]);

/** Background slices that run only when the test says so. */
function heldSchedule() {
  const held: Array<() => void> = [];
  return { schedule: (slice: () => void) => void held.push(slice), runOne: () => held.shift()?.() };
}

describe('indexes built in the background', () => {
  it('rank as indexes built at once do, even when asked before any slice has run', () => {
    const { schedule, runOne } = heldSchedule();
    const background = createArticleIndexes(articles, { schedule });
    const atOnce = createArticleIndexes(articles, { background: false });
    expect(background.isComplete()).toBe(false);
    for (const a of articles) expect(background.related().rank(a.slug)).toEqual(atOnce.related().rank(a.slug));
    const visible = () => true;
    expect(background.search().search('harbor stones', visible).map((h) => h.article.slug))
      .toEqual(atOnce.search().search('harbor stones', visible).map((h) => h.article.slug));
    // Both indexes hold every article; the next slice works out the weights the first rankings need.
    expect(background.isComplete()).toBe(false);
    runOne();
    expect(background.isComplete()).toBe(true);
  });

  it('say when the related index is complete, then when both are', async () => {
    const { schedule, runOne } = heldSchedule();
    const indexes = createArticleIndexes(articles, { schedule });
    const order: string[] = [];
    void indexes.relatedComplete.then(() => order.push('related'));
    void indexes.complete.then(() => order.push('all'));
    while (!indexes.isComplete()) {
      runOne();
      await Promise.resolve();
    }
    await indexes.complete;
    expect(order).toEqual(['related', 'all']);
  });
});
