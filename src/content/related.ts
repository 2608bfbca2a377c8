import { Postings } from './postings.js';
import { STOP_WORDS, tallyTerms, terms, type TermTally } from './terms.js';

/**
 * Relatedness between articles: shared tags plus TF-IDF cosine similarity of titles and bodies.
 * Pure and deterministic: the same documents always give the same ranking, ties broken by slug.
 */

export interface RelatedDoc {
  readonly slug: string;
  readonly title: string;
  /** The body as plain text, or its terms already counted. */
  readonly text: string | TermTally;
  readonly tags: readonly string[];
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
  /**
   * Works out the documents' weights ahead of the first rankings (otherwise the first ranking after a
   * start pays for thousands of them), until the clock passes `until`; true once every one is done.
   */
  warm(until?: number): boolean;
}

/** Below this, two articles share too little to be worth a link: show fewer links rather than weak ones. */
export const MIN_RELATED_SCORE = 0.12;
const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 0.45;
const TERMS_PER_DOC = 60;
/** Rankings made while warming up (see `warm`). */
const PRACTICE_RANKINGS = 12;

/** Terms that carry meaning for relatedness: no stop words, nothing shorter than three letters. */
const meaningful = (term: string) => term.length > 2 && !STOP_WORDS.has(term);

export function tokenize(text: string): string[] {
  return terms(text).filter(meaningful);
}

type Vector = Map<string, number>;

/** Terms in one list and not the other. */
function changedTerms(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [...before.filter((t) => !is.has(t)), ...after.filter((t) => !was.has(t))];
}

/**
 * A document's terms with their log-scaled frequency (1 + ln count, the TF part of its TF-IDF
 * weights) as two parallel arrays: a fraction of the memory of a Map. Documents are numbered, so
 * postings and score tables are arrays of numbers rather than maps of slugs.
 */
interface Entry {
  readonly id: number;
  readonly slug: string;
  readonly terms: readonly string[];
  readonly logTf: Float32Array;
  readonly tags: ReadonlySet<string>;
}

/**
 * An index that can change one document at a time: adding or removing a document updates term and
 * tag postings; weights and rankings are then recomputed lazily, only for the articles somebody asks
 * about. A ranking walks the postings of the article's strongest terms, so it costs the length of
 * those lists, not the size of the site.
 */
export function createRelatedIndex(initial: readonly RelatedDoc[] = [], minScore = MIN_RELATED_SCORE): RelatedIndex {
  const entries = new Map<string, Entry>();
  /** Each document by number; a removed document leaves a hole, and its number is not reused. */
  const byId: Array<Entry | undefined> = [];
  const postings = new Map<string, Postings>();
  const byTag = new Map<string, number[]>();
  /** Squared length of each document's TF-IDF vector by number, worked out when first needed. */
  let squares: Array<number | undefined> = [];
  let idfs = new Map<string, number>();
  let rankings = new Map<string, readonly Scored[]>();
  /** The next document number `warm` works out. */
  let warmed = 0;
  /** How many rankings `warm` has made. */
  let practised = 0;

  function invalidate(): void {
    warmed = 0;
    squares = [];
    idfs = new Map();
    rankings = new Map();
  }

  function idf(term: string): number {
    let value = idfs.get(term);
    if (value === undefined) {
      value = Math.log((entries.size + 1) / (postings.get(term)?.length ?? 1));
      idfs.set(term, value);
    }
    return value;
  }

  /** Takes a document out of the postings, leaving the caches to the caller. */
  function detach(slug: string, entry: Entry): void {
    for (const term of entry.terms) {
      const list = postings.get(term)!;
      list.remove(entry.id);
      if (list.length === 0) postings.delete(term);
    }
    for (const tag of entry.tags) {
      const list = byTag.get(tag)!;
      list.splice(list.indexOf(entry.id), 1);
      if (list.length === 0) byTag.delete(tag);
    }
    entries.delete(slug);
  }

  function remove(slug: string): void {
    const entry = entries.get(slug);
    if (!entry) return;
    detach(slug, entry);
    byId[entry.id] = undefined;
    if (byId.length > 64 && entries.size < byId.length / 2) renumber();
    // The number of documents changed, and with it every term's IDF.
    invalidate();
  }

  /** Numbers the documents afresh once most numbers are holes, so score tables stay as long as the site. */
  function renumber(): void {
    const to = new Int32Array(byId.length).fill(-1);
    const kept = byId.filter((e): e is Entry => e !== undefined);
    byId.length = 0;
    for (const entry of kept) {
      to[entry.id] = byId.length;
      const renumbered = { ...entry, id: byId.length };
      byId.push(renumbered);
      entries.set(entry.slug, renumbered);
    }
    for (const list of postings.values()) for (let i = 0; i < list.length; i += 1) list.ids[i] = to[list.ids[i]!]!;
    for (const list of byTag.values()) list.forEach((id, i) => (list[i] = to[id]!));
  }

  function add(doc: RelatedDoc): void {
    const previous = entries.get(doc.slug);
    const body = typeof doc.text === 'string' ? tallyTerms(doc.text) : doc.text;
    // A tally's terms are distinct, so they go straight into the lists; only the title's are merged.
    // Every article is added at start: no Map per article keeps that quick.
    const termList: string[] = [];
    const counts: number[] = [];
    for (let i = 0; i < body.terms.length; i += 1) {
      const term = body.terms[i]!;
      if (!meaningful(term)) continue;
      termList.push(term);
      counts.push(body.counts[i]!);
    }
    for (const term of tokenize(doc.title)) {
      const at = termList.indexOf(term);
      if (at < 0) {
        termList.push(term);
        counts.push(TITLE_WEIGHT);
      } else counts[at]! += TITLE_WEIGHT;
    }
    const tags = new Set(doc.tags);
    // An edited article keeps its number and the number of documents: only the terms it gained or
    // lost change their IDF, so the other vectors' lengths are corrected for those terms instead of
    // all recomputed.
    const changed = previous ? changedTerms(previous.terms, termList) : [];
    const idfBefore = new Map(changed.map((t) => [t, idf(t)]));
    if (previous) detach(doc.slug, previous);
    const id = previous ? previous.id : byId.length;
    const logTf = Float32Array.from(counts, (count) => 1 + Math.log(count));
    const entry: Entry = { id, slug: doc.slug, terms: termList, logTf, tags };
    entries.set(doc.slug, entry);
    byId[id] = entry;
    for (let i = 0; i < termList.length; i += 1) {
      const term = termList[i]!;
      let list = postings.get(term);
      if (!list) {
        list = new Postings();
        postings.set(term, list);
      }
      list.add(id, logTf[i]!);
    }
    for (const tag of tags) (byTag.get(tag) ?? byTag.set(tag, []).get(tag)!).push(id);
    if (!previous) return invalidate();
    rankings = new Map();
    squares[id] = undefined;
    for (const term of changed) {
      idfs.delete(term);
      const list = postings.get(term);
      if (!list) continue;
      const delta = idf(term) ** 2 - idfBefore.get(term)! ** 2;
      for (let j = 0; j < list.length; j += 1) {
        const other = list.ids[j]!;
        const square = squares[other];
        if (other !== id && square !== undefined) squares[other] = square + list.weights[j]! ** 2 * delta;
      }
    }
  }

  /** Length of a document's whole TF-IDF vector. */
  function normOf(entry: Entry): number {
    let square = squares[entry.id];
    if (square === undefined) {
      square = 0;
      for (let i = 0; i < entry.terms.length; i += 1) square += (entry.logTf[i]! * idf(entry.terms[i]!)) ** 2;
      squares[entry.id] = square;
    }
    return Math.sqrt(square) || 1;
  }

  /** The article's strongest terms with their normalised weights. */
  function strongest(slug: string): Vector {
    const entry = entries.get(slug)!;
    const weights = entry.terms.map((term, i) => entry.logTf[i]! * idf(term));
    const order = entry.terms.map((_, i) => i)
      .sort((a, b) => weights[b]! - weights[a]! || (entry.terms[a]! < entry.terms[b]! ? -1 : 1))
      .slice(0, TERMS_PER_DOC);
    const norm = Math.sqrt(order.reduce((sum, i) => sum + weights[i]! * weights[i]!, 0)) || 1;
    return new Map(order.map((i) => [entry.terms[i]!, weights[i]! / norm]));
  }

  function compute(slug: string): Scored[] {
    const { id, tags } = entries.get(slug)!;
    // Scores by document number: tables as long as the numbering, and the numbers touched.
    const text = new Float64Array(byId.length);
    const sharedTags = new Uint16Array(byId.length);
    const candidates: number[] = [];
    const seen = new Uint8Array(byId.length);
    const consider = (other: number) => {
      if (other !== id && seen[other] === 0) {
        seen[other] = 1;
        candidates.push(other);
      }
    };
    for (const [term, w] of strongest(slug)) {
      const { ids, weights: logTf, length } = postings.get(term)!;
      const termIdf = idf(term);
      for (let i = 0; i < length; i += 1) {
        const other = ids[i]!;
        text[other]! += w * logTf[i]! * termIdf;
        consider(other);
      }
    }
    for (const tag of tags) {
      for (const other of byTag.get(tag) ?? []) {
        consider(other);
        sharedTags[other]! += 1;
      }
    }
    const scored: Scored[] = [];
    for (const other of candidates) {
      const entry = byId[other]!;
      const shared = sharedTags[other]!;
      const tagScore = shared ? shared / Math.sqrt(tags.size * entry.tags.size) : 0;
      const textScore = text[other]! / normOf(entry);
      const score = (1 - TAG_WEIGHT) * textScore + TAG_WEIGHT * tagScore;
      if (score >= minScore) scored.push({ slug: entry.slug, score });
    }
    return scored.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }

  for (const doc of initial) add(doc);

  return {
    add,
    remove,
    warm(until = Infinity) {
      while (warmed < byId.length) {
        if (performance.now() >= until) return false;
        const entry = byId[warmed++];
        if (entry) normOf(entry);
      }
      // A few rankings made now get the ranking code compiled for speed before a reader's page or an
      // editor's save needs one; their results are kept like any other.
      while (practised < PRACTICE_RANKINGS && practised < byId.length) {
        if (performance.now() >= until) return false;
        const entry = byId[Math.floor((practised++ * byId.length) / PRACTICE_RANKINGS)];
        if (entry && !rankings.has(entry.slug)) rankings.set(entry.slug, compute(entry.slug));
      }
      return true;
    },
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
