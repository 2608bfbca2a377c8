/**
 * Dates as blogs write them in front matter. js-yaml and smol-toml both turn an unquoted date into a
 * Date, and both roll a day that does not exist over into the next month (2024-02-30 → 1 March), so
 * the text as written is what gets checked.
 */
import { escapeRegExp } from '../regexp.js';

const DATE_TIME = new RegExp(
  '^(\\d{4})-(\\d{1,2})-(\\d{1,2})' +
  // Time: `T09:30`, ` 09:30:15`, `T09:30:15.123`
  '(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?' +
  // Zone: `Z`, `+01:00`, `+0100`, `UTC`; Jekyll writes `2014-12-17 11:16:21 -0800`, with a space.
  '\\s*([Zz]|UTC|GMT|[+-]\\d{1,2}(?::?\\d{2})?)?)?$',
);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: string | number) => String(n).padStart(2, '0');

function isDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `Z`, `+01:00`; '' for no zone; undefined for an offset that cannot be. */
function zoneOf(zone: string | undefined): string | undefined {
  if (!zone) return '';
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 'Z';
  const m = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!m || Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return undefined;
  return `${m[1]}${pad(m[2] ?? '0')}:${m[3] ?? '00'}`;
}

/** `Jul 08 2022` (Astro's blog template), `July 8, 2022`, `8 July 2022`, `2022/07/08`: a day without a time. */
function calendarDay(text: string): string | undefined {
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
  if (!parts || !isDay(...parts)) return undefined;
  return `${parts[0]}-${pad(parts[1])}-${pad(parts[2])}`;
}

/**
 * A date as blogs write it, in one form: `2024-03-05` for a day, `2024-03-05T09:30:00.250+01:00` for a
 * date-time, with no zone when none was written. Reads ISO dates and date-times (fractional seconds,
 * `Z`, `+01:00`, `+0100`), Jekyll's `2014-12-17 11:16:21 -0800`, and days such as `Jul 08 2022`;
 * undefined for days that do not exist (2024-02-30) and anything else.
 */
export function canonicalDate(written: string): string | undefined {
  const text = written.trim();
  const m = DATE_TIME.exec(text);
  if (!m) return calendarDay(text);
  const [, y, mo, d, h, mi, s = '00', fraction = '', zone] = m;
  if (!isDay(Number(y), Number(mo), Number(d))) return undefined;
  const day = `${y}-${pad(mo ?? '')}-${pad(d ?? '')}`;
  if (h === undefined) return day;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const offset = zoneOf(zone);
  if (offset === undefined) return undefined;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  return `${day}T${pad(h)}:${mi}:${s}${millis}${offset}`;
}

/**
 * The moment a written date stands for (see `canonicalDate`). A day, or a time without a zone, is
 * taken as UTC, as YAML reads an unquoted date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const canonical = canonicalDate(text);
  if (!canonical) return undefined;
  const full = canonical.length === 10 ? `${canonical}T00:00:00Z` : /(Z|[+-]\d{2}:\d{2})$/.test(canonical) ? canonical : `${canonical}Z`;
  const date = new Date(full);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A top-level key as YAML (`key:`) or TOML (`key =`) writes it, quoted or not. */
export function keyPattern(key: string): RegExp {
  const name = escapeRegExp(key);
  return new RegExp(`^(?:${name}|"${name}"|'${name}')\\s*(?::|=)`);
}

/** The literal text written after `key:` or `key =` on its own line, without a trailing comment or quotes. */
export function writtenValue(matterText: string, key: string): string | undefined {
  const pattern = keyPattern(key);
  const line = matterText.split('\n').find((l) => pattern.test(l));
  const value = line?.replace(pattern, '').replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
  return value || undefined;
}

/**
 * A date value as its editor wrote it, so that checking it catches what the parser rolled over.
 * Values that are not dates are returned as they are.
 */
export function dateAsWritten(value: unknown, matterText: string, key: string): unknown {
  if (!(value instanceof Date)) return value;
  // smol-toml's TomlDate prints a local date as `2024-03-05` and a local date-time without a zone.
  return writtenValue(matterText, key) ?? value.toISOString();
}
