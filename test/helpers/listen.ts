import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { TestApp } from './test-app.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/**
 * Serves the app on 127.0.0.1 the way src/server.ts does (the page cache's handler in front of
 * Express) and returns the port; the server is closed after the test.
 */
export async function listen(t: TestApp): Promise<number> {
  const server = createServer(t.web.handle);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}
