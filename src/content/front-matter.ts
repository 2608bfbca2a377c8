import matter from 'gray-matter';
import { z } from 'zod';
import type { ContentProblem } from '../errors.js';
import { YAML_ONLY, aliasLine, measureData, refuseFrontMatter } from './front-matter-limits.js';

export interface FrontMatter {
  readonly title: string;
  readonly date: Date;
  readonly slug?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly author?: string;
  readonly draft: boolean;
  readonly updated?: Date;
  readonly seeAlso: readonly string[];
  readonly image?: string;
  readonly comments: boolean;
  /** Former slugs of this article, answered with a permanent redirect. */
  readonly aliases: readonly string[];
  /** When the article is taken down. */
  readonly expires?: Date;
  /** Old site paths (`/2019/05/slug/`, `/?p=123`) answered with a permanent redirect to this article. */
  readonly redirectFrom: readonly string[];
}

export interface ParsedSource {
  readonly frontMatter: FrontMatter;
  readonly body: string;
  /** 1-based line of the file where the body starts, so body problems can be located. */
  readonly bodyLine: number;
  readonly warnings: readonly ContentProblem[];
}

export type ParseResult =
  | { readonly ok: true; readonly value: ParsedSource }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

export const KNOWN_KEYS = ['title', 'date', 'slug', 'description', 'tags', 'author', 'draft', 'updated', 'see_also', 'image', 'comments', 'aliases', 'expires', 'redirect_from'] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses `2024-03-05` or an ISO date-time; rejects dates that do not exist (2024-02-30). */
export function parseIsoDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (calendar.getUTCMonth() !== Number(mo) - 1 || calendar.getUTCDate() !== Number(d)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  // A date without a zone means midnight UTC, as YAML itself reads an unquoted date.
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A path on this site, with an optional query: no scheme, no host, no fragment, no white space. */
const SITE_PATH = /^\/(?!\/)[^\s#]*$/;

/** A value as an editor wrote it, cut short: messages name it, they do not reproduce it. */
const quoted = (v: unknown) => {
  const text = typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

const textField = (key: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `"${key}" is required` : `"${key}" must be text (got ${quoted(iss.input)}; put it in quotes)`) })
    .trim()
    .min(1, { error: `"${key}" must not be empty` });

const dateField = (key: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `"${key}" is required` : `"${key}" must be a date like 2024-03-05`) })
    .transform((value, ctx) => {
      const date = parseIsoDate(value);
      if (!date) {
        ctx.issues.push({ code: 'custom', input: value, message: `"${key}" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "${value}")` });
        return z.NEVER;
      }
      return date;
    });

const listField = (key: string, example: string) =>
  z.array(textField(key), { error: `"${key}" must be a list, e.g. ${key}: [${example}]` });

const schema = z.object({
  title: textField('title'),
  date: dateField('date'),
  slug: z.string({ error: '"slug" must be text' }).trim()
    .regex(SLUG, { error: '"slug" may hold only lowercase letters, digits and single hyphens, e.g. my-first-post' })
    .optional(),
  description: textField('description').optional(),
  tags: listField('tags', 'news, events').default([]),
  author: textField('author').optional(),
  draft: z.boolean({ error: (iss) => `"draft" must be true or false (got ${quoted(iss.input)})` }).default(false),
  updated: dateField('updated').optional(),
  see_also: listField('see_also', 'other-article-slug').default([]),
  image: textField('image').optional(),
  comments: z.boolean({ error: (iss) => `"comments" must be true or false (got ${quoted(iss.input)})` }).default(true),
  aliases: z.array(
    z.string({ error: '"aliases" must be a list of slugs' }).trim()
      .regex(SLUG, { error: '"aliases" may hold only slugs: lowercase letters, digits and single hyphens, e.g. old-title' }),
    { error: '"aliases" must be a list, e.g. aliases: [old-slug]' },
  ).default([]),
  expires: dateField('expires').optional(),
  redirect_from: z.array(
    z.string({ error: '"redirect_from" must be a list of site paths' }).trim()
      .max(1000, { error: '"redirect_from" paths may be at most 1000 characters long' })
      .regex(SITE_PATH, { error: '"redirect_from" may hold only site paths starting with one /, e.g. /2019/05/old-title/ or /?p=123' }),
    { error: '"redirect_from" must be a list, e.g. redirect_from: [/2019/05/old-title/]' },
  ).default([]),
});

/** 1-based file line of a top-level front matter key, or of the opening fence when absent. */
function keyLine(matterText: string, key: string): number {
  const lines = matterText.split('\n');
  const index = lines.findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`) || l.startsWith(`'${key}':`));
  // matterText begins right after the opening `---`, so its first line is the rest of file line 1.
  return index < 0 ? 1 : index + 1;
}

/** The literal text written after `key:`, so a date js-yaml silently rolled over (2024-13-45) can be checked. */
function rawValue(matterText: string, key: string): string | undefined {
  const line = matterText.split('\n').find((l) => l.startsWith(`${key}:`));
  const value = line?.slice(key.length + 1).replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
  return value || undefined;
}

function dateAsWritten(value: unknown, matterText: string, key: string): unknown {
  if (!(value instanceof Date)) return value;
  return rawValue(matterText, key) ?? value.toISOString();
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Splits a Markdown file into validated front matter and body. Pure: never touches the disk. */
export function parseSource(raw: string, file: string): ParseResult {
  const refused = refuseFrontMatter(raw, file);
  if (refused) return { ok: false, problems: [refused] };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(raw, YAML_ONLY);
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    const reason = err instanceof RangeError
      ? 'it nests lists or maps too deeply to be read'
      : (err as { reason?: string }).reason ?? (err as Error).message;
    // js-yaml puts "unexpected end of the stream" (an unclosed [ or ") past the last line, on the closing
    // fence; the editor's mistake is on the last line inside the block.
    const closing = raw.split('\n').findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
    const line = Math.min((mark?.line ?? 0) + 1, closing > 0 ? closing : Infinity);
    return {
      ok: false,
      problems: [{ severity: 'error', file, line, message: `front matter is not valid YAML: ${reason}` }],
    };
  }
  const matterText = parsed.matter ?? '';
  const oversized = measureData(parsed.data);
  if (oversized) return { ok: false, problems: [{ severity: 'error', file, line: aliasLine(matterText), message: oversized }] };
  const data: Record<string, unknown> = parsed.data && typeof parsed.data === 'object' ? { ...parsed.data } : {};
  if (Object.keys(data).length === 0 && !raw.startsWith('---')) {
    return { ok: false, problems: [{ severity: 'error', file, line: 1, message: 'the file has no front matter; start it with a --- block holding at least title and date' }] };
  }
  // An empty value (`description:`) means the key is absent.
  for (const key of Object.keys(data)) if (data[key] === null) delete data[key];
  data.date = dateAsWritten(data.date, matterText, 'date');
  data.updated = dateAsWritten(data.updated, matterText, 'updated');
  data.expires = dateAsWritten(data.expires, matterText, 'expires');
  if (data.expires === undefined) delete data.expires;
  if (data.updated === undefined) delete data.updated;

  const warnings: ContentProblem[] = Object.keys(data)
    .filter((key) => !(KNOWN_KEYS as readonly string[]).includes(key))
    .map((key) => ({
      severity: 'warning' as const,
      file,
      line: keyLine(matterText, key),
      message: `unknown front matter key "${key}" is ignored (known keys: ${KNOWN_KEYS.join(', ')})`,
    }));

  const result = schema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      severity: 'error' as const,
      file,
      line: keyLine(matterText, String(issue.path[0] ?? 'title')),
      message: issue.message,
    }));
    return { ok: false, problems: [...problems, ...warnings] };
  }
  const v = result.data;
  const bodyLine = raw.slice(0, raw.length - parsed.content.length).split('\n').length;
  return {
    ok: true,
    value: {
      frontMatter: omitUndefined({
        title: v.title,
        date: v.date,
        slug: v.slug,
        description: v.description,
        tags: v.tags,
        author: v.author,
        draft: v.draft,
        updated: v.updated,
        seeAlso: v.see_also,
        image: v.image,
        comments: v.comments,
        aliases: v.aliases,
        expires: v.expires,
        redirectFrom: v.redirect_from,
      }) as FrontMatter,
      body: parsed.content,
      bodyLine,
      warnings,
    },
  };
}
