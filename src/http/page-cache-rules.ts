import type { IncomingMessage } from 'node:http';

/**
 * The page cache's admission rules, kept apart from its bookkeeping: which requests may have a
 * stored answer at all, and what a stored answer costs in memory.
 */

/**
 * Longest URL plus Accept and Accept-Encoding headers, in characters, a stored answer may be keyed on.
 * Browsers send a few hundred; anything longer is answered by the app and never stored, so no
 * request can make a key cost more than this.
 */
export const MAX_KEY_CHARS = 2048;

/**
 * What an entry costs beyond the characters of its key and headers and its body: the map slot, the
 * entry object, the header list, the Buffer object and the pieces a joined key string keeps. Measured
 * at 600–800 bytes through the whole app (heap and buffers after a full collection, 1,500 entries);
 * rounded up so the count errs high.
 */
export const ENTRY_OVERHEAD = 1024;

/** What each stored header name or value costs beyond its characters (the string's own header). */
const STRING_OVERHEAD = 16;

export const keyTooLong = (req: IncomingMessage): boolean =>
  (req.url?.length ?? 0) + (req.headers.accept?.length ?? 0) + (req.headers['accept-encoding']?.length ?? 0) > MAX_KEY_CHARS;

/**
 * True when every query parameter of `url` is one the page declared, each given once and spelled
 * exactly (`pa%67e` is not `page`). Anything else, such as `?utm_source=…`, a random cache-buster or
 * an empty `&&`, would only multiply copies of the same page, so such answers are not stored.
 */
export function onlyDeclaredQuery(url: string, declared: readonly string[]): boolean {
  const start = url.indexOf('?');
  if (start === -1) return true;
  const seen = new Set<string>();
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    if (!declared.includes(name) || seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}

/** Bytes an entry holds: key, headers (name, value, …), body, version and the fixed overhead. Header strings are one byte a character. */
export function entryCost(key: string, headers: readonly string[], bodyLength: number, version: string): number {
  let cost = ENTRY_OVERHEAD + key.length + bodyLength + version.length;
  for (const text of headers) cost += text.length + STRING_OVERHEAD;
  return cost;
}
