import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genCorpus, peakRssMb, processTree, sleep, spawnBlog } from './common.js';
import { hugoBuild, type HugoResult } from './hugo.js';
import { cpuSnapshot, othersShare } from './machine.js';

export interface StartupRow {
  readonly articles: number;
  readonly run: 'first start' | 'restart';
  /** From spawning `npm start`'s process to the first 200 on `/` listing the newest article. */
  readonly homeMs: number;
  /** From spawning to the first 200 on an article carrying its title. */
  readonly articleMs: number;
  /** Peak RSS summed over the blog's processes (a primary and its workers). */
  readonly peakRssMb: number;
  readonly processes: number;
  /** Share of the CPUs that processes outside the bench used until both pages were served. */
  readonly othersCpu: number;
  /** Whether the content cache file existed when the run stopped (what a restart starts from). */
  readonly cacheWritten: boolean;
  /** Time from saving an edited article to every worker serving the new version (the edit corpus only). */
  readonly editMs?: number;
}

export interface StartupResult {
  readonly rows: StartupRow[];
  /** Hugo building the largest corpus, in the same run. */
  readonly hugo: HugoResult;
  /** Share of the CPUs that processes outside the bench used during Hugo's build. */
  readonly hugoOthersCpu: number;
}

/** A GET on a new connection, so that consecutive requests to a cluster reach different workers. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Milliseconds from `since` to the first 200 whose body contains `needle`. */
async function firstCorrect(url: string, needle: string, since: number, deadlineMs: number): Promise<number> {
  for (;;) {
    try {
      const res = await get(url);
      if (res.status === 200 && res.body.includes(needle)) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > deadlineMs) throw new Error(`${url} never answered 200 with "${needle}"`);
    await sleep(10);
  }
}

const titleOf = (text: string) => /^title: "?(.*?)"?$/m.exec(text)?.[1] ?? '';
const dateOf = (text: string) => Date.parse(/^date: (.*)$/m.exec(text)?.[1] ?? '');

/** The corpus' first file by name (the article checked) and its newest article (the top of `/`). */
function landmarks(dir: string): { slug: string; file: string; title: string; newestTitle: string } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  let newest = { date: -Infinity, title: '' };
  for (const f of files) {
    const head = readFileSync(join(dir, f), 'utf8').slice(0, 600);
    if (dateOf(head) > newest.date) newest = { date: dateOf(head), title: titleOf(head) };
  }
  const file = files[0]!;
  return { slug: file.replace(/\.md$/, ''), file, title: titleOf(readFileSync(join(dir, file), 'utf8')), newestTitle: newest.title };
}

/** Saves a new title into `path`, waits until `workers` consecutive new connections serve it, then puts the file back. */
async function editToServed(url: string, path: string, workers: number): Promise<number> {
  const marker = `Edited ${Date.now()}`;
  const original = readFileSync(path, 'utf8');
  const saved = performance.now();
  writeFileSync(path, original.replace(/^title: .*$/m, `title: "${marker}"`));
  try {
    let inARow = 0;
    while (inARow < workers) {
      inARow = (await get(url)).body.includes(marker) ? inARow + 1 : 0;
      if (performance.now() - saved > 30_000) throw new Error('the edit was never served');
      if (inARow === 0) await sleep(2);
    }
    return performance.now() - saved;
  } finally {
    // Hugo builds the same files afterwards.
    writeFileSync(path, original);
  }
}

/**
 * Waits until `file` exists and its size holds for half a second: the blog writes its content cache
 * after serving starts, and a user's restart comes long after that.
 */
async function settled(file: string, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  let last = -1;
  while (performance.now() < until) {
    const size = existsSync(file) ? statSync(file).size : -1;
    if (size > 0 && size === last) return true;
    last = size;
    await sleep(500);
  }
  return false;
}

/**
 * For each corpus size: `npm start` as shipped (nothing pinned) started twice on the generated files,
 * timing the first correct `/` and article; then Hugo building the largest corpus.
 */
export async function benchStartup(sizes: readonly number[], measureEditAt: number): Promise<StartupResult> {
  const rows: StartupRow[] = [];
  let hugo: HugoResult = { available: false };
  let hugoOthersCpu = 0;
  for (const n of sizes) {
    const site = mkdtempSync(join(tmpdir(), `bench-corpus-${n}-`));
    const posts = join(site, 'content', 'posts');
    try {
      mkdirSync(posts, { recursive: true });
      execFileSync(process.execPath, [genCorpus(), posts, String(n)], { stdio: 'ignore' });
      const marks = landmarks(posts);
      for (const run of ['first start', 'restart'] as const) {
        // The content cache in the corpus' folder: the first start has none, the restart finds the first's.
        const cacheFile = join(site, 'content-cache.bin');
        const before = cpuSnapshot();
        const blog = await spawnBlog({ CONTENT_DIR: posts, COMMENTS_FILE: join(site, 'comments.json'), CONTENT_CACHE_FILE: cacheFile });
        try {
          const base = `http://127.0.0.1:${blog.port}`;
          const [homeMs, articleMs] = await Promise.all([
            firstCorrect(`${base}/`, marks.newestTitle, blog.startedAt, 300_000),
            firstCorrect(`${base}/articles/${marks.slug}`, marks.title, blog.startedAt, 300_000),
          ]);
          const othersCpu = Math.round(othersShare(before, cpuSnapshot()) * 100) / 100;
          const processes = processTree(blog.pid).length;
          // Written once every index is built; after it, the watcher makes its first scan of the folder.
          const cacheWritten = await settled(cacheFile, 60_000);
          let editMs: number | undefined;
          if (n === measureEditAt && run === 'restart') {
            // An edit on a running site, not one still finishing its start (the watcher's first scan).
            await sleep(3000);
            editMs = await editToServed(`${base}/articles/${marks.slug}`, join(posts, marks.file), Math.max(1, processes - 1));
          }
          rows.push({
            articles: n, run, homeMs: Math.round(homeMs), articleMs: Math.round(articleMs), peakRssMb: peakRssMb(blog.pid), processes, othersCpu, cacheWritten,
            ...(editMs !== undefined ? { editMs: Math.round(editMs) } : {}),
          });
        } finally {
          await blog.stop();
        }
      }
      if (n === Math.max(...sizes)) {
        const before = cpuSnapshot();
        hugo = await hugoBuild(site, n, marks.slug, marks.title);
        hugoOthersCpu = Math.round(othersShare(before, cpuSnapshot()) * 100) / 100;
      }
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  }
  return { rows, hugo, hugoOthersCpu };
}
