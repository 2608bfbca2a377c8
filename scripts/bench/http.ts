import { mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ROOT, load, pinned, startBlog, stop, type LoadResult } from './common.js';

export interface HttpRow {
  readonly variant: string;
  readonly app: LoadResult;
  readonly raw: LoadResult;
  readonly ratio: number;
  readonly p99Ratio: number;
}

const ARTICLE = '/articles/partnerships-in-library-leadership';

/** Cached article page through the real app vs. a bare node:http server answering the same bytes. */
export async function benchHttp(seconds: number, serverCpu: string | undefined): Promise<HttpRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const blog = await startBlog({ COMMENTS_FILE: join(dir, 'comments.json'), WATCH_CONTENT: '0' }, serverCpu);
  const url = `http://127.0.0.1:${blog.port}${ARTICLE}`;
  const page = await fetch(url);
  const body = Buffer.from(await page.arrayBuffer());
  const etag = page.headers.get('etag') ?? '"x"';
  writeFileSync(join(dir, 'body'), body);
  writeFileSync(join(dir, 'body.gz'), gzipSync(body));
  writeFileSync(join(dir, 'body.br'), brotliCompressSync(body));
  const [cmd, args] = pinned(serverCpu, process.execPath, [join(ROOT, 'scripts', 'bench', 'raw-server.mjs'), '0', join(dir, 'body'),
    page.headers.get('content-type') ?? 'text/html', etag, join(dir, 'body.gz'), join(dir, 'body.br')]);
  const raw = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const rawPort = await new Promise<number>((resolve) => raw.stdout!.once('data', (d: Buffer) => resolve(Number(/ready (\d+)/.exec(d.toString())?.[1]))));

  const variants: Array<[string, Record<string, string>]> = [
    ['plain', {}],
    ['gzip, br', { 'accept-encoding': 'gzip, br' }],
    ['If-None-Match (304)', { 'if-none-match': etag }],
  ];
  const rows: HttpRow[] = [];
  try {
    for (const [variant, headers] of variants) {
      const options = { connections: 50, duration: seconds, headers };
      await load({ url, ...options, duration: 1 }); // warm-up
      const app = await load({ url, ...options });
      await load({ url: `http://127.0.0.1:${rawPort}${ARTICLE}`, ...options, duration: 1 });
      const base = await load({ url: `http://127.0.0.1:${rawPort}${ARTICLE}`, ...options });
      rows.push({ variant, app, raw: base, ratio: app.requestsPerSecond / base.requestsPerSecond, p99Ratio: app.p99 / Math.max(base.p99, 1) });
    }
  } finally {
    await blog.stop();
    await stop(raw);
  }
  return rows;
}
