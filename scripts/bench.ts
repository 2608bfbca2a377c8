// npm run bench: HTTP throughput against a node:http baseline, start-up on generated corpora, and
// durable comment writes. Prints tables and writes artifacts/bench.json. Talks only to 127.0.0.1.
import { cpus } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchComments } from './bench/comments.js';
import { ROOT, genCorpus } from './bench/common.js';
import { benchHttp } from './bench/http.js';
import { benchStartup } from './bench/startup.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const only = values.only?.split(',');
const want = (part: string) => !only || only.includes(part);
// Servers under test share core 0; the load generator runs on the others.
const serverCpu = cpus().length > 1 ? '0' : undefined;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const table = (head: string[], rows: Array<Array<string | number>>) => {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
};

// Checked before anything runs, rather than failing after the first part.
if (want('startup') && !existsSync(genCorpus())) {
  console.error(`The start-up part needs the corpus generator, not found at ${genCorpus()}.\n` +
    'Set CORPUS_GENERATOR to its path, or leave the part out with --only http,comments.');
  process.exit(1);
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, serverPinnedTo: serverCpu ?? 'not pinned' },
};

if (want('http')) {
  const rows = await benchHttp(quick ? 3 : 8, serverCpu);
  report.http = rows;
  console.log('\n## Cached article page: the app vs. bare node:http servers answering from memory (50 connections)\n');
  console.log('"raw" replays the app\'s responses byte for byte; "bare" sends the same bodies with only type, length, ETag and encoding headers.\n');
  console.log(table(['variant', 'app req/s', 'raw req/s', 'ratio', 'app p50/p99 ms', 'raw p50/p99 ms', 'p99 ratio', 'bare req/s', 'ratio to bare'],
    rows.map((r) => [r.variant, fmt(r.app.requestsPerSecond), fmt(r.raw.requestsPerSecond), `${fmt(r.ratio, 2)}×`,
      `${r.app.p50} / ${r.app.p99}`, `${r.raw.p50} / ${r.raw.p99}`, `${fmt(r.p99Ratio, 1)}×`, fmt(r.rawMinimal.requestsPerSecond), `${fmt(r.ratioMinimal, 2)}×`])));
}

if (want('startup')) {
  const rows = await benchStartup(quick ? [1000] : [1000, 10_000], quick ? 1000 : 10_000);
  report.startup = rows;
  console.log('\n## Start-up on generated corpora (time from process start to the first 200)\n');
  console.log(table(['articles', 'run', 'home ms', 'article ms', 'peak RSS MB', 'edit → served ms'],
    rows.map((r) => [fmt(r.articles), r.run, fmt(r.homeMs), fmt(r.articleMs), fmt(r.peakRssMb), r.editMs === undefined ? '' : fmt(r.editMs)])));
}

if (want('comments')) {
  const rows = await benchComments(quick ? [0, 10_000] : [0, 10_000, 100_000], [1, 50], quick ? 3 : 6, serverCpu);
  report.comments = rows;
  console.log('\n## Durable comment POSTs (each answered only once on disk)\n');
  console.log(table(['stored before', 'posters', 'posts/s', 'p99 ms', 'acknowledged', 'lost'],
    rows.map((r) => [fmt(r.stored), r.concurrency, fmt(r.postsPerSecond), r.p99, fmt(r.acknowledged), r.lost])));
}

mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nFull report: artifacts/bench.json');
