import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Server {
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

/** `taskset -c <cpus>` when available, so servers under test get the same single core. */
export function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let built = false;

/**
 * Starts the blog as `npm start` does (compiled: node dist/server.js, built first when a source is
 * newer), without request logs, and resolves once it listens. `startedAt` is when the process was spawned.
 */
export async function startBlog(env: Record<string, string>, cpus?: string, timeoutMs = 300_000): Promise<Server> {
  if (!built) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
    built = true;
  }
  const port = await freePort();
  const [cmd, args] = pinned(cpus, process.execPath, ['dist/server.js']);
  const startedAt = performance.now();
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`the server exited before listening:\n${output.slice(-2000)}`);
    if (performance.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  return { port, pid: child.pid!, child, startedAt, output: () => output, stop: () => stop(child) };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly statuses: Record<string, number>;
  readonly errors: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon(options);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})) {
    statuses[code] = stat.count;
  }
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The shared corpus generator, beside the project unless CORPUS_GENERATOR names another path. */
export const genCorpus = () => process.env.CORPUS_GENERATOR ?? join(ROOT, '..', 'shared', 'tools', 'gen-corpus.mjs');
