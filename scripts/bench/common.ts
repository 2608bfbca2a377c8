import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `taskset -c <cpus>` when cpus are given, so servers under test get the same core every run. */
export function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
}

/** The CPU list a process may run on, as taskset prints it ("0,1"). */
export function affinityOf(pid: number): string {
  const out = spawnSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' }).stdout;
  return /:\s*(\S+)\s*$/.exec(out)?.[1] ?? '';
}

/**
 * Runs `fn` with every thread of this process on `cpus`, then puts back the previous list: the load
 * generator stays off the server's core during a measurement, and processes spawned later are not
 * confined by inheritance.
 */
export async function withAffinity<T>(cpus: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!cpus) return fn();
  const before = affinityOf(process.pid);
  spawnSync('taskset', ['-a', '-c', '-p', cpus, String(process.pid)], { stdio: 'ignore' });
  try {
    return await fn();
  } finally {
    if (before) spawnSync('taskset', ['-a', '-c', '-p', before, String(process.pid)], { stdio: 'ignore' });
  }
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

/** A process and its descendants, found through /proc/<pid>/task/<tid>/children (a cluster's workers). */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${found[i]}/task`)) {
        const children = readFileSync(`/proc/${found[i]}/task/${task}/children`, 'utf8').trim();
        if (children) found.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** Peak resident memory so far (VmHWM) summed over a process and its descendants, in MB. */
export function peakRssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return Math.round(kb / 1024);
}

/** Everything a child writes on stdout and stderr is read and dropped; only counts and the last bytes stay. */
export class DrainedOutput {
  lines = 0;
  bytes = 0;
  private recent: Buffer[] = [];

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.add(chunk));
  }

  private add(chunk: Buffer): void {
    this.bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.lines += 1;
    this.recent.push(chunk);
    if (this.recent.length > 4) this.recent.shift();
  }

  /** The last few kilobytes, for error messages. */
  tail(): string {
    return Buffer.concat(this.recent).toString('utf8').slice(-4000);
  }
}

export interface Server {
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  /** When the process was spawned (performance.now()). */
  readonly startedAt: number;
  readonly output: DrainedOutput;
  stop(): Promise<void>;
}

/**
 * The blog's own settings, as named in src/: a shell that exports LOG_LEVEL or WEB_CONCURRENCY must not
 * change what "as shipped" measures.
 */
let variables: Set<string> | undefined;
function blogVariables(): Set<string> {
  if (variables) return variables;
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\benv(?:, '|\.)([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
      }
    }
  };
  visit(join(ROOT, 'src'));
  variables = names;
  return names;
}

/** Settings the bench itself needs: where to listen and which files to use. Everything else is a default. */
export const BENCH_ENV = { HOST: '127.0.0.1', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789' } as const;

/** The environment `npm start` gives the server (NODE_ENV=production), minus blog settings a shell may hold, plus `extra`. */
export function startEnv(extra: Record<string, string>, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of blogVariables()) delete env[name];
  return { ...env, NODE_ENV: 'production', ...BENCH_ENV, ...extra, PORT: String(port) };
}

/** `npm start`'s prestart step, before every start as npm runs it: compile src/ into dist/ when missing or stale. */
function buildIfStale(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

/**
 * Spawns the blog as `npm start` runs it (node dist/server.js, NODE_ENV=production, built first when
 * stale; the build is not timed) and returns at once; its output goes to a pipe that is read and dropped, as a journal would.
 */
export async function spawnBlog(extraEnv: Record<string, string>, cpus?: string): Promise<Server> {
  buildIfStale();
  const port = await freePort();
  const [cmd, args] = pinned(cpus, process.execPath, ['dist/server.js']);
  const env = startEnv(extraEnv, port);
  const startedAt = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new DrainedOutput(child);
  return { port, pid: child.pid!, child, startedAt, output, stop: () => stopTree(child) };
}

/** Resolves once GET /healthz answers 200 (a 503 "starting" is not ready). */
export async function waitHealthy(server: Server, timeoutMs = 300_000): Promise<void> {
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited before it was ready:\n${server.output.tail()}`);
    }
    if (performance.now() - server.startedAt > timeoutMs) {
      await server.stop();
      throw new Error(`the server was not ready within ${timeoutMs} ms:\n${server.output.tail()}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
}

/** spawnBlog, then waitHealthy. */
export async function startBlog(extraEnv: Record<string, string>, cpus?: string, timeoutMs?: number): Promise<Server> {
  const server = await spawnBlog(extraEnv, cpus);
  await waitHealthy(server, timeoutMs);
  return server;
}

/** SIGTERM, then SIGKILL after 5 s for the process and any descendant it left behind. */
export function stopTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const tree = child.pid ? processTree(child.pid) : [];
  return new Promise((resolve) => {
    const killRest = () => {
      for (const pid of tree.slice(1)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      // Workers get a moment to follow their primary out before they are killed.
      void sleep(200).then(() => {
        killRest();
        resolve();
      });
    });
    child.kill('SIGTERM');
  });
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

/** The shared corpus generator, beside the project unless CORPUS_GENERATOR names another path. */
export const genCorpus = () => process.env.CORPUS_GENERATOR ?? join(ROOT, '..', 'shared', 'tools', 'gen-corpus.mjs');
