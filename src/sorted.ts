/**
 * Binary search: the first index in 0..length at which `before(i)` is false, for a `before` that
 * holds for a leading run of indexes and for none after it (as "sorts before x" does in a sorted list).
 */
export function firstIndexNotBefore(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
