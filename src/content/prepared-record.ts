import type { ContentProblem } from '../errors.js';
import type { Tag } from './article.js';
import type { PreparedArticle } from './build-article.js';

/**
 * How one file's preparation is kept in the content cache, and the checks a record read back must
 * pass. A record is data from disk: it is rebuilt field by field from what is expected, never spread,
 * so nothing else it might hold reaches an article.
 */

/** The prepared fields that are stored as they are (the body and term counts are stored apart). */
export type StoredFields = Omit<PreparedArticle, 'markdown' | 'assets' | 'bodyTerms'>;

export type StoredResult =
  | {
    readonly ok: true;
    readonly fields: StoredFields;
    /** Numbers of the body's terms in the cache's term list, with their counts. */
    readonly termIds: Uint32Array;
    readonly counts: Uint32Array;
    /** The byte where the body starts in the file, or the body itself when it is not the file's tail. */
    readonly body: number | string;
    readonly warnings: readonly ContentProblem[];
  }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

export interface StoredRecord {
  readonly file: string;
  /** SHA-256 of the file's bytes. */
  readonly hash: string;
  /** Names of the files beside a bundle's index.md, which the preparation depends on. */
  readonly assets: string;
  readonly result: StoredResult;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isDate = (v: unknown): v is Date => v instanceof Date && !Number.isNaN(v.getTime());
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Thrown for the first thing in a record that is not as written; the whole cache is then set aside. */
export class InvalidRecord extends Error {}

function need<T>(ok: boolean, value: T, what: string): T {
  if (!ok) throw new InvalidRecord(what);
  return value;
}

function optional<T>(v: Loose, key: string, check: (x: unknown) => x is T): { [k: string]: T } {
  if (v[key] === undefined) return {};
  return { [key]: need(check(v[key]), v[key] as T, key) };
}

function problemsFrom(v: unknown): ContentProblem[] {
  need(Array.isArray(v), v, 'problems');
  return (v as unknown[]).map((p) => {
    need(isObject(p) && (p.severity === 'error' || p.severity === 'warning') && isString(p.file) && isString(p.message) && (p.line === undefined || isCount(p.line)), p, 'problem');
    const q = p as Loose;
    return { severity: q.severity as ContentProblem['severity'], file: q.file as string, ...(q.line === undefined ? {} : { line: q.line as number }), message: q.message as string };
  });
}

function tagsFrom(v: unknown): Tag[] {
  need(Array.isArray(v), v, 'tags');
  return (v as unknown[]).map((t) => {
    need(isObject(t) && isString(t.name) && isString(t.slug), t, 'tag');
    return { name: (t as Loose).name as string, slug: (t as Loose).slug as string };
  });
}

function fieldsFrom(v: unknown): StoredFields {
  need(isObject(v), v, 'fields');
  const f = v as Loose;
  const str = (key: string) => need(isString(f[key]), f[key] as string, key);
  const strs = (key: string) => need(isStrings(f[key]), [...(f[key] as string[])], key);
  const bool = (key: string) => need(typeof f[key] === 'boolean', f[key] as boolean, key);
  const count = (key: string) => need(isCount(f[key]), f[key] as number, key);
  return {
    slug: str('slug'),
    file: str('file'),
    title: str('title'),
    date: need(isDate(f.date), f.date as Date, 'date'),
    ...optional(f, 'updated', isDate),
    ...optional(f, 'description', isString),
    excerpt: str('excerpt'),
    tags: tagsFrom(f.tags),
    ...optional(f, 'author', isString),
    draft: bool('draft'),
    commentsEnabled: bool('commentsEnabled'),
    aliases: strs('aliases'),
    redirectFrom: strs('redirectFrom'),
    ...optional(f, 'expires', isDate),
    seeAlso: strs('seeAlso'),
    ...optional(f, 'image', isString),
    readingMinutes: count('readingMinutes'),
    wordCount: count('wordCount'),
    slotRefs: strs('slotRefs'),
  };
}

/**
 * In the file, the term numbers and counts of all records are two long arrays (one copy each to read
 * back, rather than two small arrays per article); a record names its run of them.
 */
export interface PackedTerms {
  readonly termIds: Uint32Array;
  readonly counts: Uint32Array;
}

/** A record as written: its terms are `[at, at + length)` of the packed arrays. */
export type DiskRecord = Omit<StoredRecord, 'result'> & {
  readonly result: Exclude<StoredResult, { ok: true }> | (Omit<Extract<StoredResult, { ok: true }>, 'termIds' | 'counts'> & { readonly at: number; readonly length: number });
};

/** A record read from the cache, checked; its terms are views into `packed`. */
export function recordFrom(v: unknown, packed: PackedTerms): StoredRecord {
  need(isObject(v) && isString(v.file) && isString(v.hash) && isString(v.assets) && isObject(v.result), v, 'record');
  const r = v as Loose;
  const result = r.result as Loose;
  const base = { file: r.file as string, hash: r.hash as string, assets: r.assets as string };
  if (result.ok === false) return { ...base, result: { ok: false, problems: problemsFrom(result.problems) } };
  need(result.ok === true, result, 'result');
  const { at, length, body } = result;
  need(isCount(at) && isCount(length) && (at as number) + (length as number) <= packed.termIds.length, result, 'terms');
  need(isCount(body) || isString(body), body, 'body');
  const end = (at as number) + (length as number);
  return {
    ...base,
    result: {
      ok: true,
      fields: fieldsFrom(result.fields),
      termIds: packed.termIds.subarray(at as number, end),
      counts: packed.counts.subarray(at as number, end),
      body: body as number | string,
      warnings: problemsFrom(result.warnings),
    },
  };
}
