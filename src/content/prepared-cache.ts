import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { removeTempFiles, writeDurably } from '../comments/durable-file.js';
import { bodyStart, type BodySpool } from './body-spool.js';
import type { PreparedArticle, PrepareResult, SourceFile } from './build-article.js';
import { InvalidRecord, recordFrom, type DiskRecord, type StoredRecord } from './prepared-record.js';
import { shareTerm } from './terms.js';

/**
 * The prepared data of every article file (front matter, summary, term counts…) kept in one file
 * between runs, so a restart reads and hashes each file instead of parsing it again. A file's record
 * is used only for the same bytes (SHA-256), the same bundle files beside it and the same code
 * (contentCodeVersion); anything else is prepared afresh. Whatever is wrong with the cache file makes
 * it ignored and rebuilt, never fatal.
 */
export interface PreparedCache {
  /**
   * The preparation of the file's bytes, if kept (`hash` is hashSource(bytes)). Its Markdown body is
   * kept in `spool` and decoded only when used: most bodies are not needed until their page is shown.
   */
  get(file: { readonly file: string; readonly assets: ReadonlyMap<string, string> }, hash: string, bytes: Buffer, spool: BodySpool): PrepareResult | undefined;
  /** Keeps a fresh preparation of `source`, whose text was decoded from `bytes`, for the next start. */
  set(source: SourceFile, hash: string, bytes: Buffer, result: PrepareResult): void;
  /** Writes the records of the files met since opening, when any differ from what was read; the last call. */
  save(): Promise<void>;
  readonly stats: { readonly hits: number; readonly misses: number };
}

const FORMAT = 'inkwell-prepared-content';
/** Far above any real site's cache (about 2 MB per 1,000 articles): a bigger file is not read. */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

export const hashSource = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64');

const assetKey = (assets: ReadonlyMap<string, string>) => [...assets.keys()].sort().join('\n');

interface Stored {
  terms: string[];
  records: Map<string, StoredRecord>;
}

/** The cache file's records, or none (with one warning when the file is there but unusable). */
async function readStored(file: string, code: string, warn: (message: string) => void): Promise<Stored> {
  const empty = { terms: [], records: new Map() };
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > MAX_CACHE_BYTES) {
      warn(`${file}: the content cache is ${(size / 1048576).toFixed(0)} MB, more than any site needs; it is ignored and rebuilt`);
      return empty;
    }
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: the content cache cannot be read (${(err as Error).message}); it is rebuilt`);
    return empty;
  }
  try {
    const data = deserialize(bytes) as Record<string, unknown>;
    if (typeof data !== 'object' || data === null || data.format !== FORMAT) throw new InvalidRecord('format');
    // Written by other code: its records may not be what this code would prepare.
    if (data.code !== code) return empty;
    const { terms, termIds, counts, records } = data;
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string') || !Array.isArray(records)) throw new InvalidRecord('lists');
    if (!(termIds instanceof Uint32Array) || !(counts instanceof Uint32Array) || termIds.length !== counts.length) throw new InvalidRecord('terms');
    for (const id of termIds) if (id >= terms.length) throw new InvalidRecord('term numbers');
    const byFile = new Map<string, StoredRecord>();
    for (const record of records) {
      const checked = recordFrom(record, { termIds, counts });
      byFile.set(checked.file, checked);
    }
    return { terms: (terms as string[]).map(shareTerm), records: byFile };
  } catch (err) {
    warn(`${file}: the content cache is not valid (${err instanceof InvalidRecord ? `bad ${err.message}` : (err as Error).message}); it is ignored and rebuilt`);
    return empty;
  }
}

/** Opens the cache kept in `file` for code version `code` (contentCodeVersion()). */
export async function openPreparedCache(file: string, code: string, warn: (message: string) => void): Promise<PreparedCache> {
  const stored = await readStored(file, code, warn);
  const terms = stored.terms;
  let termIds: Map<string, number> | undefined;
  /** The records of the files loaded, fresh ones still to be put in stored form. */
  const met = new Map<string, StoredRecord | (() => StoredRecord)>();
  const stats = { hits: 0, misses: 0 };

  function idOf(term: string): number {
    termIds ??= new Map(terms.map((t, i) => [t, i]));
    let id = termIds.get(term);
    if (id === undefined) {
      id = terms.push(term) - 1;
      termIds.set(term, id);
    }
    return id;
  }

  return {
    stats,
    get(source, hash, bytes, spool) {
      const record = stored.records.get(source.file);
      if (!record || record.hash !== hash || record.assets !== assetKey(source.assets)) return undefined;
      const result = record.result;
      if (result.ok && typeof result.body === 'number' && result.body > bytes.length) return undefined;
      stats.hits += 1;
      met.set(source.file, record);
      if (!result.ok) return result;
      const bodyTerms = { terms: Array.from(result.termIds, (id) => terms[id]!), counts: result.counts };
      const body = result.body;
      const prepared: PreparedArticle = { ...result.fields, bodyTerms, assets: source.assets, markdown: typeof body === 'string' ? body : '' };
      if (typeof body === 'number') Object.defineProperty(prepared, 'markdown', { enumerable: true, get: spool.keep(bytes, body) });
      return { ok: true, prepared, warnings: result.warnings };
    },
    set(source, hash, bytes, result) {
      stats.misses += 1;
      const base = { file: source.file, hash, assets: assetKey(source.assets) };
      if (!result.ok) {
        met.set(source.file, { ...base, result });
        return;
      }
      const { markdown, bodyTerms, assets: _assets, ...fields } = result.prepared;
      // Kept as the byte where the body starts when it is the file's tail and the bytes are valid
      // UTF-8 (decoding them changed nothing), so that a restart can decode it from there.
      const body = bodyStart(bytes, source.raw, markdown) ?? markdown;
      // Numbered when written, after the start: no work for the cache while pages wait.
      met.set(source.file, () => ({
        ...base,
        result: { ok: true, fields, termIds: Uint32Array.from(bodyTerms.terms, idOf), counts: bodyTerms.counts, body, warnings: result.warnings },
      }));
    },
    async save() {
      const changed = stats.misses > 0 || met.size !== stored.records.size;
      const packed = changed ? pack([...met.values()].map((r) => (typeof r === 'function' ? r() : r)), terms) : undefined;
      // Kept until now only to be written: the articles hold what they need of it.
      met.clear();
      stored.records.clear();
      if (!packed) return;
      await mkdir(dirname(file), { recursive: true });
      await removeTempFiles(file, undefined, STALE_TEMP_MS);
      await writeDurably(file, [serialize({ format: FORMAT, code, ...packed })], { keepBak: false });
    },
  };
}

/** Temporary files older than this were left by a server stopped while writing, not one writing now. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * The records as written: the terms of all of them in two long arrays, numbered over only the terms
 * in use, so those of removed articles go.
 */
function pack(records: readonly StoredRecord[], terms: readonly string[]): { terms: string[]; termIds: Uint32Array; counts: Uint32Array; records: DiskRecord[] } {
  const renumbered = new Int32Array(terms.length).fill(-1);
  const kept: string[] = [];
  const total = records.reduce((sum, r) => sum + (r.result.ok ? r.result.termIds.length : 0), 0);
  const termIds = new Uint32Array(total);
  const counts = new Uint32Array(total);
  let at = 0;
  const out = records.map((record): DiskRecord => {
    const result = record.result;
    if (!result.ok) return { ...record, result };
    const { termIds: ids, counts: tally, ...rest } = result;
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i]!;
      if (renumbered[id] === -1) renumbered[id] = kept.push(terms[id]!) - 1;
      termIds[at + i] = renumbered[id]!;
    }
    counts.set(tally, at);
    at += ids.length;
    return { ...record, result: { ...rest, at: at - ids.length, length: ids.length } };
  });
  return { terms: kept, termIds, counts, records: out };
}
