import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { fixtureServerEnv, runPool, serverTracker, type ServerProcess } from '../helpers/server-process.js';

const servers = serverTracker();
afterEach(() => servers.stopAll());

const PATHS = ['/', '/articles/alpha', '/articles/beta', '/tags', '/search?q=garden', '/no/such/page'];

/** Starts the real server on the fixture site and collects its stdout, which is JSON lines. */
function startWithLog(extra: Record<string, string>): { server: ServerProcess; stdout: () => string; closed: Promise<unknown> } {
  const data = mkdtempSync(join(tmpdir(), 'blog-access-log-'));
  onTestFinished(() => rmSync(data, { recursive: true, force: true }));
  const server = servers.start(fixtureServerEnv(join(data, 'comments.json'), extra));
  let stdout = '';
  server.child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // 'close' comes once stdout has been read to its end; 'exit' can come before the last lines.
  return { server, stdout: () => stdout, closed: once(server.child, 'close') };
}

async function sendRequests(port: number, count: number): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  await runPool(count, 25, async (i) => {
    const path = PATHS[i % PATHS.length]!;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(15_000) });
    await res.arrayBuffer();
    sent.set(path, (sent.get(path) ?? 0) + 1);
  });
  return sent;
}

function parseLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('access lines of the running server', () => {
  it('are all written before the server exits on SIGTERM: one JSON line per request', async () => {
    const { server, stdout, closed } = startWithLog({ LOG_LEVEL: 'info' });
    const port = await server.ready;
    const count = 500;
    const sent = await sendRequests(port, count);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    await closed;
    const requests = parseLines(stdout()).filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(count);
    const logged = new Map<string, number>();
    for (const line of requests) logged.set(String(line.path), (logged.get(String(line.path)) ?? 0) + 1);
    expect(logged).toEqual(sent);
    // Repeated pages come from the page cache, and say so.
    expect(requests.filter((l) => l.cached === true).length).toBeGreaterThan(count / 2);
    for (const line of requests) expect(Object.keys(line)).not.toContain('req');
  }, 60_000);

  it('are not written with ACCESS_LOG=0, while the other logs are', async () => {
    const { server, stdout, closed } = startWithLog({ LOG_LEVEL: 'info', ACCESS_LOG: '0' });
    const port = await server.ready;
    await sendRequests(port, 30);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    await closed;
    const lines = parseLines(stdout());
    expect(lines.filter((l) => l.msg === 'request' || 'req' in l || 'method' in l)).toEqual([]);
    expect(lines.some((l) => String(l.msg).startsWith('listening on'))).toBe(true);
  }, 60_000);

  it('refuses an ACCESS_LOG value it does not know, naming the variable', async () => {
    const { server } = startWithLog({ ACCESS_LOG: 'maybe' });
    const run = await server.exited;
    expect(run.code).toBe(1);
    expect(run.output).toContain('ACCESS_LOG must be 1 or 0 (or true/false), got "maybe"');
  });
});
