import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURE_SITE = join(ROOT, 'test', 'fixtures', 'site');

export interface ServerRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The port, once the server logs that it listens; rejects if it exits or takes longer than `readyTimeoutMs`. */
  readonly ready: Promise<number>;
  readonly exited: Promise<ServerRun>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts src/server.ts from its sources (through tsx, production mode, info logs, one process unless
 * WEB_CONCURRENCY is given) with extra environment variables, so tests need no build; test/server/compiled-start.test.ts covers the
 * compiled `npm start`. Node loads tsx itself rather than through the tsx command, which runs the
 * server in a child process of its own: a SIGKILL would end only the wrapper and leave the server running.
 */
export function startServer(env: Record<string, string>, readyTimeoutMs = 20_000): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', WEB_CONCURRENCY: '0', ...env } });
  let output = '';
  const exited = new Promise<ServerRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((run) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`the server exited (${run.code ?? run.signal}) before listening:\n${run.output}`), run));
    });
  });
  ready.catch(() => undefined); // a test that expects the exit awaits `exited` instead
  return { child, ready, exited, output: () => output };
}

/** Kills the server (SIGKILL unless told otherwise) and waits, at most 10 s, until it has gone. */
export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<ServerRun | undefined> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 10_000);
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Servers a test file started, so `afterEach(() => servers.stopAll())` ends every one of them. */
export function serverTracker() {
  const running: ServerProcess[] = [];
  return {
    start(env: Record<string, string>, readyTimeoutMs?: number): ServerProcess {
      const server = startServer(env, readyTimeoutMs);
      running.push(server);
      return server;
    },
    async stopAll(): Promise<void> {
      await Promise.all(running.splice(0).map((s) => stopServer(s)));
    },
  };
}

/** The environment for a server on the fixture site, a comments file of the test's own and no rate limits. */
export const fixtureServerEnv = (commentsFile: string, extra: Record<string, string> = {}): Record<string, string> => ({
  CONTENT_DIR: FIXTURE_SITE,
  COMMENTS_FILE: commentsFile,
  PORT: '0',
  HOST: '127.0.0.1',
  COMMENT_RATE_LIMIT: '0',
  ...extra,
});

export interface CommentPost {
  readonly author: string;
  readonly email: string;
  readonly comment: string;
  readonly url?: string;
}

/** Posts the comment form as a browser does, without following the redirect. */
export function postCommentForm(port: number, slug: string, post: CommentPost, signal?: AbortSignal): Promise<Response> {
  const body = new URLSearchParams({ author: post.author, email: post.email, url: post.url ?? '', comment: post.comment, parent: '' });
  return fetch(`http://127.0.0.1:${port}/articles/${slug}/comments`, {
    method: 'POST',
    body,
    redirect: 'manual',
    signal: signal ?? AbortSignal.timeout(15_000),
  });
}

/**
 * Runs `count` tasks, at most `concurrency` at a time, and stops starting new ones once `shouldStop()`
 * says so. Resolves when every started task has settled.
 */
export async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>, shouldStop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count && !shouldStop()) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
