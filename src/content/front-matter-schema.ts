import { z } from 'zod';
import { parseIsoDate } from './front-matter-dates.js';

/**
 * The one definition of front matter: every key an article may hold, its type, the synonyms other
 * blog engines use for it, and what the parsed front matter looks like (FrontMatter is derived from
 * it). Unknown-key warnings and "did you mean" suggestions are made from the keys listed here.
 */

/** How the file writes front matter, so that messages show the form to write. */
export type FrontMatterSyntax = 'yaml' | 'toml';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A path on this site, with an optional query: no scheme, no host, no fragment, no white space. */
const SITE_PATH = /^\/(?!\/)[^\s#]*$/;
const ABSOLUTE_URL = /^https?:\/\//i;

/** A value as an editor wrote it, cut short: messages name it, they do not reproduce it. */
export const quoted = (v: unknown) => {
  const text = typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** The path part of an absolute URL (`https://old.example/x/?p=1` → `/x/?p=1`). */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/…';
  }
}

/** Comma-separated tags in one string (`a, b`) are a list; one without commas is one tag. */
const splitTags = (value: unknown) =>
  (typeof value === 'string' ? value.split(',').map((t) => t.trim()).filter((t) => t !== '') : value);
const asList = (value: unknown) => (typeof value === 'string' ? [value] : value);

/** Two names or more as a sentence lists them: "A and B", "A, B and C". */
const joinNames = (names: readonly string[]) =>
  (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

const nameOf = (value: unknown): string | undefined => {
  const name = typeof value === 'string' ? value : value && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
};

const fileOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  // Hugo themes write `cover: {image: …}`, others `{src: …}`, Next.js starters `ogImage: {url: …}`.
  const file = ['image', 'src', 'url'].map((key) => map[key]).find((v) => typeof v === 'string') as string | undefined;
  return file?.trim() || undefined;
};

const TRUE_WORDS = ['true', 'yes', 'on', 'y', '1'];
const FALSE_WORDS = ['false', 'no', 'off', 'n', '0'];

/** The fields of the front matter schema, with messages written for files of one syntax. */
function fieldsFor(syntax: FrontMatterSyntax) {
  const write = (key: string, value: string) => (syntax === 'toml' ? `${key} = ${value}` : `${key}: ${value}`);
  const list = (key: string, items: readonly string[]) =>
    write(key, syntax === 'toml' ? `[${items.map((i) => JSON.stringify(i)).join(', ')}]` : `[${items.join(', ')}]`);

  const text = (key: string) =>
    z.string({ error: (iss) => (iss.input === undefined ? `"${key}" is required` : `"${key}" must be text (got ${quoted(iss.input)}; put it in quotes)`) })
      .trim()
      .min(1, { error: `"${key}" must not be empty` });

  const date = (key: string) =>
    z.string({ error: (iss) => (iss.input === undefined ? `"${key}" is required` : `"${key}" must be a date like 2024-03-05 (got ${quoted(iss.input)})`) })
      .transform((value, ctx) => {
        const parsed = parseIsoDate(value);
        if (!parsed) {
          ctx.issues.push({ code: 'custom', input: value, message: `"${key}" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "${value}")` });
          return z.NEVER;
        }
        return parsed;
      })
      .optional();

  // Strict: YAML 1.1's yes/no/on/off are text to js-yaml, and "true" in quotes is text everywhere.
  const flag = (key: string) =>
    z.boolean({
      error: (iss) => {
        const word = String(iss.input).trim().toLowerCase();
        const meant = TRUE_WORDS.includes(word) ? 'true' : FALSE_WORDS.includes(word) ? 'false' : undefined;
        const fix = meant ? write(key, meant) : `${write(key, 'true')} or ${write(key, 'false')}`;
        return `"${key}" must be true or false (got ${quoted(iss.input)}); write ${fix}, without quotes`;
      },
    }).optional();

  const textList = (key: string, example: readonly string[], split: (v: unknown) => unknown) =>
    z.preprocess(split, z.array(text(key), { error: `"${key}" must be a list, e.g. ${list(key, example)}` })).optional();

  const sitePath = (key: string, rule: string) =>
    z.string({ error: `"${key}" must be ${rule}` }).trim()
      .max(1000, { error: `"${key}" paths may be at most 1000 characters long` })
      .superRefine((value, ctx) => {
        if (ABSOLUTE_URL.test(value)) {
          ctx.addIssue({ code: 'custom', input: value, message: `"${key}" names the old site's address ${quoted(value)}; write its path on this site instead: ${pathOf(value)}` });
        } else if (!SITE_PATH.test(value)) {
          ctx.addIssue({ code: 'custom', input: value, message: `"${key}" must be ${rule}, e.g. /2019/05/old-title/ or /?p=123 (got ${quoted(value)})` });
        }
      });

  const pathList = (key: string) =>
    z.preprocess(asList, z.array(sitePath(key, 'a site path starting with one /'), { error: `"${key}" must be a list, e.g. ${list(key, ['/2019/05/old-title/'])}` })).optional();

  // Hugo writes old URLs among aliases (`/extras/shortcodes/`): those are paths, the rest are slugs.
  const aliases = z.preprocess(asList, z.array(
    z.string({ error: '"aliases" must be a list of slugs or site paths' }).trim().superRefine((value, ctx) => {
      if (value.startsWith('/') || ABSOLUTE_URL.test(value)) {
        const checked = sitePath('aliases', 'a slug or a site path starting with one /').safeParse(value);
        for (const issue of checked.error?.issues ?? []) ctx.addIssue({ code: 'custom', input: value, message: issue.message });
      } else if (!SLUG.test(value)) {
        ctx.addIssue({ code: 'custom', input: value, message: `"aliases" may hold only slugs (lowercase letters, digits and single hyphens, e.g. old-title) or site paths starting with / (got ${quoted(value)})` });
      }
    }),
    { error: `"aliases" must be a list, e.g. ${list('aliases', ['old-slug'])}` },
  )).optional();

  const author = z.unknown().transform((value, ctx) => {
    if (value === undefined) return undefined;
    const names = (Array.isArray(value) ? value : [value]).map(nameOf);
    if (names.length === 0 || names.some((n) => n === undefined)) {
      ctx.issues.push({ code: 'custom', input: value, message: `"author" must be a name, a list of names, or a map with a name (got ${quoted(value)}); e.g. ${write('author', 'Ann Lee')}` });
      return z.NEVER;
    }
    return joinNames(names as string[]);
  }).optional();

  const image = (key: string) => z.unknown().transform((value, ctx) => {
    if (value === undefined) return undefined;
    const file = fileOf(value);
    if (file === undefined) {
      ctx.issues.push({ code: 'custom', input: value, message: `"${key}" must be a file name or URL, or a map with an "image", "src" or "url" (got ${quoted(value)}); e.g. ${write(key, 'cover.jpg')}` });
      return z.NEVER;
    }
    return file;
  }).optional();

  return {
    title: text('title'),
    date: date('date'),
    slug: z.string({ error: '"slug" must be text' }).trim()
      .regex(SLUG, { error: '"slug" may hold only lowercase letters, digits and single hyphens, e.g. my-first-post' })
      .optional(),
    description: text('description').optional(),
    tags: textList('tags', ['news', 'events'], splitTags),
    author,
    draft: flag('draft'),
    updated: date('updated'),
    see_also: textList('see_also', ['other-article-slug'], (v) => v),
    image: image('image'),
    comments: flag('comments'),
    aliases,
    expires: date('expires'),
    redirect_from: pathList('redirect_from'),
    /** Merged into tags, after them. */
    categories: textList('categories', ['notes', 'travel'], splitTags),
    /** The page's URL on the old site (Jekyll), answered with a redirect like redirect_from. */
    permalink: sitePath('permalink', 'a site path starting with one /').optional(),
    /** The page's URL on the old site (Hugo). */
    url: sitePath('url', 'a site path starting with one /').optional(),
    pubDate: date('pubDate'),
    publishDate: date('publishDate'),
    lastmod: date('lastmod'),
    updatedDate: date('updatedDate'),
    modified: date('modified'),
    summary: text('summary').optional(),
    excerpt: text('excerpt').optional(),
    cover: image('cover'),
    heroImage: image('heroImage'),
    featured_image: image('featured_image'),
    published: flag('published'),
  };
}

type Fields = ReturnType<typeof fieldsFor>;
export type FrontMatterKey = keyof Fields;
type Parsed = z.output<z.ZodObject<Fields>>;

/**
 * Other engines' names for a key, read only when the key itself is absent; in order of preference.
 * `negated`: the synonym means the opposite (`published: false` is `draft: true`).
 */
export const SYNONYMS = {
  pubDate: { of: 'date' },
  publishDate: { of: 'date' },
  lastmod: { of: 'updated' },
  updatedDate: { of: 'updated' },
  modified: { of: 'updated' },
  summary: { of: 'description' },
  excerpt: { of: 'description' },
  cover: { of: 'image' },
  heroImage: { of: 'image' },
  featured_image: { of: 'image' },
  published: { of: 'draft', negated: true },
} as const satisfies { readonly [K in FrontMatterKey]?: { readonly of: FrontMatterKey; readonly negated?: true } };

type Synonym = keyof typeof SYNONYMS;
type MainKey = Exclude<FrontMatterKey, Synonym>;
// Compile-time check: a synonym is read into its key, so its parsed type must fit that key's. A misfit
// names itself here: "Type 'true' is not assignable to type '"pubDate"'".
type Misfit = { [S in Synonym]: Parsed[S] extends Parsed[(typeof SYNONYMS)[S]['of']] ? never : S }[Synonym];
const synonymsFit: [Misfit] extends [never] ? true : Misfit = true;
void synonymsFit;

/** Every key front matter may hold, synonyms included. */
export const FRONT_MATTER_KEYS = Object.keys(fieldsFor('yaml')) as FrontMatterKey[];

/** The keys read for `key`, in order of preference: the key itself, then its synonyms. */
export function namesOf(key: FrontMatterKey): FrontMatterKey[] {
  return [key, ...(Object.keys(SYNONYMS) as Synonym[]).filter((s) => SYNONYMS[s].of === key)];
}

/** The value of a key, or of its first synonym present. */
function chosen<K extends MainKey>(v: Parsed, key: K): Parsed[K] {
  for (const name of namesOf(key)) {
    const value = v[name];
    if (value === undefined) continue;
    const negated = name !== key && (SYNONYMS[name as Synonym] as { negated?: true }).negated;
    // Sound by SynonymFits: each synonym's parsed type fits its key's.
    return (negated ? !value : value) as Parsed[K];
  }
  return undefined as Parsed[K];
}

/** Optional properties for the values that may be undefined, so `exactOptionalPropertyTypes` reads them as absent. */
type Compact<T> = { readonly [K in keyof T as undefined extends T[K] ? never : K]: T[K] }
  & { readonly [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };

function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

function schemaFor(syntax: FrontMatterSyntax) {
  return z.object(fieldsFor(syntax)).transform((v, ctx) => {
    const date = chosen(v, 'date');
    if (date === undefined) {
      const example = syntax === 'toml' ? 'date = 2024-03-05' : 'date: 2024-03-05';
      ctx.issues.push({ code: 'custom', input: v, path: ['date'], message: `"date" is required, e.g. ${example}, or a file name that starts with the date: 2024-03-05-<slug>.md` });
      return z.NEVER;
    }
    const aliases = v.aliases ?? [];
    return compact({
      title: v.title,
      date,
      slug: v.slug,
      description: chosen(v, 'description'),
      tags: [...(v.tags ?? []), ...(v.categories ?? [])],
      author: v.author,
      draft: chosen(v, 'draft') ?? false,
      updated: chosen(v, 'updated'),
      seeAlso: v.see_also ?? [],
      image: chosen(v, 'image'),
      comments: v.comments ?? true,
      /** Former slugs of this article, answered with a permanent redirect. */
      aliases: aliases.filter((a) => !a.startsWith('/')),
      /** When the article is taken down. */
      expires: v.expires,
      /** Old site paths (`/2019/05/slug/`, `/?p=123`) answered with a permanent redirect to this article. */
      redirectFrom: unique([
        ...(v.redirect_from ?? []),
        ...aliases.filter((a) => a.startsWith('/')),
        ...(v.permalink ? [v.permalink] : []),
        ...(v.url ? [v.url] : []),
      ]),
    });
  });
}

/** The schema for each syntax, built once: only the wording of their messages differs. */
export const FRONT_MATTER_SCHEMAS = { yaml: schemaFor('yaml'), toml: schemaFor('toml') } as const;

/** Front matter as read and checked: synonyms resolved, defaults filled in. */
export type FrontMatter = z.output<(typeof FRONT_MATTER_SCHEMAS)['yaml']>;
