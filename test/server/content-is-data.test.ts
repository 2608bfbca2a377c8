import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { article, contentDir } from '../helpers/content-dir.js';
import { runScript } from '../helpers/run-script.js';
import { serverTracker } from '../helpers/server-process.js';

const servers = serverTracker();
afterEach(() => servers.stopAll());

/** Front matter that writes `marker` if anything evaluates it as JavaScript. */
const javascriptFrontMatter = (fence: string, marker: string) =>
  `${fence}\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') || 'Evil', date: '2024-01-01' }\n---\n\nText.\n`;

/** 461 bytes of YAML that stand for 9^8 (about 43 million) strings once its aliases are expanded. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i += 1) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `---\ntitle: Bomb\ndate: 2024-01-01\n${lines.join('\n')}\n---\n\nText.\n`;
}

async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('content files are data, never code', () => {
  it('the server evaluates no front matter, survives an alias bomb and logs each file with its line', async () => {
    const dir = contentDir({
      'good.md': article({ title: 'Good', date: '2024-01-01' }),
      'bomb.md': aliasBomb(8),
    });
    const marker = join(dir, '_ran-at-start');
    writeFileSync(join(dir, 'evil.md'), javascriptFrontMatter('---js', marker));
    const server = servers.start({ PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: dir, COMMENTS_FILE: join(dir, '_data', 'comments.json') });
    const port = await server.ready;
    const status = async (slug: string) => (await fetch(`http://127.0.0.1:${port}/articles/${slug}`)).status;
    expect(await status('good')).toBe(200);
    expect(await status('evil')).toBe(404);
    expect(await status('bomb')).toBe(404);
    expect(existsSync(marker)).toBe(false);
    expect(server.output()).toContain('evil.md:1: error: front matter opened with \\"---js\\" is not read');
    expect(server.output()).toMatch(/bomb\.md:5: error: front matter holds more than 10,000 values/);

    // The same rule for a file added while the server runs.
    const hotMarker = join(dir, '_ran-on-add');
    writeFileSync(join(dir, 'evil-later.md'), javascriptFrontMatter('---javascript', hotMarker));
    await eventually(() => server.output().includes('evil-later.md:1: error'), 'the added file to be reported');
    expect(existsSync(hotMarker)).toBe(false);
    expect(await status('evil-later')).toBe(404);
    expect(await status('good')).toBe(200);
  });

  it('npm run check evaluates no front matter and reports each file with its line', async () => {
    const dir = contentDir({
      'good.md': article({ title: 'Good', date: '2024-01-01', description: 'Fine.' }),
      'bomb.md': aliasBomb(8),
      'self.md': '---\ntitle: &t [*t]\ndate: 2024-01-01\n---\n\nText.\n',
    });
    const marker = join(dir, '_ran-in-check');
    writeFileSync(join(dir, 'evil.md'), javascriptFrontMatter('---js', marker));
    const run = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: dir, TZ: 'UTC' });
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.filter((l) => /evil\.md:1: error: front matter opened with "---js" is not read/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /bomb\.md:5: error: front matter holds more than 10,000 values/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /self\.md:2: error: front matter refers to itself/.test(l))).toHaveLength(1);
    expect(run.stdout).toContain('4 articles checked: 3 errors');
  });
});
