import MiniSearch from 'minisearch';
import type { Article } from './article.js';

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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

const documentOf = (a: Article) => ({ id: a.slug, title: a.title, tags: a.tags.map((t) => t.name).join(' '), text: a.plainText });

/** Full-text index over titles, tags and bodies, built when content loads and updated one article at a time. */
export function createSearchIndex(articles: readonly Article[]): SearchIndex {
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const mini = new MiniSearch<{ id: string; title: string; tags: string; text: string }>({
    fields: ['title', 'tags', 'text'],
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: true, fuzzy: 0.15, combineWith: 'AND' },
  });
  mini.addAll([...bySlug.values()].map(documentOf));

  return {
    upsert(article) {
      if (mini.has(article.slug)) mini.replace(documentOf(article));
      else mini.add(documentOf(article));
      bySlug.set(article.slug, article);
    },
    remove(slug) {
      if (mini.has(slug)) mini.discard(slug);
      bySlug.delete(slug);
    },
    search(query, isVisible) {
      const q = query.slice(0, MAX_QUERY_LENGTH).trim();
      if (!q) return [];
      return mini.search(q).flatMap((result) => {
        const article = bySlug.get(String(result.id));
        if (!article || !isVisible(article)) return [];
        return [{ article, score: result.score, passage: passageFor(article.plainText, result.terms) }];
      });
    },
  };
}
