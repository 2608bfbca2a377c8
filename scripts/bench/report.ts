// Markdown tables for the terminal: each figure beside its baseline, its ratio and the goal's verdict.
import { clusterNote, type ClusterRow } from './cluster.js';
import type { CommentRow } from './comments.js';
import { GOALS, articleGoal, clusterGoal, editGoal, toHugoGoal } from './goals.js';
import { SHIPPED, type HttpRow } from './http.js';
import type { StartupResult, StartupRow } from './startup.js';

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–';
const times = (n: number) => `${fmt(n, 2)}×`;
/** The largest share of the CPUs other processes took during a row's measurements, in percent. */
const others = (...runs: Array<{ othersCpu: number }>) => Math.round(Math.max(...runs.map((r) => r.othersCpu)) * 100);
/** A verdict taken while other processes used the machine is marked as such. */
const judged = (text: string, othersPercent: number) => (othersPercent > 10 ? `${text} (disturbed)` : text);

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function printHttp(rows: readonly HttpRow[], pinnedTo: string): void {
  console.log(`\n## Cached article page, one process pinned to core ${pinnedTo}, load from the other core (50 connections)\n`);
  console.log('"raw" replays the app\'s responses byte for byte (the baseline of the goal); "bare" sends the same bodies with only ' +
    'type, length, ETag and encoding headers. The app runs as `npm start` does: node dist/server.js, NODE_ENV=production, ' +
    'defaults for everything but HOST, PORT, SESSION_SECRET, and COMMENTS_FILE and CONTENT_CACHE_FILE in a temporary folder; ' +
    'its stdout is a pipe the bench reads and drops. '+
    `Goal for \`${SHIPPED.name}\`: ≥ ${GOALS.articleRatio}× raw, p99 ≤ ${GOALS.articleP99}×; the other rows are for comparison.\n`);
  console.log(table(
    ['setup', 'variant', 'processes', 'app req/s', 'raw req/s', 'ratio', 'app p50/p99 ms', 'raw p50/p99 ms', 'p99 ratio', 'bare req/s', 'ratio to bare', 'log lines', 'others\' CPU', 'goal'],
    rows.map((r) => {
      const busy = others(r.app, r.raw, r.rawMinimal);
      const goal = judged(articleGoal(r).text, busy);
      return [r.setup, r.variant, r.processes, fmt(r.app.requestsPerSecond), fmt(r.raw.requestsPerSecond), times(r.ratio),
        `${r.app.p50} / ${r.app.p99}`, `${r.raw.p50} / ${r.raw.p99}`, times(r.p99Ratio), fmt(r.rawMinimal.requestsPerSecond),
        times(r.ratioMinimal), fmt(r.logLines), `${busy}%`, r.setup === SHIPPED.name ? goal : `(reference) ${goal}`];
    }),
  ));
  console.log('\n"others\' CPU": the most of the machine\'s CPU that processes outside the bench used during the row\'s measurements; ' +
    'above 10% the row is marked disturbed.');
}

export function printCluster(rows: readonly ClusterRow[]): void {
  console.log('\n## Cached article page, WEB_CONCURRENCY=2, nothing pinned (50 connections)\n');
  console.log(`${clusterNote()} "one pinned" is \`${SHIPPED.name}\` on one core from the table above. ` +
    `Goal: ≥ ${GOALS.clusterSpeedUp}× one pinned worker.\n`);
  console.log(table(
    ['variant', 'processes', 'app req/s', 'raw cluster req/s', 'ratio', 'app p50/p99 ms', 'raw p50/p99 ms', 'p99 ratio', 'one pinned req/s', 'speed-up', 'others\' CPU', 'goal'],
    rows.map((r) => {
      const busy = others(r.app, r.raw);
      return [r.variant, r.processes, fmt(r.app.requestsPerSecond), fmt(r.raw.requestsPerSecond), times(r.ratio),
        `${r.app.p50} / ${r.app.p99}`, `${r.raw.p50} / ${r.raw.p99}`, times(r.p99Ratio), fmt(r.onePinned), times(r.speedUp),
        `${busy}%`, judged(clusterGoal(r).text, busy)];
    }),
  ));
  if (rows.some((r) => r.processes < 3)) {
    console.log('\nThe app ran as a single process here: WEB_CONCURRENCY did not start workers.');
  }
}

export function printStartup(result: StartupResult, goalArticles: number): void {
  console.log('\n## Start-up on generated corpora (`npm start` as shipped, nothing pinned; time from spawning to the first correct 200)\n');
  console.log('The first start has no content cache; the restart starts from the one the first start wrote (in a temporary folder). ' +
    '`/` must list the newest article and the article page carry its title; an edit counts as served once every worker serves it.\n');
  console.log(table(['articles', 'run', 'processes', '`/` ms', 'article ms', 'peak RSS MB (all processes)', 'cache written', 'edit → served ms', 'others\' CPU'],
    result.rows.map((r) => [fmt(r.articles), r.run, r.processes, fmt(r.homeMs), fmt(r.articleMs), fmt(r.peakRssMb), r.cacheWritten ? 'yes' : 'no',
      r.editMs === undefined ? '' : fmt(r.editMs), `${Math.round(r.othersCpu * 100)}%`])));

  const size = Math.max(...result.rows.map((r) => r.articles));
  const at = result.rows.filter((r) => r.articles === size);
  const first = at.find((r) => r.run === 'first start');
  const restart = at.find((r) => r.run === 'restart');
  const edit = at.find((r) => r.editMs !== undefined)?.editMs;
  const caveat = size === goalArticles ? '' : ` (${fmt(size)} articles here; the goals are for ${fmt(goalArticles)})`;
  console.log(`\n### Against Hugo building the same ${fmt(size)} articles in this run${caveat}\n`);
  const rows: Array<Array<string | number>> = [];
  const hugo = result.hugo;
  if (hugo.available && first && restart) {
    const rss = Math.max(first.peakRssMb, restart.peakRssMb);
    const ratio = (blog: number, of: number) => blog / of;
    const hugoBusy = Math.round(result.hugoOthersCpu * 100);
    const timeRow = (what: string, run: StartupRow, blogMs: number, limit: number) => {
      const r = ratio(blogMs, hugo.wallMs);
      const busy = Math.max(hugoBusy, Math.round(run.othersCpu * 100));
      rows.push([what, `${fmt(blogMs)} ms`, `${fmt(hugo.wallMs)} ms`, times(r), `≤ ${limit}×`, judged(toHugoGoal(r, limit).text, busy)]);
    };
    timeRow('first start: `/`', first, first.homeMs, GOALS.firstStartToHugo);
    timeRow('first start: article', first, first.articleMs, GOALS.firstStartToHugo);
    timeRow('restart: `/`', restart, restart.homeMs, GOALS.restartToHugo);
    timeRow('restart: article', restart, restart.articleMs, GOALS.restartToHugo);
    const rssRatio = ratio(rss, hugo.peakRssMb);
    rows.push(['peak RSS', `${fmt(rss)} MB`, `${fmt(hugo.peakRssMb)} MB`, times(rssRatio), `≤ ${GOALS.rssToHugo}×`, toHugoGoal(rssRatio, GOALS.rssToHugo).text]);
  } else {
    console.log('Hugo not installed: ratio not measured (apt-get install hugo)\n');
  }
  rows.push(['edit → served', edit === undefined ? 'not measured' : `${fmt(edit)} ms`, '', '', `≤ ${GOALS.editMs} ms`, editGoal(edit).text]);
  console.log(table(['measure', 'blog', 'Hugo', 'ratio', 'goal', 'verdict'], rows));
  if (hugo.available) {
    console.log(`\nHugo: ${hugo.version}, \`hugo --quiet\` once on a theme-less site (one template each for articles, lists and home; ` +
      `default outputs: tags, RSS, sitemap), wall time and peak RSS of that build; others' CPU during it: ${Math.round(result.hugoOthersCpu * 100)}%.`);
  }
}

export function printComments(rows: readonly CommentRow[]): void {
  console.log('\n## Durable comment POSTs (each answered only once on disk)\n');
  console.log(table(['stored before', 'posters', 'posts/s', 'p99 ms', 'acknowledged', 'lost'],
    rows.map((r) => [fmt(r.stored), r.concurrency, fmt(r.postsPerSecond), r.p99, fmt(r.acknowledged), r.lost])));
}
