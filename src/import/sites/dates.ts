/**
 * Dates as the old site wrote them, turned into the text this blog's front matter takes:
 * `2019-05-01` stays a date, `2014-12-17 11:16:21 -0800` (Jekyll) becomes `2014-12-17T11:16:21-08:00`.
 * The offset written is kept; a date-time without a zone stays without one.
 */
import { canonicalDate, writtenValue } from '../../content/front-matter-dates.js';

/** `2014-12-17 11:16:21 -0800` → `2014-12-17T11:16:21-08:00`; undefined when the text is not a date. */
export function normalizeWrittenDate(written: string): string | undefined {
  // Fractions of a second say nothing a reader sees; the front matter stays tidy without them.
  return canonicalDate(written.trim().replace(/^(['"])(.*)\1$/, '$2'))?.replace(/\.\d+(?=Z|[+-]|$)/, '');
}

const isDay = (day: string) => canonicalDate(day) === day;

export type DateRead = { readonly date: string } | { readonly unreadable: string } | undefined;

/**
 * A front matter date value: js-yaml and smol-toml give Date objects (the written text is preferred,
 * as a Date has lost the offset), other tools' strings are read as written.
 */
export function readDateValue(value: unknown, matterText: string, key: string): DateRead {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) {
    const written = writtenValue(matterText, key);
    const fromText = written === undefined ? undefined : normalizeWrittenDate(written);
    if (fromText) return { date: fromText };
    // TOML dates know how they were written: a local date prints as 2019-05-01.
    const iso = value.toISOString();
    return { date: normalizeWrittenDate(iso) ?? iso };
  }
  if (typeof value === 'string') {
    const date = normalizeWrittenDate(value);
    return date ? { date } : { unreadable: value };
  }
  return { unreadable: JSON.stringify(value) ?? String(value) };
}

/** `2016-10-06-title.md` → `2016-10-06`. */
export function dateInFileName(name: string): string | undefined {
  const day = /^\d{4}-\d{2}-\d{2}(?=-)/.exec(name)?.[0];
  return day && isDay(day) ? day : undefined;
}

/** Year, month… of a normalized date as written (not moved to UTC), for old URLs like /2019/05/01/slug/. */
export function dateParts(date: string): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(date);
  return { year: m?.[1] ?? '1970', month: m?.[2] ?? '01', day: m?.[3] ?? '01', hour: m?.[4] ?? '00', minute: m?.[5] ?? '00', second: m?.[6] ?? '00' };
}

/** A file's modification day, for posts that say nothing of their date (Jekyll drafts use it too). */
export const dayOf = (time: Date) => time.toISOString().slice(0, 10);
