import { firstIndexNotBefore } from '../sorted.js';
import type { Article } from './article.js';

/**
 * The non-draft articles in publication order, with the moments at which the visible set changes
 * (publication dates and expiry dates). Changes are made in place, one article at a time: with
 * thousands of articles, a pass over all of them costs more than an edit should.
 */
export interface Timeline {
  /** Every article held, newest first, scheduled and expired ones included. */
  all(): readonly Article[];
  /** The articles published and not expired at time `t`, newest first. */
  visibleAt(t: number): Article[];
  /** How many publication and expiry moments are at or before `t`: it changes exactly when the visible set may. */
  momentsPassed(t: number): string;
  /** The newest article whose trimmed title this is. */
  withTitle(title: string): Article | undefined;
  add(article: Article): void;
  remove(article: Article): void;
}

export const newestFirst = (a: Article, b: Article) =>
  b.date.getTime() - a.date.getTime() || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

export const isVisibleAt = (a: Article, t: number) => a.date.getTime() <= t && !(a.expires && a.expires.getTime() <= t);

/** First index in a sorted list at which `goesBefore` turns false. */
const boundary = <T>(list: readonly T[], goesBefore: (item: T) => boolean) => firstIndexNotBefore(list.length, (i) => goesBefore(list[i]!));

const countAtOrBefore = (times: readonly number[], t: number) => boundary(times, (x) => x <= t);

function insertTime(times: number[], t: number): void {
  times.splice(boundary(times, (x) => x < t), 0, t);
}

function removeTime(times: number[], t: number): void {
  const at = boundary(times, (x) => x < t);
  if (times[at] === t) times.splice(at, 1);
}

export function createTimeline(initial: readonly Article[]): Timeline {
  const sorted = [...initial].sort(newestFirst);
  // Ascending; `sorted` is newest first, so its dates read backwards are already in order.
  const dates = sorted.map((a) => a.date.getTime()).reverse();
  const expiring = new Set(sorted.filter((a) => a.expires));
  const expiries = [...expiring].map((a) => a.expires!.getTime()).sort((x, y) => x - y);
  const titles = new Map<string, Article[]>();
  const addTitle = (a: Article) => {
    const key = a.title.trim();
    const list = titles.get(key);
    if (list) list.push(a);
    else titles.set(key, [a]);
  };
  for (const a of sorted) addTitle(a);

  return {
    all: () => sorted,
    visibleAt(t) {
      // Articles dated after `t` are the first ones; only expiring articles need a closer look.
      const visible = sorted.slice(sorted.length - countAtOrBefore(dates, t));
      const expired = new Set([...expiring].filter((a) => a.expires!.getTime() <= t));
      return expired.size ? visible.filter((a) => !expired.has(a)) : visible;
    },
    momentsPassed: (t) => `${countAtOrBefore(dates, t)}:${countAtOrBefore(expiries, t)}`,
    withTitle(title) {
      const list = titles.get(title);
      return list?.reduce((best, a) => (newestFirst(a, best) < 0 ? a : best));
    },
    add(article) {
      sorted.splice(boundary(sorted, (a) => newestFirst(a, article) < 0), 0, article);
      insertTime(dates, article.date.getTime());
      if (article.expires) {
        expiring.add(article);
        insertTime(expiries, article.expires.getTime());
      }
      addTitle(article);
    },
    remove(article) {
      const at = boundary(sorted, (a) => newestFirst(a, article) < 0);
      if (sorted[at] !== article) return;
      sorted.splice(at, 1);
      removeTime(dates, article.date.getTime());
      if (expiring.delete(article)) removeTime(expiries, article.expires!.getTime());
      const key = article.title.trim();
      const list = titles.get(key)!.filter((a) => a !== article);
      if (list.length) titles.set(key, list);
      else titles.delete(key);
    },
  };
}
