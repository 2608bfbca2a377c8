import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genCorpus, peakRssMb, sleep, startBlog } from './common.js';

export interface StartupRow {
  readonly articles: number;
  readonly run: 'first start' | 'restart';
  readonly homeMs: number;
  readonly articleMs: number;
  readonly peakRssMb: number;
  /** Time from saving an edited article to the new version being served (the 10,000 corpus only). */
  readonly editMs?: number;
}

async function firstOk(url: string, since: number, deadlineMs: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) {
        await res.arrayBuffer();
        return performance.now() - since;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - since > deadlineMs) throw new Error(`${url} never answered 200`);
    await sleep(10);
  }
}

/** Time from process start to the first 200 on home and on an article, and peak RSS, for generated corpora. */
export async function benchStartup(sizes: readonly number[], measureEditAt: number): Promise<StartupRow[]> {
  const rows: StartupRow[] = [];
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `bench-corpus-${n}-`));
    try {
      execFileSync(process.execPath, [genCorpus(), dir, String(n)], { stdio: 'ignore' });
      const firstFile = readdirSync(dir).sort()[0]!;
      const slug = firstFile.replace(/\.md$/, '');
      for (const run of ['first start', 'restart'] as const) {
        const blog = await startBlog({ CONTENT_DIR: dir, COMMENTS_FILE: join(dir, '..', `bench-comments-${n}.json`) });
        const homeMs = await firstOk(`http://127.0.0.1:${blog.port}/`, blog.startedAt, 600_000);
        const articleMs = await firstOk(`http://127.0.0.1:${blog.port}/articles/${slug}`, blog.startedAt, 600_000);
        let editMs: number | undefined;
        if (n === measureEditAt && run === 'restart') {
          // An edit on a running site, not one still finishing its start (the watcher's first scan).
          await sleep(3000);
          const path = join(dir, firstFile);
          const marker = `Edited ${Date.now()}`;
          const text = readFileSync(path, 'utf8').replace(/^title: .*$/m, `title: "${marker}"`);
          const saved = performance.now();
          writeFileSync(path, text);
          for (;;) {
            const page = await (await fetch(`http://127.0.0.1:${blog.port}/articles/${slug}`)).text();
            if (page.includes(marker)) break;
            if (performance.now() - saved > 30_000) throw new Error('the edit was never served');
            await sleep(2);
          }
          editMs = performance.now() - saved;
        }
        const rss = peakRssMb(blog.pid);
        await blog.stop();
        rows.push({ articles: n, run, homeMs: Math.round(homeMs), articleMs: Math.round(articleMs), peakRssMb: rss, ...(editMs !== undefined ? { editMs: Math.round(editMs) } : {}) });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(dir, '..', `bench-comments-${n}.json`), { force: true });
    }
  }
  return rows;
}
