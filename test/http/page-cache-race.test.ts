import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createPageCache, type PageDeps } from '../../src/http/page-cache.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('the page cache and a change during a response', () => {
  it('does not keep an answer rendered before a change that landed while it was being sent', async () => {
    // Comments as another server changes them: read by the page, then changed before the answer ends
    // (as when compression finishes later and the store catches up in the background meanwhile).
    let comments = ['first'];
    let version = 1;
    const cache = createPageCache({
      contentVersion: () => 'content',
      commentsVersion: () => String(version),
      articleCommentsVersion: () => String(version),
      maxBytes: 1024 * 1024,
    });
    const app = express();
    app.use(cache.record);
    app.get('/page', (_req, res) => {
      res.locals.pageDeps = { comments: ['a'] } satisfies PageDeps;
      const body = comments.join(',');
      setTimeout(() => {
        if (version === 1) {
          comments = ['first', 'second'];
          version = 2;
        }
        res.type('text/plain').send(body);
      }, 5);
    });
    const server = createServer((req, res) => {
      if (cache.serve(req, res) < 0) app(req, res);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`;

    expect(await (await fetch(url)).text()).toBe('first');
    // The next reader sees the change, not the answer rendered before it.
    expect(await (await fetch(url)).text()).toBe('first,second');
    expect(await (await fetch(url)).text()).toBe('first,second');
    expect(cache.hits()).toBe(1);
  });
});
