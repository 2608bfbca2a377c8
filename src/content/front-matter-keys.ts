import type { ContentProblem } from '../errors.js';
import { keyPattern } from './front-matter-dates.js';
import { FRONT_MATTER_KEYS, SYNONYMS, namesOf, type FrontMatterKey } from './front-matter-schema.js';

/**
 * 1-based file line of a top-level front matter key, or of the opening fence when absent.
 * `matterText` begins right after the opening fence, so its first line is the rest of file line 1.
 */
export function keyLine(matterText: string, key: string): number {
  const pattern = keyPattern(key);
  const index = matterText.split('\n').findIndex((l) => pattern.test(l));
  return index < 0 ? 1 : index + 1;
}

/** Case, `_` and `-` do not tell keys apart for suggestions: `Tags`, `see-also`, `seeAlso`. */
const folded = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known key an unknown one was probably meant to be (`tittle` → `title`, `Tags` → `tags`). */
export function suggestKey(unknown: string): FrontMatterKey | undefined {
  const word = folded(unknown);
  // Two-letter words resemble too many keys to suggest any.
  const allowed = word.length >= 6 ? 2 : word.length >= 3 ? 1 : 0;
  let best: { key: FrontMatterKey; distance: number } | undefined;
  for (const key of FRONT_MATTER_KEYS) {
    const distance = editDistance(word, folded(key));
    if (distance <= allowed && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

/** One warning per key the schema does not know, at its line, with a suggestion when one fits. */
export function unknownKeyWarnings(keys: readonly string[], matterText: string, file: string): ContentProblem[] {
  const known = new Set<string>(FRONT_MATTER_KEYS);
  return keys.filter((key) => !known.has(key)).map((key) => {
    const suggestion = suggestKey(key);
    return {
      severity: 'warning' as const,
      file,
      line: keyLine(matterText, key),
      message: `unknown front matter key "${key}" is ignored${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    };
  });
}

/** Synonyms written next to the key they stand for (or next to an earlier synonym) are not read: say so. */
export function ignoredSynonymWarnings(data: Readonly<Record<string, unknown>>, matterText: string, file: string): ContentProblem[] {
  const mains = new Set(Object.values(SYNONYMS).map((s) => s.of));
  return [...mains].flatMap((main) => {
    // An empty value (`pubDate:`) is an absent one.
    const present = namesOf(main).filter((name) => data[name] !== undefined && data[name] !== null);
    const [used, ...ignored] = present;
    return ignored.map((name) => ({
      severity: 'warning' as const,
      file,
      line: keyLine(matterText, name),
      message: `"${name}" is ignored because "${used}" is set; keep only one of them`,
    }));
  });
}
