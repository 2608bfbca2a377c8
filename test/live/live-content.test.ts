import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTracker, type ServerProcess } from '../helpers/server-process.js';

/** A change must be visible over HTTP within about a second of the save. */
const VISIBLE_WITHIN_MS = 1500;

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined, and resolves
 * with that value and how long it took; rejects after `timeoutMs`. Errors from `probe` are not retried.
 */
async function waitFor<T>(probe: () => Promise<T | undefined>, { timeoutMs = 3000, intervalMs = 50 } = {}): Promise<{ value: T; elapsedMs: number }> {
  const start = performance.now();
  for (;;) {
    const value = await probe();
    const elapsedMs = performance.now() - start;
    if (value !== undefined) return { value, elapsedMs };
    if (elapsedMs > timeoutMs) throw new Error(`still not the case after ${Math.round(elapsedMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until `probe` holds and asserts it took no longer than a reader would notice. */
async function soon<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const { value, elapsedMs } = await waitFor(probe);
  expect(elapsedMs).toBeLessThan(VISIBLE_WITHIN_MS);
  return value;
}

const servers = serverTracker();
let root: string;
let content: string;
let server: ServerProcess;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'inkwell-live-'));
  content = join(root, 'content');
  await mkdir(content);
  server = servers.start({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    CONTENT_DIR: content,
    COMMENTS_FILE: join(root, 'comments.json'),
    // Only links the editor asked for, so a "See also" link is there because of see_also alone.
    SEE_ALSO_COUNT: '0',
    RELATED_COUNT: '0',
    // Every article of this file fits on the first page of the home page.
    PAGE_SIZE: '100',
  });
  port = await server.ready;
});

afterAll(async () => {
  await servers.stopAll();
  if (root) await rm(root, { recursive: true, force: true });
});

interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** GETs a path on the server without following redirects; a 5xx fails the test at once. */
async function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  if (res.status >= 500) throw new Error(`GET ${path} answered ${res.status}:\n${text}`);
  return { status: res.status, headers: res.headers, text };
}

/** The page once it answers `status`, polled until then. */
const answers = (path: string, status: number) => async () => {
  const page = await get(path);
  return page.status === status ? page : undefined;
};

/**
 * Conditional request headers as a browser revalidating its cache sends them. fetch() alone would add
 * `Cache-Control: no-cache` to a request with If-None-Match, which rightly always gets a full answer.
 */
const revalidate = (etag: string) => ({ 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });

const title = (page: Page) => cheerio.load(page.text)('h1#post-title').text();

interface Post {
  readonly title: string;
  readonly date?: string;
  readonly tags?: readonly string[];
  readonly seeAlso?: readonly string[];
  readonly aliases?: readonly string[];
  readonly body?: string;
}

/** An article file as an editor writes it. */
function source(post: Post): string {
  return [
    '---',
    `title: ${JSON.stringify(post.title)}`,
    `date: ${post.date ?? '2024-03-05'}`,
    'description: "A test article."',
    ...(post.tags ? [`tags: [${post.tags.join(', ')}]`] : []),
    ...(post.seeAlso ? [`see_also: [${post.seeAlso.join(', ')}]`] : []),
    ...(post.aliases ? [`aliases: [${post.aliases.join(', ')}]`] : []),
    '---',
    '',
    post.body ?? 'Some text.',
    '',
  ].join('\n');
}

const write = (file: string, text: string) => writeFile(join(content, file), text);

/** Server log lines (pino JSON) written so far. */
function logLines(): Array<{ level: number; msg: string; file?: string }> {
  return server.output().split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as { level: number; msg: string; file?: string }];
    } catch {
      return [];
    }
  });
}

const ERROR = 50;

describe('content edited while the server runs', () => {
  it('publishes a new article on its page, the home page, its tag page, the feed, the sitemap and search', async () => {
    await write('fresh-ink.md', source({ title: 'Fresh Ink', tags: ['inkwells'], body: 'A note about quillwort and other marsh plants.' }));
    const page = await soon(answers('/articles/fresh-ink', 200));
    expect(title(page)).toBe('Fresh Ink');

    const home = cheerio.load((await get('/')).text);
    expect(home('.card-title a[href="/articles/fresh-ink"]').text()).toBe('Fresh Ink');
    const tag = await get('/tags/inkwells');
    expect(tag.status).toBe(200);
    expect(cheerio.load(tag.text)('.card-title a[href="/articles/fresh-ink"]').text()).toBe('Fresh Ink');
    const feed = cheerio.load((await get('/feed.xml')).text, { xml: true });
    const item = feed('item').filter((_, el) => feed(el).find('link').text().endsWith('/articles/fresh-ink'));
    expect(item.find('title').text()).toBe('Fresh Ink');
    const sitemap = cheerio.load((await get('/sitemap.xml')).text, { xml: true });
    expect(sitemap('loc').map((_, el) => sitemap(el).text()).get().filter((loc) => loc.endsWith('/articles/fresh-ink'))).toHaveLength(1);
    const search = cheerio.load((await get('/search?q=quillwort')).text);
    expect(search('.search-results a[href="/articles/fresh-ink"]').text()).toBe('Fresh Ink');
  });

  it('shows an edited title on the article page, the home page and the feed', async () => {
    await write('retitled.md', source({ title: 'First Draft Title', date: '2024-04-01' }));
    await soon(answers('/articles/retitled', 200));

    await write('retitled.md', source({ title: 'Better Title', date: '2024-04-01' }));
    const page = await soon(async () => {
      const p = await get('/articles/retitled');
      return title(p) === 'Better Title' ? p : undefined;
    });
    expect(page.status).toBe(200);
    const home = cheerio.load((await get('/')).text);
    expect(home('.card-title a[href="/articles/retitled"]').text()).toBe('Better Title');
    expect(home.text()).not.toContain('First Draft Title');
    const feed = (await get('/feed.xml')).text;
    expect(feed).toContain('Better Title');
    expect(feed).not.toContain('First Draft Title');
  });

  it('keeps the last good version online while the front matter is broken, logs file and line, then serves the fix', async () => {
    await write('steady.md', source({ title: 'Steady Version' }));
    await soon(answers('/articles/steady', 200));

    // An unclosed quote on line 4, the last line of the front matter.
    await write('steady.md', '---\ntitle: "Broken Version"\ndate: 2024-03-05\ndescription: "never closed\n---\n\nText.\n');
    const logged = await soon(async () => logLines().find((l) => l.level === ERROR && l.msg.startsWith('steady.md:4: error: front matter is not valid YAML')));
    expect(logged.msg).toBe('steady.md:4: error: front matter is not valid YAML: unexpected end of the stream within a double quoted scalar');
    expect(logLines().some((l) => l.level === ERROR && l.msg === 'steady.md: not updated; the last good version stays online until the file is fixed')).toBe(true);
    const stale = await get('/articles/steady');
    expect(stale.status).toBe(200);
    expect(title(stale)).toBe('Steady Version');

    await write('steady.md', source({ title: 'Fixed Version' }));
    const fixed = await soon(async () => {
      const p = await get('/articles/steady');
      return title(p) === 'Fixed Version' ? p : undefined;
    });
    expect(fixed.status).toBe(200);
  });

  it('links another article\'s "See also" to a new article, follows its title, and drops the link when it is deleted', async () => {
    const link = (page: Page) => cheerio.load(page.text)('.post-body .see-also a[href="/articles/linked-later"]');
    await write('pointer.md', source({ title: 'Pointer', seeAlso: ['linked-later'], body: 'First part.\n\n## Second part\n\nMore text.' }));
    const before = await soon(answers('/articles/pointer', 200));
    expect(link(before)).toHaveLength(0);

    await write('linked-later.md', source({ title: 'Linked Later' }));
    const linked = await soon(async () => {
      const p = await get('/articles/pointer');
      return link(p).length ? p : undefined;
    });
    expect(link(linked).text()).toBe('Linked Later');

    await write('linked-later.md', source({ title: 'Linked Later, Renamed' }));
    const retitled = await soon(async () => {
      const p = await get('/articles/pointer');
      return link(p).text() === 'Linked Later, Renamed' ? p : undefined;
    });
    expect(link(retitled)).toHaveLength(1);

    await unlink(join(content, 'linked-later.md'));
    await soon(answers('/articles/linked-later', 404));
    const after = await get('/articles/pointer');
    expect(after.status).toBe(200);
    expect(link(after)).toHaveLength(0);
    expect(after.text).not.toContain('/articles/linked-later');
    expect(cheerio.load((await get('/')).text)('a[href="/articles/linked-later"]')).toHaveLength(0);
  });

  it('moves a renamed file to its new URL, and redirects the old one once it is an alias', async () => {
    await write('old-name.md', source({ title: 'Moving House' }));
    await soon(answers('/articles/old-name', 200));

    await rename(join(content, 'old-name.md'), join(content, 'new-name.md'));
    const moved = await soon(answers('/articles/new-name', 200));
    expect(title(moved)).toBe('Moving House');
    await soon(answers('/articles/old-name', 404));

    await write('new-name.md', source({ title: 'Moving House', aliases: ['old-name'] }));
    const redirect = await soon(answers('/articles/old-name', 301));
    expect(redirect.headers.get('location')).toBe('/articles/new-name');
  });

  it('keeps an article online when its file is moved into a bundle folder to sit beside images', async () => {
    await write('moving-in.md', source({ title: 'Moving In' }));
    await soon(answers('/articles/moving-in', 200));

    await mkdir(join(content, 'moving-in'));
    await rename(join(content, 'moving-in.md'), join(content, 'moving-in', 'index.md'));
    // The old file's removal and the bundle's arrival may be seen in either order; once both are, it is online.
    const page = await soon(async () => {
      if (!logLines().some((l) => l.msg === 'moving-in.md: removed')) return undefined;
      const p = await get('/articles/moving-in');
      return p.status === 200 ? p : undefined;
    });
    expect(title(page)).toBe('Moving In');
    await writeFile(join(content, 'moving-in', 'photo.png'), Buffer.from('89504e47', 'hex'));
    await soon(answers('/articles/moving-in/photo.png', 200));
  });

  it('does not publish a new file that is broken until it is fixed', async () => {
    await write('not-yet.md', '---\ntitle: "Not Yet"\ndate: 2024-03-05\ndescription: "never closed\n---\n\nText.\n');
    await soon(async () => logLines().find((l) => l.level === ERROR && l.msg === 'not-yet.md: not published until the file is fixed'));
    expect(logLines().some((l) => l.level === ERROR && l.msg.startsWith('not-yet.md:4: error: front matter is not valid YAML'))).toBe(true);
    expect((await get('/articles/not-yet')).status).toBe(404);

    await write('not-yet.md', source({ title: 'Not Yet' }));
    const fixed = await soon(answers('/articles/not-yet', 200));
    expect(title(fixed)).toBe('Not Yet');
  });

  it('serves an image added to a bundle folder, and stops when it is deleted', async () => {
    await mkdir(join(content, 'gallery'));
    await write('gallery/index.md', source({ title: 'Gallery' }));
    await soon(answers('/articles/gallery', 200));
    expect((await get('/articles/gallery/photo.png')).status).toBe(404);

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await writeFile(join(content, 'gallery', 'photo.png'), png);
    await soon(answers('/articles/gallery/photo.png', 200));
    const res = await fetch(`http://127.0.0.1:${port}/articles/gallery/photo.png`, { signal: AbortSignal.timeout(5000) });
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);

    await unlink(join(content, 'gallery', 'photo.png'));
    await soon(answers('/articles/gallery/photo.png', 404));
  });

  it('picks up a save made by writing a temporary file and renaming it over the article', async () => {
    await write('atomic.md', source({ title: 'Saved in Place' }));
    await soon(answers('/articles/atomic', 200));

    await write('atomic.md.tmp-1234', source({ title: 'Saved by Rename' }));
    await rename(join(content, 'atomic.md.tmp-1234'), join(content, 'atomic.md'));
    const page = await soon(async () => {
      const p = await get('/articles/atomic');
      return title(p) === 'Saved by Rename' ? p : undefined;
    });
    expect(page.status).toBe(200);
  });

  it('keeps the ETag while the article is unchanged and changes it when the article changes', async () => {
    await write('tagged.md', source({ title: 'Tagged Once' }));
    const first = await soon(answers('/articles/tagged', 200));
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await get('/articles/tagged')).headers.get('etag')).toBe(etag);
    expect((await get('/articles/tagged', revalidate(etag!))).status).toBe(304);

    await write('tagged.md', source({ title: 'Tagged Twice' }));
    const changed = await soon(async () => {
      const p = await get('/articles/tagged');
      return title(p) === 'Tagged Twice' ? p : undefined;
    });
    expect(changed.headers.get('etag')).not.toBe(etag);
    const revalidated = await get('/articles/tagged', revalidate(etag!));
    expect(revalidated.status).toBe(200);
    expect(title(revalidated)).toBe('Tagged Twice');
  });
});
