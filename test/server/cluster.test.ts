import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureServerEnv, serverTracker, stopServer, type ServerProcess } from '../helpers/server-process.js';

// Several workers on one port (WEB_CONCURRENCY): every request below opens a connection of its own, so
// the primary hands them to the workers in turn and consecutive requests meet different workers.
const servers = serverTracker();
const folders: string[] = [];
afterEach(async () => {
  await servers.stopAll();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

const lastFolders: string[] = [];
afterAll(() => {
  for (const dir of lastFolders.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The worker processes of a primary. */
function workersOf(pid: number): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const children = ps.split('\n').map((l) => l.trim().split(/\s+/).map(Number)).filter(([, ppid]) => ppid === pid).map(([p]) => p!);
  // The TypeScript loader may run a helper process of its own beside the workers.
  return children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('server.');
    } catch {
      return false;
    }
  }).sort();
}

/** A cluster of `workers` on the fixture site, ready once every worker listens. */
async function startCluster(workers: number, tracker = servers, extra: Record<string, string> = {}): Promise<{ server: ServerProcess; port: number }> {
  // Removed after the last test that uses the cluster, not after each.
  const dir = mkdtempSync(join(tmpdir(), 'cluster-'));
  if (tracker === servers) folders.push(dir);
  else lastFolders.push(dir);
  const server = tracker.start(fixtureServerEnv(join(dir, 'comments.json'), { WEB_CONCURRENCY: String(workers), ...extra }), 60_000);
  const port = await server.ready;
  for (let waited = 0; (server.output().match(/listening on/g) ?? []).length < workers; waited += 50) {
    if (waited > 60_000) throw new Error(`not every worker listened:\n${server.output()}`);
    await sleep(50);
  }
  return { server, port };
}

interface Answer { readonly status: number; readonly headers: Record<string, string | string[] | undefined>; readonly body: string }

/** One request on a new connection. */
function send(port: number, method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: {
      ...headers,
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
    } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const comment = (n: number) => ({ author: `Reader ${n}`, email: `reader${n}@example.org`, url: '', comment: `Comment number ${n} on the cluster`, parent: '' });

describe('WEB_CONCURRENCY: several workers on one port, one visitor per forwarded address', () => {
  // One cluster for these tests: each plays a visitor of its own (X-Forwarded-For), so limits meet only
  // the posts of the same test.
  const shared = serverTracker();
  let cluster: { server: ServerProcess; port: number };
  beforeAll(async () => {
    cluster = await startCluster(2, shared, { TRUST_PROXY: 'loopback', COMMENT_RATE_LIMIT: '3', COMMENT_FLOOD_SECONDS: '60', ADMIN_PASSWORD: 'correct horse battery' });
  }, 90_000);
  afterAll(() => shared.stopAll());
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('starts that many workers, and a visitor sees their own comment whichever worker answers next', async () => {
    const { server, port } = cluster;
    expect(workersOf(server.child.pid!)).toHaveLength(2);
    // Both workers have the article in their page caches before anything is posted.
    for (let i = 0; i < 4; i += 1) expect((await send(port, 'GET', '/articles/alpha')).status).toBe(200);
    for (let n = 1; n <= 6; n += 1) {
      const posted = await send(port, 'POST', '/articles/alpha/comments', comment(n), from(`192.0.2.${n}`));
      expect(posted.status).toBe(303);
      const location = String(posted.headers.location).replace(/#.*/, '');
      // The next two connections go to two different workers: each shows the comment at once.
      for (const page of [await send(port, 'GET', location), await send(port, 'GET', location)]) {
        expect(page.body).toContain(`Comment number ${n} on the cluster`);
      }
    }
  }, 60_000);

  it('holds a poster back for the flood interval whichever worker takes their next post', async () => {
    const { port } = cluster;
    const first = await send(port, 'POST', '/articles/alpha/comments', comment(11), from('198.51.100.1'));
    const second = await send(port, 'POST', '/articles/alpha/comments', comment(12), from('198.51.100.1'));
    const third = await send(port, 'POST', '/articles/beta/comments', comment(13), from('198.51.100.1'));
    expect([first.status, second.status, third.status]).toEqual([303, 429, 429]);
    expect(second.body).toContain('posting comments too quickly');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(50);
    expect(second.body).toContain('Comment number 12 on the cluster');
  }, 60_000);

  it('counts the comment rate limit and failed logins for all workers together', async () => {
    const { port } = cluster;
    // Three posts are allowed in ten minutes (the second and third meet the flood interval, and count).
    const answers = [];
    for (let n = 21; n <= 24; n += 1) answers.push(await send(port, 'POST', '/articles/alpha/comments', comment(n), from('203.0.113.7')));
    expect(answers.map((a) => a.status)).toEqual([303, 429, 429, 429]);
    expect(answers[3]!.body).toContain('posted many comments in a short time');

    const logins: number[] = [];
    for (let n = 1; n <= 6; n += 1) logins.push((await send(port, 'POST', '/admin/login', { password: `wrong ${n}` }, from('203.0.113.8'))).status);
    expect(logins).toEqual([401, 401, 401, 401, 401, 429]);
  }, 60_000);
});

describe('WEB_CONCURRENCY: restarts and stops', () => {
  // One cluster goes through a restart, the loss of a worker, then a stop, in this order.
  const shared = serverTracker();
  let cluster: { server: ServerProcess; port: number };
  beforeAll(async () => {
    cluster = await startCluster(2, shared, { COMMENT_RATE_LIMIT: '0' });
  }, 90_000);
  afterAll(() => shared.stopAll());

  it('replaces every worker one by one on SIGHUP without failing a request', async () => {
    const { server, port } = cluster;
    const before = workersOf(server.child.pid!);
    let stop = false;
    const failures: string[] = [];
    let answered = 0;
    // Keep-alive connections (fetch's pool) and new ones, all through the restart.
    const loop = async (fresh: boolean) => {
      while (!stop) {
        try {
          const status = fresh ? (await send(port, 'GET', '/articles/beta')).status
            : await fetch(`http://127.0.0.1:${port}/articles/beta`).then(async (r) => (await r.arrayBuffer(), r.status));
          if (status === 200) answered += 1;
          else failures.push(`status ${status}`);
        } catch (err) {
          failures.push(String((err as { cause?: unknown }).cause ?? err));
        }
      }
    };
    const loops = [loop(false), loop(false), loop(true), loop(true)];
    await sleep(300);
    server.child.kill('SIGHUP');
    for (let waited = 0; !server.output().includes('every worker was replaced'); waited += 100) {
      if (waited > 60_000) throw new Error(`the restart did not finish:\n${server.output()}`);
      await sleep(100);
    }
    await sleep(300);
    stop = true;
    await Promise.all(loops);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(50);
    const after = workersOf(server.child.pid!);
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    // Every process writes to the same stdout: each line is still whole, one request per line.
    await sleep(300);
    const lines = server.output().split('\n').filter(Boolean);
    const unreadable = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable).toEqual([]);
    expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(answered);
  }, 90_000);

  it('replaces a worker that dies', async () => {
    const { server, port } = cluster;
    const [victim] = workersOf(server.child.pid!);
    process.kill(victim!, 'SIGKILL');
    for (let waited = 0; workersOf(server.child.pid!).filter((p) => p !== victim).length < 2; waited += 100) {
      if (waited > 30_000) throw new Error(`no worker replaced the one that died:\n${server.output()}`);
      await sleep(100);
    }
    for (let i = 0; i < 4; i += 1) expect((await send(port, 'GET', '/articles/alpha')).status).toBe(200);
    // Log lines go out in batches, at most 200 ms after they are logged.
    for (let waited = 0; !server.output().includes('a worker stopped unexpectedly') && waited < 2_000; waited += 50) await sleep(50);
    expect(server.output()).toContain('a worker stopped unexpectedly; starting another');
  }, 60_000);

  it('on SIGTERM answers the request under way, then every process exits', async () => {
    const { server, port } = cluster;
    const workers = workersOf(server.child.pid!);
    const body = new URLSearchParams(comment(1)).toString();
    // A post whose body is still arriving when the stop is asked for.
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /articles/alpha/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`);
    await sleep(300);
    server.child.kill('SIGTERM');
    await sleep(500);
    socket.write(body.slice(10));
    for (let waited = 0; !answer.includes('Redirecting'); waited += 20) {
      if (waited > 10_000) throw new Error(`no answer to the post:\n${answer}`);
      await sleep(20);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 303 /);
    // The connection stays usable for a request that follows; that answer closes it.
    socket.write('GET /articles/alpha HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await closed;
    const second = answer.slice(answer.indexOf('HTTP/1.1', 10));
    expect(second).toMatch(/^HTTP\/1\.1 200 /);
    expect(second.toLowerCase()).toContain('connection: close');
    expect(second).toContain('Comment number 1 on the cluster');
    const run = await stopServer(server, 'SIGTERM');
    expect(run?.code).toBe(0);
    // Every worker has been waited for by the primary before it exits.
    const left = workers.filter((pid) => existsSync(`/proc/${pid}`)).map((pid) => readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').slice(0, 8).join(' '));
    expect(left).toEqual([]);
  }, 90_000);

  it('stops with an error when its workers cannot start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cluster-broken-'));
    folders.push(dir);
    writeFileSync(join(dir, 'comments.json'), '{ not json');
    const broken = servers.start(fixtureServerEnv(join(dir, 'comments.json'), { WEB_CONCURRENCY: '1' }), 60_000);
    const run = await broken.exited;
    expect(run.code).toBe(1);
    expect(run.output).toContain('Cannot start: the comments file');
  }, 90_000);
});
