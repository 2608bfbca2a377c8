/**
 * Words of a text as index terms: lower-cased, split on anything that is not a letter or digit, with
 * a light suffix stripper so "partnerships" and "partnership" are one term. Search and relatedness
 * share one pass over every article.
 */

export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('about above after again against all also and any are because been before being below between both but can could did does doing down during each few for from further had has have having her here hers herself him himself his how however into its itself just more most much must not now off once only other our ours out over own same she should some such than that the their theirs them themselves then there these they this those through too under until very was were what when where which while who whom why will with would you your yours yourself'
  ).split(' '),
);

/** "partnerships" → "partnership", "libraries" → "library"; leaves short words and "ss" endings alone. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Every term of a text in order (two characters or more, digits-only words dropped). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    if (word.length < 2 || (word.charCodeAt(0) <= 57 && /^\d+$/.test(word))) continue;
    out.push(stem(word));
  }
  return out;
}

/** How often each term occurs in a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
