import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverTracker } from '../helpers/server-process.js';

const servers = serverTracker();
afterEach(() => servers.stopAll());

describe('src/server.ts', () => {
  it('serves the sample content on the configured port', async () => {
    const server = servers.start({ PORT: '0', HOST: '127.0.0.1' });
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
    const server = servers.start({ PORT: 'eighty' });
    const run = await server.exited;
    expect(run.code).toBe(1);
    expect(run.output).toContain('PORT must be a whole number, got "eighty"');
  });

  it('keeps serving when an article is broken, and logs its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blog-content-'));
    try {
      writeFileSync(join(dir, 'good.md'), '---\ntitle: Good\ndate: 2024-01-01\n---\n\nFine.\n');
      writeFileSync(join(dir, 'bad.md'), '---\ntitle: Bad\ndate: not-a-date\n---\n\nBroken.\n');
      const server = servers.start({ PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: dir });
      const port = await server.ready;
      expect((await fetch(`http://127.0.0.1:${port}/articles/good`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/articles/bad`)).status).toBe(404);
      expect(server.output()).toContain('bad.md:3: error: \\"date\\" must be a date like 2024-03-05');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
