import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';

/**
 * What a cached response depends on, set by a route in `res.locals.pageDeps`:
 * `comments` is the list of article slugs whose comments show on the page, or 'all'.
 */
export interface PageDeps {
  readonly comments: readonly string[] | 'all';
}

export interface PageCacheOptions {
  /** Version of everything a page can show apart from comments: articles, schedule, templates. */
  readonly contentVersion: () => string;
  readonly commentsVersion: () => string;
  readonly articleCommentsVersion: (slug: string) => string;
  /** Upper bound on the bytes of cached bodies; least recently used entries go first. */
  readonly maxBytes: number;
  /** Called for each request answered from the cache (request logging). */
  readonly onServed?: (req: IncomingMessage, status: number, startedAt: bigint) => void;
}

interface Entry {
  readonly status: number;
  /** Name, value, name, value…: Node writes a flat list without walking an object per response. */
  readonly headers: readonly string[];
  readonly body: Buffer;
  readonly etag: string | undefined;
  readonly deps: PageDeps;
  readonly version: string;
}

export interface PageCache {
  /**
   * Express middleware, mounted before compression so it sees exactly the bytes and headers that go
   * out: records cacheable GET answers.
   */
  readonly record: RequestHandler;
  /** Answers a request from the cache and returns true, or returns false to let Express answer it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  clear(): void;
  readonly size: () => number;
  /** How many requests were answered from the cache so far. */
  readonly hits: () => number;
}

/** Cookies that make a page personal (saved name, own held comments, moderator session). */
const PERSONAL_COOKIE = /(?:^|;\s*)(?:comment_author|commenter|admin_session)=/;
/** Headers Node writes itself for every response. */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

// HEAD is left to Express: compression answers it differently from GET.
const cacheable = (req: IncomingMessage) =>
  req.method === 'GET' && !PERSONAL_COOKIE.test(req.headers.cookie ?? '') && !req.headers.authorization;

/** Responses are negotiated on Accept-Encoding (compression) and Accept (HTML or JSON errors). */
const variantKey = (req: IncomingMessage, notModified: boolean) =>
  `${req.url}\n${req.headers['accept-encoding'] ?? ''}\n${req.headers.accept ?? ''}\n${notModified ? '304' : '200'}`;

/**
 * Answers repeat requests for unchanged pages without running Express: the first request of each
 * kind goes through the whole app and its exact status, headers and bytes are kept; later identical
 * requests get the same answer until the article, its comments, the published set or the templates
 * change. A 304 is kept separately, so conditional requests answer exactly as the app would.
 */
export function createPageCache(options: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;

  const versionOf = (deps: PageDeps) =>
    `${options.contentVersion()}|${deps.comments === 'all' ? options.commentsVersion() : deps.comments.map(options.articleCommentsVersion).join(',')}`;

  function store(key: string, entry: Entry): void {
    const previous = entries.get(key);
    if (previous) {
      bytes -= previous.body.length;
      entries.delete(key);
    }
    entries.set(key, entry);
    bytes += entry.body.length;
    for (const [oldKey, old] of entries) {
      if (bytes <= options.maxBytes) break;
      entries.delete(oldKey);
      bytes -= old.body.length;
    }
  }

  const record: RequestHandler = (req, res, next) => {
    if (!cacheable(req)) return next();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      const result = end(chunk, encoding, cb);
      const status = res.statusCode;
      const headers = res.getHeaders();
      const control = String(headers['cache-control'] ?? '');
      const deps = res.locals.pageDeps as PageDeps | undefined;
      if (deps && (status === 200 || status === 304) && !headers['set-cookie'] && !/private|no-store/.test(control)) {
        const kept: string[] = [];
        for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
          if (CONNECTION_HEADERS.has(name) || value === undefined) continue;
          for (const one of Array.isArray(value) ? value : [value]) kept.push(name, String(one));
        }
        const etag = typeof headers.etag === 'string' ? headers.etag : undefined;
        // The version read now matches what was rendered: nothing can change between render and end.
        store(variantKey(req, status === 304), { status, headers: kept, body: Buffer.concat(chunks), etag, deps, version: versionOf(deps) });
      }
      return result;
    }) as typeof res.end;
    next();
  };

  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (!cacheable(req)) return false;
    const startedAt = process.hrtime.bigint();
    const h = req.headers;
    // Anything but a plain request or one exact If-None-Match is left to Express's own rules.
    if (h.range || h['if-modified-since'] || h['if-match'] || h['if-unmodified-since'] || /no-cache/.test(h['cache-control'] ?? '')) return false;
    // A 304 is kept for the exact ETag it answered: while the page is unchanged, the same
    // If-None-Match gets the same 304, even from clients that never fetched the page through here.
    const notModified = h['if-none-match'] !== undefined;
    const key = variantKey(req, notModified);
    const entry = entries.get(key);
    if (!entry || entry.version !== versionOf(entry.deps) || (notModified && h['if-none-match'] !== entry.etag)) return false;
    entries.delete(key);
    entries.set(key, entry);
    hits += 1;
    res.writeHead(entry.status, entry.headers as string[]);
    res.end(entry.body);
    options.onServed?.(req, entry.status, startedAt);
    return true;
  }

  return {
    record,
    serve,
    clear() {
      entries.clear();
      bytes = 0;
    },
    size: () => entries.size,
    hits: () => hits,
  };
}
