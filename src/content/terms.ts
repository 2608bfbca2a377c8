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

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Letters and digits below 128, the common case, answered without a regular expression. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => (WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * One shared copy of each term. Every article keeps a tally of its terms, and most of them are the
 * same few thousand words: without this each tally would keep private copies of them.
 */
const shared = new Map<string, string>();
const SHARED_LIMIT = 500_000;

export function shareTerm(term: string): string {
  const known = shared.get(term);
  if (known !== undefined) return known;
  if (shared.size >= SHARED_LIMIT) shared.clear();
  // Long slices point into the whole text they were cut from; a copy lets that text go.
  const own = term.length > 12 ? Buffer.from(term, 'utf8').toString('utf8') : term;
  shared.set(own, own);
  return own;
}

/**
 * Calls `visit` with every term of a text in order: runs of letters and digits, two code units or
 * more, words of digits only dropped, stemmed. A loop over character codes rather than a regular
 * expression, as it runs over every article at start.
 */
function eachTerm(text: string, visit: (term: string) => void): void {
  const lower = text.toLowerCase();
  const end = lower.length;
  let start = -1;
  let digitsOnly = true;
  for (let i = 0; i <= end; i += 1) {
    const c = i < end ? lower.charCodeAt(i) : 32;
    let inWord: boolean;
    let width = 1;
    if (c < 128) inWord = ASCII_WORD[c] === 1;
    else if (c >= 0xd800 && c <= 0xdbff && (lower.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      width = 2;
      inWord = WORD_CHAR.test(lower.slice(i, i + 2));
    } else inWord = WORD_CHAR.test(lower[i]!);
    if (inWord) {
      if (start < 0) {
        start = i;
        digitsOnly = true;
      }
      if (c < 48 || c > 57) digitsOnly = false;
    } else if (start >= 0) {
      if (i - start >= 2 && !digitsOnly) visit(stem(lower.slice(start, i)));
      start = -1;
    }
    i += width - 1;
  }
}

/** Every term of a text in order (two characters or more, digits-only words dropped). */
export function terms(text: string): string[] {
  const out: string[] = [];
  eachTerm(text, (term) => out.push(term));
  return out;
}

/** How often each term occurs in a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  eachTerm(text, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  return counts;
}

/** Term counts as two parallel lists: a fraction of the memory of a Map, to keep one per article. */
export interface TermTally {
  readonly terms: readonly string[];
  readonly counts: Uint32Array;
}

export function tallyTerms(text: string): TermTally {
  const counts = termCounts(text);
  return { terms: Array.from(counts.keys(), shareTerm), counts: Uint32Array.from(counts.values()) };
}
