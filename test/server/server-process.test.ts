import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run { code: number | null; output: string }

/** Starts src/server.ts as `npm start` does; resolves with its port once it listens, or its exit. */
function startServer(env: Record<string, string>) {
  const child = spawn(TSX, ['src/server.ts'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env } });
  let output = '';
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}`), { code, output })));
  });
  ready.catch(() => undefined); // a test that expects the exit awaits `exited` instead
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  return { child, ready, exited, output: () => output };
}

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('src/server.ts', () => {
  it('serves the sample content on the configured port', async () => {
    const server = startServer({ PORT: '0', HOST: '127.0.0.1' });
    children.push(server.child);
    const port = await server.ready;
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Unlocking Success: The Role of Partnerships in Effective Library Leadership');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('refuses to start with a bad variable, naming it, and exits non-zero', async () => {
    const server = startServer({ PORT: 'eighty' });
    children.push(server.child);
    const run = await server.exited;
    expect(run.code).toBe(1);
    expect(run.output).toContain('PORT must be a whole number, got "eighty"');
  });

  it('keeps serving when an article is broken, and logs its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-content-'));
    try {
      writeFileSync(join(dir, 'good.md'), '---\ntitle: Good\ndate: 2024-01-01\n---\n\nFine.\n');
      writeFileSync(join(dir, 'bad.md'), '---\ntitle: Bad\ndate: not-a-date\n---\n\nBroken.\n');
      const server = startServer({ PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: dir });
      children.push(server.child);
      const port = await server.ready;
      expect((await fetch(`http://127.0.0.1:${port}/articles/good`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/articles/bad`)).status).toBe(404);
      expect(server.output()).toContain('bad.md:3: error: \\"date\\" must be a date like 2024-03-05');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
