import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_HEADERS } from '../../src/http/page-cache.js';
import { ROOT, load, pinned, startBlog, stop, type LoadResult } from './common.js';

export interface HttpRow {
  readonly variant: string;
  readonly app: LoadResult;
  /** A bare server replaying the app's exact response: status, headers and body. */
  readonly raw: LoadResult;
  readonly ratio: number;
  readonly p99Ratio: number;
  /** A bare server sending the same body with only the headers it needs (type, length, ETag, encoding). */
  readonly rawMinimal: LoadResult;
  readonly ratioMinimal: number;
}

const ARTICLE = '/articles/partnerships-in-library-leadership';

interface Recorded {
  readonly status: number;
  readonly headers: string[];
  readonly body: string;
}

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

/** The same response with only the headers a bare server needs. */
function minimal(r: Recorded): Recorded {
  const keep = new Set(['content-type', 'etag', 'content-encoding', 'vary']);
  const headers: string[] = [];
  for (let i = 0; i < r.headers.length; i += 2) if (keep.has(r.headers[i]!.toLowerCase())) headers.push(r.headers[i]!, r.headers[i + 1]!);
  if (r.status === 200) headers.push('Content-Length', String(Buffer.from(r.body, 'base64').length));
  return { ...r, headers };
}

async function startRaw(file: string, serverCpu: string | undefined): Promise<{ port: number; child: ChildProcess }> {
  const [cmd, args] = pinned(serverCpu, process.execPath, [join(ROOT, 'scripts', 'bench', 'raw-server.mjs'), file]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(/ready (\d+)/.exec(d.toString())?.[1]))));
  return { port, child };
}

/**
 * A cached article page through the real app against two bare node:http servers: one replaying the
 * app's responses byte for byte (the baseline for the goal), and one sending the same bodies with
 * a minimal set of headers, to show what the app's headers cost.
 */
export async function benchHttp(seconds: number, serverCpu: string | undefined): Promise<HttpRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const blog = await startBlog({ COMMENTS_FILE: join(dir, 'comments.json'), WATCH_CONTENT: '0' }, serverCpu);
  const url = `http://127.0.0.1:${blog.port}${ARTICLE}`;
  const plain = await record(url, {});
  const recorded = {
    etag: plain.etag,
    plain,
    gzip: await record(url, { 'accept-encoding': 'gzip' }),
    br: await record(url, { 'accept-encoding': 'gzip, br' }),
    notModified: await record(url, { 'if-none-match': plain.etag }),
  };
  if (recorded.notModified.status !== 304 || !recorded.br.headers.some((h) => h.toLowerCase() === 'content-encoding')) {
    throw new Error('the app did not answer If-None-Match with 304 or gzip, br with a compressed page');
  }
  writeFileSync(join(dir, 'same.json'), JSON.stringify(recorded));
  writeFileSync(join(dir, 'minimal.json'), JSON.stringify({ etag: recorded.etag, plain: minimal(plain), gzip: minimal(recorded.gzip), br: minimal(recorded.br), notModified: minimal(recorded.notModified) }));
  const same = await startRaw(join(dir, 'same.json'), serverCpu);
  const bare = await startRaw(join(dir, 'minimal.json'), serverCpu);

  const variants: Array<[string, Record<string, string>]> = [
    ['plain', {}],
    ['gzip, br', { 'accept-encoding': 'gzip, br' }],
    ['If-None-Match (304)', { 'if-none-match': recorded.etag }],
  ];
  const measure = async (port: number, headers: Record<string, string>) => {
    const options = { url: `http://127.0.0.1:${port}${ARTICLE}`, connections: 50, headers };
    await load({ ...options, duration: 1 }); // warm-up
    return load({ ...options, duration: seconds });
  };
  const rows: HttpRow[] = [];
  try {
    for (const [variant, headers] of variants) {
      const app = await measure(blog.port, headers);
      const raw = await measure(same.port, headers);
      const rawMinimal = await measure(bare.port, headers);
      rows.push({
        variant,
        app,
        raw,
        ratio: app.requestsPerSecond / raw.requestsPerSecond,
        p99Ratio: app.p99 / Math.max(raw.p99, 1),
        rawMinimal,
        ratioMinimal: app.requestsPerSecond / rawMinimal.requestsPerSecond,
      });
    }
  } finally {
    await blog.stop();
    await Promise.all([stop(same.child), stop(bare.child)]);
  }
  return rows;
}
