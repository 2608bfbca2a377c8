// The baselines' material: the app's answers recorded byte for byte, and bare servers replaying them.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_HEADERS } from '../../src/http/page-cache.js';
import { DrainedOutput, ROOT, pinned, stopTree, type Server } from './common.js';

export const ARTICLE = '/articles/partnerships-in-library-leadership';

interface Recorded {
  readonly status: number;
  readonly headers: string[];
  readonly body: string;
}

export interface Recording {
  readonly etag: string;
  readonly plain: Recorded;
  readonly gzip: Recorded;
  readonly br: Recorded;
  readonly notModified: Recorded;
}

/** The request variants measured, with the headers that select them. */
export const VARIANTS: ReadonlyArray<readonly [string, (etag: string) => Record<string, string>]> = [
  ['plain', () => ({})],
  ['gzip, br', () => ({ 'accept-encoding': 'gzip, br' })],
  ['If-None-Match (304)', (etag) => ({ 'if-none-match': etag })],
];

/** One answer from the app exactly as sent: status, headers in order and undecoded body bytes. */
function record(url: string, headers: Record<string, string>): Promise<Recorded & { etag: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const kept: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!CONNECTION_HEADERS.has(res.rawHeaders[i]!.toLowerCase())) kept.push(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        }
        resolve({ status: res.statusCode!, headers: kept, body: Buffer.concat(chunks).toString('base64'), etag: String(res.headers.etag ?? '') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The article's ETag from a running app: each start renders its own page, so each has its own. */
export async function etagOf(port: number): Promise<string> {
  return (await record(`http://127.0.0.1:${port}${ARTICLE}`, {})).etag;
}

/** The article's plain, compressed and 304 answers from a running app. */
export async function recordArticle(port: number): Promise<Recording> {
  const url = `http://127.0.0.1:${port}${ARTICLE}`;
  const plain = await record(url, {});
  const recording = {
    etag: plain.etag,
    plain,
    gzip: await record(url, { 'accept-encoding': 'gzip' }),
    br: await record(url, { 'accept-encoding': 'gzip, br' }),
    notModified: await record(url, { 'if-none-match': plain.etag }),
  };
  if (recording.notModified.status !== 304 || !recording.br.headers.some((h) => h.toLowerCase() === 'content-encoding')) {
    throw new Error('the app did not answer If-None-Match with 304 or gzip, br with a compressed page');
  }
  return recording;
}

/** The same response with only the headers a bare server needs (type, length, ETag, encoding). */
function minimal(r: Recorded): Recorded {
  const keep = new Set(['content-type', 'etag', 'content-encoding', 'vary']);
  const headers: string[] = [];
  for (let i = 0; i < r.headers.length; i += 2) if (keep.has(r.headers[i]!.toLowerCase())) headers.push(r.headers[i]!, r.headers[i + 1]!);
  if (r.status === 200) headers.push('Content-Length', String(Buffer.from(r.body, 'base64').length));
  return { ...r, headers };
}

/** Writes the replay files: `same.json` (byte for byte) and `minimal.json` (bare headers). */
export function writeReplays(dir: string, recording: Recording): { same: string; minimal: string } {
  const same = join(dir, 'same.json');
  const bare = join(dir, 'minimal.json');
  writeFileSync(same, JSON.stringify(recording));
  writeFileSync(bare, JSON.stringify({
    etag: recording.etag,
    plain: minimal(recording.plain),
    gzip: minimal(recording.gzip),
    br: minimal(recording.br),
    notModified: minimal(recording.notModified),
  }));
  return { same, minimal: bare };
}

/** A raw-server.mjs replaying `file`, pinned to `cpus` or not, with `workers` cluster workers. */
export async function startRaw(file: string, cpus: string | undefined, workers = 1): Promise<Server> {
  const [cmd, args] = pinned(cpus, process.execPath, [join(ROOT, 'scripts', 'bench', 'raw-server.mjs'), file, String(workers)]);
  const startedAt = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(/ready (\d+)/.exec(d.toString())?.[1])));
    child.once('exit', () => reject(new Error('the raw server exited before listening')));
  });
  const output = new DrainedOutput(child);
  return { port, pid: child.pid!, child, startedAt, output, stop: () => stopTree(child) };
}
