/**
 * WordPress keeps two clocks per post: `post_date` in the site's time zone and `post_date_gmt` in UTC.
 * Their difference is the offset the site had at that moment (daylight saving included), so each
 * post keeps the local time its readers saw, with that offset.
 */

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** Milliseconds since the epoch of a WordPress date read as UTC; undefined for `0000-00-00 00:00:00` or junk. */
export function wpDateAsUtc(text: string): number | undefined {
  const m = WP_DATE.exec(text.trim());
  if (!m || m[1] === '0000') return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const back = new Date(ms);
  // Reject dates that roll over (2019-02-30) rather than move them.
  return back.getUTCDate() === d && back.getUTCMonth() === mo! - 1 ? ms : undefined;
}

/** Minutes east of UTC from the local/UTC pair; undefined when the pair gives no real time-zone offset. */
export function offsetMinutes(local: string, gmt: string): number | undefined {
  const l = wpDateAsUtc(local);
  const g = wpDateAsUtc(gmt);
  if (l === undefined || g === undefined) return undefined;
  const minutes = Math.round((l - g) / 60_000);
  // Real offsets lie within −12:00…+14:00 and are whole quarter hours.
  return minutes >= -12 * 60 && minutes <= 14 * 60 && minutes % 15 === 0 ? minutes : undefined;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2019-05-03 10:00:00` local with +120 → `2019-05-03T10:00:00+02:00`; undefined if the local date is not a date. */
export function localDateTime(local: string, offset: number): string | undefined {
  if (wpDateAsUtc(local) === undefined) return undefined;
  return `${local.trim().replace(' ', 'T')}${formatOffset(offset)}`;
}

/** The offset most posts of the site had (ties: the one seen first); 0 (UTC) when none is known. */
export function usualOffset(offsets: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const o of offsets) counts.set(o, (counts.get(o) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [o, n] of counts) {
    if (n > bestCount) {
      best = o;
      bestCount = n;
    }
  }
  return best;
}

/** A comment's time as the store keeps it (ISO, UTC): from its UTC date, else from its local date and the post's offset. */
export function commentTime(local: string, gmt: string, offset: number): string | undefined {
  const g = wpDateAsUtc(gmt);
  if (g !== undefined) return new Date(g).toISOString();
  const l = wpDateAsUtc(local);
  return l === undefined ? undefined : new Date(l - offset * 60_000).toISOString();
}
