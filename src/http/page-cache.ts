import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { entryCost, keyTooLong, onlyDeclaredQuery } from './page-cache-rules.js';

/**
 * What a cached response depends on, set by a route in `res.locals.pageDeps`:
 * `comments` is the list of article slugs whose comments show on the page, or 'all';
 * `query` names the query parameters the page reads (none when absent). An answer to a URL with any
 * other parameter, or with one given twice, is sent but not stored.
 */
export interface PageDeps {
  readonly comments: readonly string[] | 'all';
  readonly query?: readonly string[];
}

export interface PageCacheOptions {
  /** Version of everything a page can show apart from comments: articles, schedule, templates. */
  readonly contentVersion: () => string;
  readonly commentsVersion: () => string;
  readonly articleCommentsVersion: (slug: string) => string;
  /**
   * Upper bound on the memory of all entries: keys, headers, bodies and a fixed cost per entry. Least
   * recently used entries go first. 0 turns the cache off: nothing is recorded or served.
   */
  readonly maxBytes: number;
}

interface Entry {
  readonly status: number;
  /** Name, value, name, value…: Node writes a flat list without walking an object per response. */
  readonly headers: readonly string[];
  readonly body: Buffer;
  readonly etag: string | undefined;
  readonly deps: PageDeps;
  readonly version: string;
  /** What the entry counts against `maxBytes`. */
  readonly cost: number;
}

export interface PageCache {
  /**
   * Express middleware, mounted before compression so it sees exactly the bytes and headers that go
   * out: records cacheable GET answers.
   */
  readonly record: RequestHandler;
  /** Answers a request from the cache and returns the body bytes sent, or returns -1 to let Express answer it. */
  serve(req: IncomingMessage, res: ServerResponse): number;
  clear(): void;
  readonly size: () => number;
  /** Memory the entries are counted as holding; never more than `maxBytes`. */
  readonly bytes: () => number;
  /** How many requests were answered from the cache so far. */
  readonly hits: () => number;
}

/** Cookies that make a page personal (saved name, own held comments, moderator session). */
const PERSONAL_COOKIE = /(?:^|;\s*)(?:comment_author|commenter|admin_session)=/;
/** Headers Node writes itself for every response. */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

// HEAD is left to Express: compression answers it differently from GET.
const cacheable = (req: IncomingMessage) =>
  req.method === 'GET' && !PERSONAL_COOKIE.test(req.headers.cookie ?? '') && !req.headers.authorization && !keyTooLong(req);

/** Responses are negotiated on Accept-Encoding (compression) and Accept (HTML or JSON errors). */
const requestKey = (req: IncomingMessage) => `${req.url}\n${req.headers['accept-encoding'] ?? ''}\n${req.headers.accept ?? ''}\n`;
const variantKey = (requestPart: string, notModified: boolean) => `${requestPart}${notModified ? '304' : '200'}`;

/**
 * One Buffer of its own for the body: small Buffers share an 8 KB pool slab, so a kept slice of one
 * would hold the whole slab and the entry would cost more than it is counted for.
 */
function joinBody(chunks: readonly Buffer[], length: number): Buffer {
  const body = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(body, at);
  return body;
}

/** Flat name, value… list of the headers to replay: Node writes the connection headers itself. */
function replayHeaders(headers: OutgoingHttpHeaders): string[] {
  const kept: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (CONNECTION_HEADERS.has(name) || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) kept.push(name, String(one));
  }
  return kept;
}

/**
 * Answers repeat requests for unchanged pages without running Express: the first request of each
 * kind goes through the whole app and its exact status, headers and bytes are kept; later identical
 * requests get the same answer until the article, its comments, the published set or the templates
 * change. A 304 is kept separately, so conditional requests answer exactly as the app would.
 * Everything an entry holds is counted against `maxBytes`, and only requests with short keys and
 * the query parameters their page declares are stored, so no stream of requests can grow it further.
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  const enabled = options.maxBytes > 0;
  let bytes = 0;
  let hits = 0;

  const versionOf = (deps: PageDeps) =>
    `${options.contentVersion()}|${deps.comments === 'all' ? options.commentsVersion() : deps.comments.map(options.articleCommentsVersion).join(',')}`;

  function forget(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.cost;
  }

  /** Adds an entry that fits within maxBytes, pushing out the least recently used ones. */
  function store(key: string, entry: Entry): void {
    forget(key);
    entries.set(key, entry);
    bytes += entry.cost;
    for (const [oldKey, old] of entries) {
      if (bytes <= options.maxBytes) break;
      entries.delete(oldKey);
      bytes -= old.cost;
    }
  }

  /** Changes whenever anything a page can show changes, whatever the page depends on. */
  const everything = () => `${options.contentVersion()}|${options.commentsVersion()}`;

  function keep(requestPart: string, url: string, res: Response, chunks: readonly Buffer[], length: number, before: string): void {
    const status = res.statusCode;
    const headers = res.getHeaders();
    const control = String(headers['cache-control'] ?? '');
    const deps = res.locals.pageDeps as PageDeps | undefined;
    if (!deps || (status !== 200 && status !== 304) || headers['set-cookie'] || /private|no-store/.test(control)) return;
    if (!onlyDeclaredQuery(url, deps.query ?? [])) return;
    const key = variantKey(requestPart, status === 304);
    // The answer may have been rendered before a change that landed while it was compressed or sent
    // (another server's comments are read in the background): kept under the new version, it would be
    // served stale until the next change. Keep only answers during which nothing changed.
    if (everything() !== before) return forget(key);
    const kept = replayHeaders(headers);
    const version = versionOf(deps);
    const cost = entryCost(key, kept, length, version);
    // An answer larger than the whole cache would only empty it.
    if (cost > options.maxBytes) return forget(key);
    const etag = typeof headers.etag === 'string' ? headers.etag : undefined;
    store(key, { status, headers: kept, body: joinBody(chunks, length), etag, deps, version, cost });
  }

  const record: RequestHandler = (req, res, next) => {
    if (!enabled || !cacheable(req)) return next();
    const url = req.url;
    const requestPart = requestKey(req);
    const before = everything();
    const chunks: Buffer[] = [];
    let length = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || length > options.maxBytes) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      length += buffer.length;
      // Past the cap the answer cannot be kept: stop holding on to a large file's bytes.
      if (length > options.maxBytes) chunks.length = 0;
      else chunks.push(buffer);
    };
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      const result = end(chunk, encoding, cb);
      if (length <= options.maxBytes) keep(requestPart, url, res, chunks, length, before);
      return result;
    }) as typeof res.end;
    next();
  };

  /** The entry under `key` if it still shows what the app would; a stale one is dropped now. */
  function current(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.version === versionOf(entry.deps)) return entry;
    forget(key);
    return undefined;
  }

  function send(key: string, entry: Entry, res: ServerResponse): number {
    entries.delete(key);
    entries.set(key, entry);
    hits += 1;
    res.writeHead(entry.status, entry.headers as string[]);
    res.end(entry.body);
    return entry.body.length;
  }

  /** Answers from the cache when it can: returns the body bytes sent, or -1 when it did not answer. */
  function serve(req: IncomingMessage, res: ServerResponse): number {
    if (!enabled || !cacheable(req)) return -1;
    const h = req.headers;
    // Anything but a plain request or one exact If-None-Match is left to Express's own rules.
    if (h.range || h['if-modified-since'] || h['if-match'] || h['if-unmodified-since'] || /no-cache/.test(h['cache-control'] ?? '')) return -1;
    const requestPart = requestKey(req);
    const pageKey = variantKey(requestPart, false);
    const validator = h['if-none-match'];
    if (validator === undefined) {
      const page = current(pageKey);
      return page ? send(pageKey, page, res) : -1;
    }
    // A 304 is kept for the exact ETag it answered: while the page is unchanged, the same
    // If-None-Match gets the same 304, even from clients that never fetched the page through here.
    const notModifiedKey = variantKey(requestPart, true);
    const notModified = current(notModifiedKey);
    if (notModified && validator === notModified.etag) return send(notModifiedKey, notModified, res);
    // A validator the page does not have (an older version's, another server's) gets the whole page,
    // as from the app. One that may match it (in a list, weak, or `*`) is left to the app.
    const page = current(pageKey);
    if (!page?.etag || validator.includes('*') || validator.includes(page.etag.replace(/^W\//, ''))) return -1;
    return send(pageKey, page, res);
  }

  return {
    record,
    serve,
    clear() {
      entries.clear();
      bytes = 0;
    },
    size: () => entries.size,
    bytes: () => bytes,
    hits: () => hits,
  };
}
