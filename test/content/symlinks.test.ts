import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { watchContent, type ContentEvent, type ContentWatcher } from '../../src/content/watch-content.js';
import { formatProblem, type ContentProblem } from '../../src/errors.js';
import { article } from '../helpers/content-dir.js';
import { serverTracker } from '../helpers/server-process.js';
import { makeTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 'TOP-SECRET: outside the content folder';
const OUTSIDE_WARNING = 'warning: is a link to a place outside the content folder; it is not followed. Move or copy what it points to into the content folder';

/**
 * A temporary folder holding `content/` (the site) and `outside/` (files elsewhere on the machine,
 * each containing SECRET), with the given files (path → text) and links (path → target); removed
 * after the test.
 */
function site(files: Record<string, string>, links: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'inkwell-links-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const all: Record<string, string> = {
    'outside/secret.md': article({ title: 'Secret', date: '2026-01-01' }, SECRET),
    'outside/secret.csv': SECRET,
    'outside/secret.png': SECRET,
    'outside/bundle/index.md': article({ title: 'Secret bundle', date: '2026-01-01' }, SECRET),
    'outside/bundle/secret.csv': SECRET,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(root, path));
  return { root, content: join(root, 'content'), outside: join(root, 'outside') };
}

const realBundle = {
  'content/real/index.md': article({ title: 'Reading garden', date: '2026-02-01' }, '![Benches](photo.png)'),
  'content/real/photo.png': 'png bytes',
};

const sharedFiles = {
  'content/_shared/bundle/index.md': article({ title: 'Shared bundle', date: '2026-03-01' }),
  'content/_shared/bundle/map.csv': 'branch,visitors\nnorth,12\n',
  'content/_shared/also.md': article({ title: 'Also here', date: '2026-03-02' }),
  'content/_shared/data.csv': 'year,loans\n2025,1200\n',
};

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const watchers: ContentWatcher[] = [];
const servers = serverTracker();
afterEach(async () => {
  await Promise.all([...watchers.splice(0).map((w) => w.close()), servers.stopAll()]);
});

/** Starts a watcher on a test app's catalog, as the server does; resolves once it watches. */
async function watchApp(test: TestApp): Promise<ContentEvent[]> {
  const events: ContentEvent[] = [];
  const watcher = watchContent({ dir: test.config.contentDir, catalog: test.catalog, render: createMarkdownRenderer(), onEvent: (e) => events.push(e) });
  watchers.push(watcher);
  await watcher.ready;
  return events;
}

/** Status and body as text, whatever the type (supertest leaves images unread). */
const get = async (test: TestApp, path: string) => {
  const res = await request(test.app).get(path).buffer(true).parse((stream, done) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  });
  return { status: res.status, text: res.body as string };
};

const warningsIn = (problems: readonly ContentProblem[]) => problems.filter((p) => p.severity === 'warning').map(formatProblem);
const eventWarnings = (events: readonly ContentEvent[]) => events.flatMap((e) => warningsIn(e.problems));

describe('links in the content folder, at start', () => {
  it('never publishes or serves what an outside link points to, and warns about each link', async () => {
    const { content } = site(realBundle, {
      'content/linked': join('..', 'outside', 'bundle'),
      'content/leak.md': join('..', 'outside', 'secret.md'),
      'content/real/secret.csv': join('..', '..', 'outside', 'secret.csv'),
    });
    const test = await makeTestApp({ contentDir: content });
    for (const path of ['/articles/linked', '/articles/linked/secret.csv', '/articles/leak', '/articles/real/secret.csv']) {
      const res = await get(test, path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(SECRET);
    }
    expect((await get(test, '/articles/real')).status).toBe(200);
    expect((await get(test, '/articles/real/photo.png')).text).toBe('png bytes');
    expect(warningsIn(test.problems)).toEqual([
      `leak.md: ${OUTSIDE_WARNING}`,
      `linked/: ${OUTSIDE_WARNING}`,
      `real/secret.csv: ${OUTSIDE_WARNING}`,
    ]);
  });

  it('serves what an inside link points to like the file itself, and skips a dangling link quietly', async () => {
    const { content } = site({ ...realBundle, ...sharedFiles }, {
      'content/alias': join('_shared', 'bundle'),
      'content/also.md': join('_shared', 'also.md'),
      'content/real/data.csv': join('..', '_shared', 'data.csv'),
      'content/gone.md': join('_shared', 'missing.md'),
    });
    const test = await makeTestApp({ contentDir: content });
    expect((await get(test, '/articles/alias')).text).toContain('Shared bundle');
    expect((await get(test, '/articles/alias/map.csv')).text).toBe(sharedFiles['content/_shared/bundle/map.csv']);
    expect((await get(test, '/articles/also')).text).toContain('Also here');
    expect((await get(test, '/articles/real/data.csv')).text).toBe(sharedFiles['content/_shared/data.csv']);
    expect((await get(test, '/articles/gone')).status).toBe(404);
    expect(test.problems).toEqual([]);
  });

  it('compares real paths when the content folder itself is reached through a link', async () => {
    const { root } = site({ ...realBundle, ...sharedFiles }, {
      'content/alias': join('_shared', 'bundle'),
      'content/leak.md': join('..', 'outside', 'secret.md'),
      'site': 'content',
    });
    const test = await makeTestApp({ contentDir: join(root, 'site') });
    expect((await get(test, '/articles/alias')).text).toContain('Shared bundle');
    expect((await get(test, '/articles/leak')).status).toBe(404);
    // _shared/also.md is not linked from the content folder here, so it is reported as not read.
    expect(warningsIn(test.problems)).toEqual([
      `leak.md: ${OUTSIDE_WARNING}`,
      '_shared/also.md:1: warning: folders whose name starts with _ are not read (_shared/); move also.md to the top of the content folder to publish it',
    ]);
    // The watcher follows changes there too.
    await watchApp(test);
    await writeFile(join(root, 'site', 'late.md'), article({ title: 'Late arrival', date: '2026-04-01' }));
    await symlink(join('_shared', 'also.md'), join(root, 'site', 'also.md'));
    await waitFor(async () => (await get(test, '/articles/late')).status === 200);
    await waitFor(async () => (await get(test, '/articles/also')).status === 200);
  });

  it('does not serve a listed bundle file that was replaced by an outside link, even before the content is read again', async () => {
    const { content, outside } = site(realBundle);
    const test = await makeTestApp({ contentDir: content });
    expect((await get(test, '/articles/real/photo.png')).status).toBe(200);
    await rm(join(content, 'real', 'photo.png'));
    await symlink(join(outside, 'secret.png'), join(content, 'real', 'photo.png'));
    const res = await get(test, '/articles/real/photo.png');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(SECRET);
  });
});

describe('links in the content folder, added while the server runs', () => {
  it('never serves an outside link added later, and warns about it', async () => {
    const { content, outside } = site(realBundle);
    const test = await makeTestApp({ contentDir: content });
    const events = await watchApp(test);
    await symlink(join(outside, 'bundle'), join(content, 'linked'));
    await symlink(join(outside, 'secret.md'), join(content, 'leak.md'));
    await symlink(join(outside, 'secret.csv'), join(content, 'real', 'secret.csv'));
    // Once each is reported, the watcher has dealt with it.
    await waitFor(() => eventWarnings(events).length === 3);
    expect(eventWarnings(events).sort()).toEqual([
      `leak.md: ${OUTSIDE_WARNING}`,
      `linked/: ${OUTSIDE_WARNING}`,
      `real/secret.csv: ${OUTSIDE_WARNING}`,
    ]);
    for (const path of ['/articles/linked', '/articles/linked/secret.csv', '/articles/leak', '/articles/real/secret.csv']) {
      const res = await get(test, path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(SECRET);
    }
    expect((await get(test, '/articles/real/photo.png')).text).toBe('png bytes');
  });

  it('serves an edit of the file an inside link points to, although that file sits in a folder that is not watched', async () => {
    const { content } = site(sharedFiles, { 'content/also.md': join('_shared', 'also.md') });
    const test = await makeTestApp({ contentDir: content });
    const events = await watchApp(test);
    expect((await get(test, '/articles/also')).text).toContain('Also here');
    await writeFile(join(content, '_shared', 'also.md'), article({ title: 'Also edited through its link', date: '2026-03-02' }));
    await waitFor(async () => (await get(test, '/articles/also')).text.includes('Also edited through its link'));
    expect(eventWarnings(events)).toEqual([]);
  });

  it('serves an inside link added later, as it does at start', async () => {
    const { content } = site({ ...realBundle, ...sharedFiles });
    const test = await makeTestApp({ contentDir: content });
    const events = await watchApp(test);
    await symlink(join('_shared', 'bundle'), join(content, 'alias'));
    await symlink(join('_shared', 'also.md'), join(content, 'also.md'));
    await symlink(join('..', '_shared', 'data.csv'), join(content, 'real', 'data.csv'));
    await waitFor(async () => (await get(test, '/articles/alias/map.csv')).status === 200);
    await waitFor(async () => (await get(test, '/articles/also')).status === 200);
    await waitFor(async () => (await get(test, '/articles/real/data.csv')).status === 200);
    expect((await get(test, '/articles/real/data.csv')).text).toBe(sharedFiles['content/_shared/data.csv']);
    expect((await get(test, '/articles/alias')).text).toContain('Shared bundle');
    expect(eventWarnings(events)).toEqual([]);
  });

  it('logs each outside link once per server process, however often its bundle is read again', async () => {
    const { root, content, outside } = site(realBundle, { 'content/real/secret.csv': join('..', '..', 'outside', 'secret.csv') });
    const server = servers.start({ PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: content, COMMENTS_FILE: join(root, 'comments.json') });
    const port = await server.ready;
    const title = async () => /<h1[^>]*>([^<]*)</.exec(await (await fetch(`http://127.0.0.1:${port}/articles/real`, { signal: AbortSignal.timeout(5000) })).text())?.[1];
    const edit = async (newTitle: string) => {
      await writeFile(join(content, 'real', 'index.md'), article({ title: `"${newTitle}"`, date: '2026-02-01' }));
      await waitFor(async () => (await title()) === newTitle);
    };
    const count = (text: string) => server.output().split(text).length - 1;
    await edit('Edited once');
    await symlink(join(outside, 'secret.csv'), join(content, 'real', 'other.csv'));
    await waitFor(() => count(`real/other.csv: ${OUTSIDE_WARNING}`) > 0);
    await edit('Edited twice');
    await edit('Edited three times');
    expect(count(`real/secret.csv: ${OUTSIDE_WARNING}`)).toBe(1);
    expect(count(`real/other.csv: ${OUTSIDE_WARNING}`)).toBe(1);
  }, 30_000);
});
