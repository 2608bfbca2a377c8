import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureServerEnv } from '../helpers/server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.built');

interface Started {
  readonly port: number;
  readonly output: string;
  readonly stop: () => Promise<void>;
  /** The process serving, found below npm (npm → sh → node). */
  readonly serverPid: number;
}

const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** Children of a process, from ps. */
function childrenOf(pid: number): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  return ps.split('\n').map((l) => l.trim().split(/\s+/).map(Number)).filter(([, ppid]) => ppid === pid).map(([p]) => p!);
}

/** The deepest process below `pid`: the server that npm started through a shell. */
function leafOf(pid: number): number {
  let current = pid;
  for (let kids = childrenOf(current); kids.length > 0; kids = childrenOf(current)) current = kids[0]!;
  return current;
}

/** Runs the real `npm start`, as a user does, and waits until the server listens. */
function npmStart(env: Record<string, string>): Promise<Started> {
  // A process group of its own, so that stopping it stops npm, the shell and the server together.
  const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, env: { ...process.env, ...env } });
  let output = '';
  let serverPid = 0;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    // The server ends on its own after SIGTERM; one that does not is killed, never left running.
    for (let waited = 0; serverPid && existsSync(`/proc/${serverPid}`) && waited < 10_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (serverPid && existsSync(`/proc/${serverPid}`)) process.kill(serverPid, 'SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      serverPid = leafOf(child.pid!);
      const started = { port: Number(m[1]), output, stop, serverPid };
      running.push(started);
      resolve(started);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before listening:\n${output}`));
    });
  });
}

describe('npm start', () => {
  it('serves from compiled JavaScript, and builds dist/ first only when a source is newer', async () => {
    const data = mkdtempSync(join(tmpdir(), 'compiled-start-'));
    try {
      const env = fixtureServerEnv(join(data, 'comments.json'), { LOG_LEVEL: 'info' });
      expect(spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
      const built = statSync(STAMP).mtimeMs;

      const first = await npmStart(env);
      expect(first.output).not.toMatch(/Built dist/);
      const page = await fetch(`http://127.0.0.1:${first.port}/articles/alpha`);
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<h1')]);
      // The process serving runs the compiled file, with no TypeScript loader in it.
      const args = readFileSync(`/proc/${first.serverPid}/cmdline`, 'utf8').split('\0');
      expect(args.some((a) => a.endsWith('dist/server.js'))).toBe(true);
      expect(args.join(' ')).not.toMatch(/tsx|ts-node|--import|--loader/);
      await first.stop();

      // A source saved after the build: the next start compiles again before serving.
      const source = join(ROOT, 'src', 'html.ts');
      const later = new Date(Date.now() + 2000);
      utimesSync(source, later, later);
      const second = await npmStart(env);
      expect(second.output).toMatch(/Built dist\/ in/);
      expect(statSync(STAMP).mtimeMs).toBeGreaterThan(built);
      const home = await fetch(`http://127.0.0.1:${second.port}/`);
      expect([home.status, await home.text()]).toEqual([200, expect.stringContaining('<h1')]);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
