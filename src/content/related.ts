/**
 * Relatedness between articles: shared tags plus TF-IDF cosine similarity of titles and bodies.
 * Pure and deterministic: the same documents always give the same ranking, ties broken by slug.
 */

export interface RelatedDoc {
  readonly slug: string;
  readonly title: string;
  readonly text: string;
  readonly tags: readonly string[];
}

export interface Scored {
  readonly slug: string;
  readonly score: number;
}

export interface RelatedIndex {
  /** Every other document scoring at least the minimum, best first. */
  rank(slug: string): readonly Scored[];
}

/** Below this, two articles share too little to be worth a link: show fewer links rather than weak ones. */
export const MIN_RELATED_SCORE = 0.12;
const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 0.45;
const TERMS_PER_DOC = 60;

const STOP_WORDS = new Set(
  ('about above after again against all also and any are because been before being below between both but can could did does doing down during each few for from further had has have having her here hers herself him himself his how however into its itself just more most much must not now off once only other our ours out over own same she should some such than that the their theirs them themselves then there these they this those through too under until very was were what when where which while who whom why will with would you your yours yourself'
  ).split(' '),
);

export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w) && !/^\d+$/.test(w))
    .map(stem);
}

/** A light suffix stripper so "partnerships" and "partnership" count as one term. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

type Vector = Map<string, number>;

function normalize(weights: Vector): Vector {
  const top = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TERMS_PER_DOC);
  const norm = Math.sqrt(top.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
  return new Map(top.map(([t, w]) => [t, w / norm]));
}

export function createRelatedIndex(docs: readonly RelatedDoc[], minScore = MIN_RELATED_SCORE): RelatedIndex {
  const counts = docs.map((doc) => {
    const tf: Vector = new Map();
    for (const term of tokenize(doc.text)) tf.set(term, (tf.get(term) ?? 0) + 1);
    for (const term of tokenize(doc.title)) tf.set(term, (tf.get(term) ?? 0) + TITLE_WEIGHT);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  const vectors = counts.map((tf) => {
    const weights: Vector = new Map();
    for (const [term, count] of tf) weights.set(term, (1 + Math.log(count)) * Math.log((n + 1) / (df.get(term) ?? 1)));
    return normalize(weights);
  });

  // Postings over the kept terms, so a ranking only visits documents sharing a term or a tag.
  const postings = new Map<string, number[]>();
  vectors.forEach((vector, i) => {
    for (const term of vector.keys()) (postings.get(term) ?? postings.set(term, []).get(term)!).push(i);
  });
  const tagSets = docs.map((d) => new Set(d.tags));
  const byTag = new Map<string, number[]>();
  tagSets.forEach((tags, i) => {
    for (const tag of tags) (byTag.get(tag) ?? byTag.set(tag, []).get(tag)!).push(i);
  });
  const indexOf = new Map(docs.map((d, i) => [d.slug, i]));
  const memo = new Map<string, readonly Scored[]>();

  function compute(i: number): Scored[] {
    const textScores = new Map<number, number>();
    for (const [term, weight] of vectors[i]!) {
      for (const j of postings.get(term) ?? []) {
        if (j !== i) textScores.set(j, (textScores.get(j) ?? 0) + weight * vectors[j]!.get(term)!);
      }
    }
    const candidates = new Set(textScores.keys());
    for (const tag of tagSets[i]!) for (const j of byTag.get(tag) ?? []) if (j !== i) candidates.add(j);
    const scored: Scored[] = [];
    for (const j of candidates) {
      const shared = [...tagSets[i]!].filter((t) => tagSets[j]!.has(t)).length;
      const tagScore = shared ? shared / Math.sqrt(tagSets[i]!.size * tagSets[j]!.size) : 0;
      const score = (1 - TAG_WEIGHT) * (textScores.get(j) ?? 0) + TAG_WEIGHT * tagScore;
      if (score >= minScore) scored.push({ slug: docs[j]!.slug, score });
    }
    return scored.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  return {
    rank(slug) {
      const cached = memo.get(slug);
      if (cached) return cached;
      const i = indexOf.get(slug);
      const ranking = i === undefined ? [] : compute(i);
      memo.set(slug, ranking);
      return ranking;
    },
  };
}
