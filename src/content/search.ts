import type { Article } from './article.js';
import { escapeRegExp } from '../regexp.js';
import { firstIndexNotBefore } from '../sorted.js';
import { plainTextOf } from './plain-text.js';
import { Postings } from './postings.js';
import { terms } from './terms.js';

/** A run of passage text; `match` runs are the searched words, to be shown highlighted. */
export interface PassageRun {
  readonly text: string;
  readonly match: boolean;
}

export interface SearchHit {
  readonly article: Article;
  readonly score: number;
  readonly passage: readonly PassageRun[];
}

export interface SearchIndex {
  /** Ranked hits among the articles `isVisible` accepts; an empty or blank query finds nothing. */
  search(query: string, isVisible: (article: Article) => boolean): SearchHit[];
  /** Adds an article, or replaces the one with the same slug. */
  upsert(article: Article): void;
  remove(slug: string): void;
}

export const MAX_QUERY_LENGTH = 200;
const PASSAGE_LENGTH = 220;


/** The part of `text` around the first matching term, cut at word boundaries and split into runs. */
export function passageFor(text: string, terms: readonly string[], length = PASSAGE_LENGTH): PassageRun[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (terms.length === 0) return [{ text: flat.slice(0, length), match: false }];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map(escapeRegExp).sort((a, b) => b.length - a.length).join('|')})`, 'giu');
  const first = pattern.exec(flat);
  let start = first ? Math.max(0, first.index - Math.floor(length / 3)) : 0;
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  const window = flat.slice(start, end);
  const runs: PassageRun[] = [];
  if (start > 0) runs.push({ text: '… ', match: false });
  let last = 0;
  pattern.lastIndex = 0;
  for (const m of window.matchAll(pattern)) {
    // Highlight the whole word the term begins (a prefix match "partner" marks "partnerships").
    const word = /^[\p{L}\p{N}]*/u.exec(window.slice(m.index))![0];
    if (m.index > last) runs.push({ text: window.slice(last, m.index), match: false });
    runs.push({ text: word, match: true });
    last = m.index + word.length;
  }
  if (last < window.length) runs.push({ text: window.slice(last), match: false });
  if (end < flat.length) runs.push({ text: ' …', match: false });
  return runs;
}

/** A hit whose passage is cut from the body only when shown: a page lists a few of many hits. */
function hit(article: Article, score: number, highlight: () => readonly string[]): SearchHit {
  let passage: readonly PassageRun[] | undefined;
  return {
    article,
    score,
    get passage() {
      passage ??= passageFor(plainTextOf(article.markdown), highlight());
      return passage;
    },
  };
}

/** Whether a term's postings hold a document: documents are numbered as they arrive, so postings are in order. */
function holds(list: Postings, id: number): boolean {
  const at = firstIndexNotBefore(list.length, (i) => list.ids[i]! < id);
  return at < list.length && list.ids[at] === id;
}

interface Doc {
  readonly article: Article;
  readonly length: number;
  readonly titleTerms: ReadonlySet<string>;
  readonly tagTerms: ReadonlySet<string>;
}

const BOOST = { title: 3, tags: 2 } as const;
/** Weights of words found by extending or correcting a query word, against 1 for the word itself. */
const PREFIX_WEIGHT = 0.4;
const FUZZY_WEIGHT = 0.3;
const K1 = 1.2;
const B = 0.75;

/** Edit distance at most 1 (one letter added, removed or changed). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Highlight forms of an index term: a stem like "library" must also mark "libraries". */
const highlightForms = (term: string) => (term.endsWith('y') && term.length > 3 ? [term, `${term.slice(0, -1)}i`] : [term]);

/**
 * Full-text index over titles, tags and bodies: BM25 over stemmed terms, with title and tag matches
 * boosted, word beginnings and one-letter typos matched, and every query word required. Built from the
 * term counts relatedness computes anyway, and updated one article at a time.
 */
export function createSearchIndex(articles: readonly Article[]): SearchIndex {
  const docs: Array<Doc | undefined> = [];
  const idBySlug = new Map<string, number>();
  const postings = new Map<string, Postings>();
  let live = 0;
  let totalLength = 0;
  let vocabulary: string[] | undefined;

  function remove(slug: string): void {
    const id = idBySlug.get(slug);
    if (id === undefined) return;
    // Removed documents stay in the postings as gaps, skipped when searching and swept out in bulk.
    totalLength -= docs[id]!.length;
    docs[id] = undefined;
    idBySlug.delete(slug);
    live -= 1;
    if (docs.length > 64 && live < docs.length / 2) compact();
  }

  function compact(): void {
    const renumber = new Map<number, number>();
    const kept = docs.flatMap((doc, id) => (doc ? [[id, doc] as const] : []));
    kept.forEach(([old], i) => renumber.set(old, i));
    for (const [term, list] of postings) {
      const next = new Postings();
      for (let i = 0; i < list.length; i += 1) {
        const to = renumber.get(list.ids[i]!);
        if (to !== undefined) next.add(to, list.weights[i]!);
      }
      if (next.length) postings.set(term, next);
      else postings.delete(term);
    }
    docs.length = 0;
    idBySlug.clear();
    for (const [, doc] of kept) {
      idBySlug.set(doc.article.slug, docs.length);
      docs.push(doc);
    }
    vocabulary = undefined;
  }

  function upsert(article: Article): void {
    remove(article.slug);
    const id = docs.length;
    let length = 0;
    const titleTerms = new Set(terms(article.title));
    const tagTerms = new Set(article.tags.flatMap((t) => terms(t.name)));
    const post = (term: string, count: number) => {
      length += count;
      let list = postings.get(term);
      if (!list) {
        list = new Postings();
        postings.set(term, list);
        vocabulary = undefined;
      }
      list.add(id, count);
    };
    const { terms: bodyTerms, counts } = article.bodyTerms;
    bodyTerms.forEach((term, i) => post(term, counts[i]!));
    // Title and tag words missing from the body still need a posting to be found.
    for (const term of new Set([...titleTerms, ...tagTerms])) if (!bodyTerms.includes(term)) post(term, 0);
    docs.push({ article, length, titleTerms, tagTerms });
    idBySlug.set(article.slug, id);
    live += 1;
    totalLength += length;
  }

  /** Index terms a query word stands for, with their weights: itself, words it begins, near misses. */
  function expand(word: string): Map<string, number> {
    const found = new Map<string, number>();
    if (postings.has(word)) found.set(word, 1);
    const known = (vocabulary ??= [...postings.keys()].sort());
    for (let i = firstIndexNotBefore(known.length, (j) => known[j]! < word); i < known.length && known[i]!.startsWith(word); i += 1) {
      if (!found.has(known[i]!)) found.set(known[i]!, PREFIX_WEIGHT);
    }
    if (word.length >= 4) {
      for (const term of known) if (!found.has(term) && withinOneEdit(word, term)) found.set(term, FUZZY_WEIGHT);
    }
    return found;
  }

  for (const article of articles) upsert(article);

  return {
    upsert,
    remove,
    search(query, isVisible) {
      const words = [...new Set(terms(query.slice(0, MAX_QUERY_LENGTH)))];
      if (words.length === 0 || live === 0) return [];
      const averageLength = totalLength / live || 1;
      // Scores and matched query words by document number: arrays rather than an object per hit,
      // as a common word can match every article.
      const scores = new Float64Array(docs.length);
      const matchedWords = new Int32Array(docs.length);
      const touched: number[] = [];
      const searched = new Set<string>();
      words.forEach((word, w) => {
        for (const [term, weight] of expand(word)) {
          searched.add(term);
          const list = postings.get(term)!;
          // Replaced and removed articles stay in the postings as gaps until swept out: not counted.
          let df = 0;
          for (let i = 0; i < list.length; i += 1) if (docs[list.ids[i]!]) df += 1;
          const idf = Math.log(1 + (live - df + 0.5) / (df + 0.5));
          for (let i = 0; i < list.length; i += 1) {
            const id = list.ids[i]!;
            const doc = docs[id];
            if (!doc) continue;
            const tf = list.weights[i]!;
            const body = tf ? (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / averageLength)) : 0;
            const fields = body + (doc.titleTerms.has(term) ? BOOST.title : 0) + (doc.tagTerms.has(term) ? BOOST.tags : 0);
            if (matchedWords[id] === 0) touched.push(id);
            scores[id]! += weight * idf * fields;
            matchedWords[id]! |= 1 << Math.min(w, 30);
          }
        }
      });
      const everyWord = words.slice(0, 31).reduce((mask, _w, i) => mask | (1 << i), 0);
      // The terms a hit matched, for highlighting, are looked up only for the hits that are shown, in
      // the postings as they are now: later changes only append to them or replace them whole.
      const lists = [...searched].map((term) => [term, postings.get(term)!] as const);
      const matchedTerms = (id: number) => lists.filter(([, list]) => holds(list, id)).flatMap(([term]) => highlightForms(term));
      return touched
        .filter((id) => (matchedWords[id]! & everyWord) === everyWord && isVisible(docs[id]!.article))
        .sort((a, b) => scores[b]! - scores[a]! || docs[a]!.article.slug.localeCompare(docs[b]!.article.slug))
        .map((id) => hit(docs[id]!.article, scores[id]!, () => matchedTerms(id)));
    },
  };
}
