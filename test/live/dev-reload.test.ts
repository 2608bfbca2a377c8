import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serverTracker, type ServerProcess } from '../helpers/server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A change must reach open pages within about a second of the save. */
const RELOAD_WITHIN_MS = 1500;

const article = (title: string) => `---\ntitle: ${JSON.stringify(title)}\ndate: 2024-03-05\ndescription: "A test article."\n---\n\nSome text.\n`;

/** A temp folder with a content folder holding one article, and where the comments file goes. */
async function makeSite(): Promise<{ root: string; content: string; env: Record<string, string> }> {
  const root = await mkdtemp(join(tmpdir(), 'inkwell-reload-'));
  const content = join(root, 'content');
  await mkdir(content);
  await writeFile(join(content, 'hello.md'), article('Hello'));
  return { root, content, env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CONTENT_DIR: content, COMMENTS_FILE: join(root, 'comments.json') } };
}

/** Reads a server-sent event stream as text, chunk by chunk, until told to stop. */
function readStream(res: Response): { text(): string; until(test: (text: string) => boolean, timeoutMs: number): Promise<number> } {
  let text = '';
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) {
        text += decoder.decode(chunk as Uint8Array, { stream: true });
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return {
    text: () => text,
    /** Resolves with the milliseconds it took for the text so far to pass `test`; rejects after `timeoutMs`. */
    until(test, timeoutMs) {
      const start = performance.now();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!test(text)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(performance.now() - start);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no match within ${timeoutMs} ms; the stream said:\n${text}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Resolves as `promise` does, or rejects after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const servers = serverTracker();

describe('live reload', () => {
  describe('in development (npm run dev)', () => {
    let site: Awaited<ReturnType<typeof makeSite>>;
    let server: ServerProcess;
    let port: number;
    const streams: AbortController[] = [];

    beforeAll(async () => {
      site = await makeSite();
      server = servers.start({ ...site.env, NODE_ENV: 'development', LIVE_RELOAD: '1' });
      port = await server.ready;
    });

    afterEach(() => {
      for (const controller of streams.splice(0)) controller.abort();
    });

    afterAll(async () => {
      await servers.stopAll();
      if (site) await rm(site.root, { recursive: true, force: true });
    });

    it('adds the live-reload script, fingerprinted and pointing at the event stream, to article pages', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/articles/hello`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      const html = await res.text();
      const tag = /<script src="(\/js\/live-reload\.[0-9a-f]+\.js)" data-endpoint="\/__live-reload" defer><\/script>/.exec(html);
      expect(tag).not.toBeNull();
      const script = await fetch(`http://127.0.0.1:${port}${tag![1]}`, { signal: AbortSignal.timeout(5000) });
      expect(script.status).toBe(200);
      expect(await script.text()).toBe(await readFile(join(ROOT, 'public', 'js', 'live-reload.js'), 'utf8'));
    });

    it('tells open pages to reload soon after a content file is saved', async () => {
      const controller = new AbortController();
      streams.push(controller);
      const res = await fetch(`http://127.0.0.1:${port}/__live-reload`, { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const stream = readStream(res);
      await stream.until((text) => text.includes('retry: 500\n\n'), 3000);
      expect(stream.text()).not.toContain('event: reload');

      await writeFile(join(site.content, 'hello.md'), article('Hello again'));
      const elapsed = await stream.until((text) => text.includes('event: reload\ndata: content\n\n'), 3000);
      expect(elapsed).toBeLessThan(RELOAD_WITHIN_MS);

      const countReloads = (text: string) => text.split('event: reload\n').length - 1;
      const seen = countReloads(stream.text());
      await writeFile(join(site.content, 'second.md'), article('Second'));
      const again = await stream.until((text) => countReloads(text) > seen, 3000);
      expect(again).toBeLessThan(RELOAD_WITHIN_MS);
    });
  });

  describe('in production (npm start)', () => {
    let site: Awaited<ReturnType<typeof makeSite>>;

    beforeAll(async () => {
      site = await makeSite();
    });

    afterEach(() => servers.stopAll());

    afterAll(async () => {
      if (site) await rm(site.root, { recursive: true, force: true });
    });

    it('leaves the script out of pages and has no event stream', async () => {
      const server = servers.start({ ...site.env, NODE_ENV: 'production' });
      const port = await server.ready;
      const page = await fetch(`http://127.0.0.1:${port}/articles/hello`, { signal: AbortSignal.timeout(5000) });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Hello');
      expect(html).not.toContain('live-reload');
      expect(html).not.toContain('__live-reload');
      const stream = await fetch(`http://127.0.0.1:${port}/__live-reload`, { signal: AbortSignal.timeout(5000) });
      expect(stream.status).toBe(404);
      await stream.body?.cancel();
    });

    it('refuses to start with LIVE_RELOAD=1, naming the variable', async () => {
      const server = servers.start({ ...site.env, NODE_ENV: 'production', LIVE_RELOAD: '1' });
      const run = await within(server.exited, 15_000, 'the server to exit');
      expect(run.code).not.toBe(0);
      expect(run.code).not.toBeNull();
      expect(run.output).toContain('Configuration error: LIVE_RELOAD is for development only and cannot be used with NODE_ENV=production');
      expect(run.output).not.toContain('listening on');
    });
  });
});
