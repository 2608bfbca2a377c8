// Hugo building the same generated corpus, when it is installed: the reference for start-up and memory.
// The bench installs nothing; without Hugo the report says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peakRssMb, sleep } from './common.js';

export type HugoResult =
  | { readonly available: false }
  | { readonly available: true; readonly version: string; readonly articles: number; readonly wallMs: number; readonly peakRssMb: number };

/** Hugo's version line, or undefined when `hugo` is not on PATH. */
export function hugoVersion(): string | undefined {
  const run = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return run.error || run.status !== 0 ? undefined : run.stdout.trim().split(/\s+/).slice(0, 2).join(' ');
}

const PAGE = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>${body}</body></html>\n`;
const LISTING = '{{ range (.Paginate .Pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}';

/** A theme-less site around `site/content/posts`: one template each for articles, lists and home. */
function writeSite(site: string): void {
  writeFileSync(join(site, 'config.toml'), 'baseURL = "http://127.0.0.1/"\ntitle = "Bench"\nlanguageCode = "en"\n');
  mkdirSync(join(site, 'layouts', '_default'), { recursive: true });
  writeFileSync(join(site, 'layouts', '_default', 'single.html'), PAGE('<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}'));
  writeFileSync(join(site, 'layouts', '_default', 'list.html'), PAGE(`<h1>{{ .Title }}</h1>${LISTING}`));
  writeFileSync(join(site, 'layouts', 'index.html'), PAGE(LISTING.replace('.Pages', '.Site.RegularPages')));
}

/** Runs `command`, returning its wall time and peak RSS: /usr/bin/time -v when present, else polling /proc. */
async function timed(command: string, args: string[]): Promise<{ wallMs: number; peakRssMb: number; status: number | null; stderr: string }> {
  const withTime = existsSync('/usr/bin/time');
  const startedAt = performance.now();
  const child = withTime ? spawn('/usr/bin/time', ['-v', command, ...args]) : spawn(command, args);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  child.stdout.resume();
  let polled = 0;
  let exited = false;
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    exited = true;
    resolve(code);
  }));
  if (!withTime) {
    while (!exited) {
      polled = Math.max(polled, peakRssMb(child.pid!));
      await sleep(20);
    }
  }
  const status = await done;
  const wallMs = performance.now() - startedAt;
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
  return { wallMs, peakRssMb: withTime ? Math.round(kb / 1024) : polled, status, stderr };
}

/**
 * One timed `hugo --quiet` build of the Markdown files in `site/content/posts`, checked by looking
 * for `checkSlug`'s page with `checkTitle` in the output.
 */
export async function hugoBuild(site: string, articles: number, checkSlug: string, checkTitle: string): Promise<HugoResult> {
  const version = hugoVersion();
  if (!version) return { available: false };
  writeSite(site);
  const run = await timed('hugo', ['--quiet', '--source', site, '--cacheDir', join(site, '.hugo-cache')]);
  const page = join(site, 'public', 'posts', checkSlug, 'index.html');
  if (run.status !== 0 || !existsSync(page) || !readFileSync(page, 'utf8').includes(checkTitle)) {
    throw new Error(`hugo did not build the corpus (status ${run.status}):\n${run.stderr.slice(-3000)}`);
  }
  return { available: true, version, articles, wallMs: Math.round(run.wallMs), peakRssMb: run.peakRssMb };
}
