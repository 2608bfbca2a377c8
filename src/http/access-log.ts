import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger.js';

/** One access line: what was asked and what went out; never headers, cookies or bodies. */
export interface AccessLine {
  readonly method: string;
  /** Path and query as requested, cut at `MAX_PATH_CHARS`. */
  readonly path: string;
  /** null when the connection closed before a status was sent. */
  readonly status: number | null;
  /** Body bytes handed to the connection (after compression); 0 for HEAD, 204 and 304. */
  readonly bytes: number;
  /** Milliseconds from the request to the end of the response, 2 decimals. */
  readonly ms: number;
  readonly cached?: true;
  readonly aborted?: true;
}

export interface AccessLog {
  /**
   * Starts timing a request and logs its line when the response finishes, or when the connection
   * closes first. A response already tracked is left alone, so the server's listener and the app
   * can both call it.
   */
  track(req: IncomingMessage, res: ServerResponse): void;
  /** When a request began, for `cached`; 0 without a clock read when no line is written. */
  start(): number;
  /**
   * Logs the line of an answer the page cache has just handed to the connection whole, with `bytes`
   * of body: the busiest path, so nothing is wrapped or listened to.
   */
  cached(req: IncomingMessage, res: ServerResponse, bytes: number, startedAt: number): void;
}

/** A URL can be as long as Node's header limit; a log line needs only its start. */
export const MAX_PATH_CHARS = 2_000;

const STATE = Symbol('access log');

interface Tracked {
  readonly method: string;
  readonly path: string;
  readonly startedAt: number;
  bytes: number;
  done: boolean;
}

type WithState = ServerResponse & { [STATE]?: Tracked };

/** Health checks poll every few seconds and would drown the real traffic. */
const isHealthCheck = (url: string) => url === '/healthz' || url.startsWith('/healthz?');

export function chunkBytes(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

/** Node sends no body for these, whatever the app writes. */
const sendsNoBody = (method: string, status: number) => method === 'HEAD' || status === 204 || status === 304;

export function accessLine(t: Tracked, res: ServerResponse, now: number): AccessLine {
  const aborted = !res.writableFinished;
  const status = res.headersSent ? res.statusCode : null;
  return {
    method: t.method,
    path: t.path,
    status,
    bytes: status === null || sendsNoBody(t.method, status) ? 0 : t.bytes,
    ms: Math.round((now - t.startedAt) * 100) / 100,
    ...(aborted ? { aborted: true as const } : {}),
  };
}

/**
 * Access lines at level info, message `request`. Off entirely (no timing, no counting) when
 * `enabled` is false or the logger hides info.
 */
export function createAccessLog(log: Logger, enabled: boolean): AccessLog {
  if (!enabled) return { track: () => undefined, start: () => 0, cached: () => undefined };
  const pathOf = (url: string) => (url.length > MAX_PATH_CHARS ? url.slice(0, MAX_PATH_CHARS) : url);
  return {
    start: () => (log.isLevelEnabled('info') ? performance.now() : 0),
    cached(req, res, bytes, startedAt) {
      if (startedAt === 0 || !log.isLevelEnabled('info')) return;
      const method = req.method ?? '';
      const status = res.statusCode;
      log.info({
        method,
        path: pathOf(req.url ?? ''),
        status,
        bytes: sendsNoBody(method, status) ? 0 : bytes,
        ms: Math.round((performance.now() - startedAt) * 100) / 100,
        cached: true,
      }, 'request');
    },
    track(req, res) {
      const r = res as WithState;
      if (r[STATE] || !log.isLevelEnabled('info')) return;
      const url = req.url ?? '';
      if (isHealthCheck(url)) return;
      const t: Tracked = {
        method: req.method ?? '',
        path: pathOf(url),
        startedAt: performance.now(),
        bytes: 0,
        done: false,
      };
      r[STATE] = t;
      // Counted below compression and the page cache, so the bytes are those that go out.
      const write = res.write;
      const end = res.end;
      res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
        t.bytes += chunkBytes(chunk, rest[0]);
        return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      } as typeof res.write;
      res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
        t.bytes += chunkBytes(chunk, rest[0]);
        return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      } as typeof res.end;
      const finish = () => {
        if (t.done) return;
        t.done = true;
        log.info(accessLine(t, res, performance.now()), 'request');
      };
      res.once('finish', finish);
      res.once('close', finish);
    },
  };
}
