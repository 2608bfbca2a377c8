import { STOP_WORDS, termCounts, terms } from './terms.js';

/**
 * Relatedness between articles: shared tags plus TF-IDF cosine similarity of titles and bodies.
 * Pure and deterministic: the same documents always give the same ranking, ties broken by slug.
 */

export interface RelatedDoc {
  readonly slug: string;
  readonly title: string;
  readonly text: string;
  readonly tags: readonly string[];
  /** termCounts(text), when the caller has them already (the search index needs them too). */
  readonly textCounts?: ReadonlyMap<string, number>;
}

export interface Scored {
  readonly slug: string;
  readonly score: number;
}

export interface RelatedIndex {
  /** Every other document scoring at least the minimum, best first. */
  rank(slug: string): readonly Scored[];
  /** Adds a document, or replaces the one with the same slug. */
  add(doc: RelatedDoc): void;
  remove(slug: string): void;
}

/** Below this, two articles share too little to be worth a link: show fewer links rather than weak ones. */
export const MIN_RELATED_SCORE = 0.12;
const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 0.45;
const TERMS_PER_DOC = 60;

/** Terms that carry meaning for relatedness: no stop words, nothing shorter than three letters. */
const meaningful = (term: string) => term.length > 2 && !STOP_WORDS.has(term);

export function tokenize(text: string): string[] {
  return terms(text).filter(meaningful);
}

type Vector = Map<string, number>;

function normalize(weights: Vector): Vector {
  const top = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TERMS_PER_DOC);
  const norm = Math.sqrt(top.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
  return new Map(top.map(([t, w]) => [t, w / norm]));
}

interface Entry {
  readonly tf: Vector;
  readonly tags: ReadonlySet<string>;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  (map.get(key) ?? map.set(key, new Set()).get(key)!).add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/**
 * An index that can change one document at a time: adding or removing a document updates term and
 * tag postings and document frequencies; vectors and rankings are then recomputed lazily, only for
 * the articles somebody asks about.
 */
export function createRelatedIndex(initial: readonly RelatedDoc[] = [], minScore = MIN_RELATED_SCORE): RelatedIndex {
  const entries = new Map<string, Entry>();
  const df = new Map<string, number>();
  const postings = new Map<string, Set<string>>();
  const byTag = new Map<string, Set<string>>();
  let vectors = new Map<string, Vector>();
  let rankings = new Map<string, readonly Scored[]>();

  function invalidate(): void {
    vectors = new Map();
    rankings = new Map();
  }

  function remove(slug: string): void {
    const entry = entries.get(slug);
    if (!entry) return;
    for (const term of entry.tf.keys()) {
      const n = (df.get(term) ?? 1) - 1;
      if (n > 0) df.set(term, n);
      else df.delete(term);
      removeFrom(postings, term, slug);
    }
    for (const tag of entry.tags) removeFrom(byTag, tag, slug);
    entries.delete(slug);
    invalidate();
  }

  function add(doc: RelatedDoc): void {
    remove(doc.slug);
    const tf: Vector = new Map();
    for (const [term, count] of doc.textCounts ?? termCounts(doc.text)) if (meaningful(term)) tf.set(term, count);
    for (const term of tokenize(doc.title)) tf.set(term, (tf.get(term) ?? 0) + TITLE_WEIGHT);
    const tags = new Set(doc.tags);
    entries.set(doc.slug, { tf, tags });
    for (const term of tf.keys()) {
      df.set(term, (df.get(term) ?? 0) + 1);
      addTo(postings, term, doc.slug);
    }
    for (const tag of tags) addTo(byTag, tag, doc.slug);
    invalidate();
  }

  /** Normalised TF-IDF weights of a document's strongest terms. */
  function vectorOf(slug: string): Vector {
    let vector = vectors.get(slug);
    if (!vector) {
      const n = entries.size;
      const weights: Vector = new Map();
      for (const [term, count] of entries.get(slug)!.tf) weights.set(term, (1 + Math.log(count)) * Math.log((n + 1) / (df.get(term) ?? 1)));
      vector = normalize(weights);
      vectors.set(slug, vector);
    }
    return vector;
  }

  function compute(slug: string): Scored[] {
    const own = vectorOf(slug);
    const tags = entries.get(slug)!.tags;
    const candidates = new Set<string>();
    for (const term of own.keys()) for (const other of postings.get(term) ?? []) candidates.add(other);
    for (const tag of tags) for (const other of byTag.get(tag) ?? []) candidates.add(other);
    candidates.delete(slug);
    const scored: Scored[] = [];
    for (const other of candidates) {
      const theirs = vectorOf(other);
      let text = 0;
      for (const [term, weight] of own) text += weight * (theirs.get(term) ?? 0);
      const theirTags = entries.get(other)!.tags;
      const shared = [...tags].filter((t) => theirTags.has(t)).length;
      const tagScore = shared ? shared / Math.sqrt(tags.size * theirTags.size) : 0;
      const score = (1 - TAG_WEIGHT) * text + TAG_WEIGHT * tagScore;
      if (score >= minScore) scored.push({ slug: other, score });
    }
    return scored.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  for (const doc of initial) add(doc);

  return {
    add,
    remove,
    rank(slug) {
      let ranking = rankings.get(slug);
      if (!ranking) {
        ranking = entries.has(slug) ? compute(slug) : [];
        rankings.set(slug, ranking);
      }
      return ranking;
    },
  };
}
