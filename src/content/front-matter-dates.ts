/**
 * Dates as blogs write them in front matter. js-yaml and smol-toml both turn an unquoted date into a
 * Date, and both roll a day that does not exist over into the next month (2024-02-30 → 1 March), so
 * the text as written is what gets checked.
 */

const DATE_TIME = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})' +
  // Time: `T09:30`, ` 09:30:15`, `T09:30:15.123`
  '(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?' +
  // Zone: `Z`, `+01:00`, `+0100`; Jekyll writes `2014-12-17 11:16:21 -0800`, with a space.
  ' ?([Zz]|[+-]\\d{2}:?\\d{2})?)?$',
);

/**
 * Reads `2024-03-05`, an ISO date-time (fractional seconds, `Z`, `+01:00`, `+0100`) or Jekyll's
 * `2014-12-17 11:16:21 -0800`; undefined for dates that do not exist (2024-02-30) and anything else.
 * A date or time without a zone is taken as UTC, as YAML reads an unquoted date.
 */
export function parseIsoDate(text: string): Date | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (calendar.getUTCMonth() !== Number(mo) - 1 || calendar.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const offset = !zone || /z/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${millis}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A top-level key as YAML (`key:`) or TOML (`key =`) writes it, quoted or not. */
export function keyPattern(key: string): RegExp {
  const name = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:${name}|"${name}"|'${name}')\\s*(?::|=)`);
}

/** The literal text written after `key:` or `key =` on its own line, without a trailing comment or quotes. */
function rawValue(matterText: string, key: string): string | undefined {
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
  return rawValue(matterText, key) ?? value.toISOString();
}
