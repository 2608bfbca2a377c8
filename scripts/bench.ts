// npm run bench: HTTP throughput against node:http baselines (one pinned process, then a 2-worker
// cluster), start-up on generated corpora against Hugo when installed, and durable comment writes.
// Prints tables and writes artifacts/bench.json. Talks only to 127.0.0.1; installs nothing.
import { cpus } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchComments } from './bench/comments.js';
import { ROOT, genCorpus } from './bench/common.js';
import { benchHttp } from './bench/http.js';
import { hugoVersion } from './bench/hugo.js';
import { busyShare, busyWarning } from './bench/machine.js';
import { printCluster, printComments, printHttp, printStartup } from './bench/report.js';
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
// Single-process servers run on core 0 and the load generator on the others.
const count = cpus().length;
const layout = { server: count > 1 ? '0' : undefined, load: count > 1 ? `1-${count - 1}` : undefined };
const GOAL_ARTICLES = 10_000;

// Checked before anything runs, rather than failing after the first part.
if (want('startup') && !existsSync(genCorpus())) {
  console.error(`The start-up part needs the corpus generator, not found at ${genCorpus()}.\n` +
    'Set CORPUS_GENERATOR to its path, or leave the part out with --only http,comments.');
  process.exit(1);
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  quick,
  machine: {
    cpus: count, model: cpus()[0]?.model, node: process.version,
    serverPinnedTo: layout.server ?? 'not pinned', loadPinnedTo: layout.load ?? 'not pinned', hugo: hugoVersion() ?? 'not installed',
  },
};

// Other work on the machine shows up in every figure; checked before each part, with the bench idle.
const busy: Record<string, number> = {};
report.busyBefore = busy;
async function checkIdle(part: string): Promise<void> {
  busy[part] = Math.round((await busyShare()) * 100) / 100;
  const warning = busyWarning(busy[part]!, `just before the ${part} part`);
  if (warning) console.log(`\n${warning}`);
}

if (want('http')) {
  await checkIdle('http');
  const { pinned, cluster } = await benchHttp(quick ? 2 : 8, layout);
  report.http = pinned;
  report.cluster = cluster;
  printHttp(pinned, layout.server ?? '(none: one core)');
  printCluster(cluster);
}

if (want('startup')) {
  await checkIdle('startup');
  const result = await benchStartup(quick ? [1000] : [1000, GOAL_ARTICLES], quick ? 1000 : GOAL_ARTICLES);
  report.startup = result.rows;
  report.hugo = result.hugo;
  printStartup(result, GOAL_ARTICLES);
}

if (want('comments')) {
  await checkIdle('comments');
  const rows = await benchComments(quick ? [0, 10_000] : [0, 10_000, 100_000], [1, 50], quick ? 3 : 6, layout.server);
  report.comments = rows;
  printComments(rows);
}

mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'artifacts', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nFull report: artifacts/bench.json');
