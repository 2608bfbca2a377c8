/**
 * Dates as the old site wrote them, turned into the text this blog's front matter takes:
 * `2019-05-01` stays a date, `2014-12-17 11:16:21 -0800` (Jekyll) becomes `2014-12-17T11:16:21-08:00`.
 * The offset written is kept; a date-time without a zone stays without one.
 */

const WRITTEN = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;

const pad = (n: string | number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function zoneOf(zone: string | undefined): string | undefined {
  if (!zone) return '';
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 'Z';
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!m || Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return undefined;
  return `${m[1]}${pad(m[2] ?? '0')}:${m[3] ?? '00'}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Jul 08 2022` (Astro's blog template), `July 8, 2022`, `8 July 2022`, `2022/07/08`: a date without time. */
function calendarDate(text: string): string | undefined {
  const monthFirst = /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(text);
  const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  let parts: [number, number, number] | undefined;
  if (slashed) parts = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
  const named = monthFirst ? [monthFirst[1], monthFirst[2], monthFirst[3]] : dayFirst ? [dayFirst[2], dayFirst[1], dayFirst[3]] : undefined;
  if (named) {
    const month = MONTHS.indexOf((named[0] ?? '').slice(0, 3).toLowerCase()) + 1;
    if (month > 0) parts = [Number(named[2]), month, Number(named[1])];
  }
  if (!parts || !validDay(...parts)) return undefined;
  return `${parts[0]}-${pad(parts[1])}-${pad(parts[2])}`;
}

/** `2014-12-17 11:16:21 -0800` → `2014-12-17T11:16:21-08:00`; undefined when the text is not a date. */
export function normalizeWrittenDate(written: string): string | undefined {
  const text = written.trim().replace(/^(['"])(.*)\1$/, '$2');
  const m = WRITTEN.exec(text);
  if (!m) return calendarDate(text);
  const [, y, mo, d, h, mi, s, zone] = m;
  if (!validDay(Number(y), Number(mo), Number(d))) return undefined;
  const day = `${y}-${pad(mo ?? '')}-${pad(d ?? '')}`;
  if (h === undefined) return day;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const offset = zoneOf(zone);
  if (offset === undefined) return undefined;
  return `${day}T${pad(h)}:${mi}:${s ?? '00'}${offset}`;
}

/** The literal text written after `key:` (YAML) or `key =` (TOML) at the top level of the front matter. */
export function writtenValue(matterText: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = matterText.split('\n').find((l) => new RegExp(`^["']?${escaped}["']?\\s*[:=]`).test(l));
  if (!line) return undefined;
  const value = line.replace(/^[^:=]*[:=]/, '').replace(/\s+#.*$/, '').trim();
  return value.replace(/^(['"])(.*)\1$/, '$2') || undefined;
}

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
  const m = /^(\d{4})-(\d{2})-(\d{2})-/.exec(name);
  return m && validDay(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** Year, month… of a normalized date as written (not moved to UTC), for old URLs like /2019/05/01/slug/. */
export function dateParts(date: string): { year: string; month: string; day: string; hour: string; minute: string; second: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(date);
  return { year: m?.[1] ?? '1970', month: m?.[2] ?? '01', day: m?.[3] ?? '01', hour: m?.[4] ?? '00', minute: m?.[5] ?? '00', second: m?.[6] ?? '00' };
}

/** A file's modification day, for posts that say nothing of their date (Jekyll drafts use it too). */
export const dayOf = (time: Date) => time.toISOString().slice(0, 10);
