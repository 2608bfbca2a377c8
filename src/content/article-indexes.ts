import type { Article } from './article.js';
import { createRelatedIndex, type RelatedIndex } from './related.js';
import { createSearchIndex, type SearchIndex } from './search.js';

/**
 * The related-articles and search indexes of the published articles. Articles loaded at start may be
 * indexed later, a slice at a time between requests, so the server can answer before the rankings
 * exist. Whoever asks for an index gets it complete: what is still missing from it is indexed first,
 * there and then, so no page is ever built from half an index.
 */
export interface ArticleIndexes {
  /** The related index with every published article in it. */
  related(): RelatedIndex;
  /** The search index with every published article in it. */
  search(): SearchIndex;
  /** Adds one article to both indexes now, after those still waiting. */
  add(article: Article): void;
  /** Whether no article is waiting to be indexed. */
  isComplete(): boolean;
  /** Resolves once no article waits to be indexed. */
  readonly complete: Promise<void>;
  /** Resolves once the related index has every article (article pages need only that one). */
  readonly relatedComplete: Promise<void>;
}

/** Runs a slice of background work later: after pending I/O by default, so requests get their turn. */
export type Schedule = (slice: () => void) => void;

/** Work done per slice in the background: short enough that a request waits little behind it. */
const SLICE_MS = 8;

/**
 * Indexes of the `initial` articles, built in the background unless told otherwise: the related index
 * first (article pages need it; only searches need the other).
 */
export function createArticleIndexes(initial: readonly Article[] = [], { background = true, schedule = setImmediate as Schedule } = {}): ArticleIndexes {
  let waiting = initial;
  const relatedIndex = createRelatedIndex();
  const searchIndex = createSearchIndex([]);
  let relatedDone = 0;
  let searchDone = 0;
  let finish: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => (finish = resolve));
  let finishRelated: () => void = () => undefined;
  const relatedComplete = new Promise<void>((resolve) => (finishRelated = resolve));

  const addRelated = (a: Article) => relatedIndex.add({ slug: a.slug, title: a.title, text: a.bodyTerms, tags: a.tags.map((t) => t.slug) });
  // Weights are worked out last, so that the first pages after start rank as fast as any later one.
  let weighed = false;
  const isComplete = () => relatedDone === waiting.length && searchDone === waiting.length && weighed;
  const settle = () => {
    if (relatedDone === waiting.length) finishRelated();
    if (!isComplete()) return;
    // The articles are held by the catalog; the list need not keep a removed one alive.
    waiting = [];
    relatedDone = 0;
    searchDone = 0;
    finish();
  };

  function catchUpRelated(until = Infinity): void {
    while (relatedDone < waiting.length && performance.now() < until) addRelated(waiting[relatedDone++]!);
    settle();
  }

  function catchUpSearch(until = Infinity): void {
    while (searchDone < waiting.length && performance.now() < until) searchIndex.upsert(waiting[searchDone++]!);
    settle();
  }

  function slice(): void {
    const until = performance.now() + SLICE_MS;
    catchUpRelated(until);
    catchUpSearch(until);
    if (relatedDone === waiting.length && searchDone === waiting.length && !weighed) {
      weighed = relatedIndex.warm(until);
      settle();
    }
    if (!isComplete()) schedule(slice);
  }

  if (!background) {
    catchUpRelated();
    catchUpSearch();
    weighed = relatedIndex.warm();
  } else if (waiting.length === 0) weighed = true;
  else schedule(slice);
  settle();

  return {
    related() {
      catchUpRelated();
      return relatedIndex;
    },
    search() {
      catchUpSearch();
      return searchIndex;
    },
    add(article) {
      catchUpRelated();
      catchUpSearch();
      // One count of the body's terms, made when the file was read, serves both indexes.
      addRelated(article);
      searchIndex.upsert(article);
    },
    isComplete,
    complete,
    relatedComplete,
  };
}
