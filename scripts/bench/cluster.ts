import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { processTree, startBlog, type Server } from './common.js';
import { failures, measure, type Measured, waitForProcesses } from './measure.js';
import { VARIANTS, etagOf, startRaw } from './recording.js';

export const CLUSTER_WORKERS = 2;

export interface ClusterRow {
  readonly variant: string;
  /** Processes in the app's tree while it was measured: a primary and its workers, or 1 without a cluster. */
  readonly processes: number;
  readonly app: Measured;
  /** raw-server.mjs as a node:cluster primary with the same number of workers, unpinned too. */
  readonly raw: Measured;
  readonly ratio: number;
  readonly p99Ratio: number;
  /** The same request to `npm start` pinned to one core, from the same run. */
  readonly onePinned: number;
  readonly speedUp: number;
  readonly failed: number;
}

interface ClusterOptions {
  readonly replayFile: string;
  /** The ETag the replay answers 304 to. */
  readonly replayEtag: string;
  readonly seconds: number;
  readonly onePinned: ReadonlyMap<string, number>;
  /** Where the app's comments and content cache go. */
  readonly dir: string;
}

/**
 * `npm start` with WEB_CONCURRENCY=2 and no pinning against the byte-for-byte replay server run as a
 * 2-worker node:cluster, also unpinned. The load generator shares the same cores: on a 2-core machine
 * it competes with both.
 */
export async function benchCluster(options: ClusterOptions): Promise<ClusterRow[]> {
  const servers: Server[] = [];
  try {
    const blog = await startBlog({
      WEB_CONCURRENCY: String(CLUSTER_WORKERS), COMMENTS_FILE: join(options.dir, 'comments.json'), CONTENT_CACHE_FILE: join(options.dir, 'content-cache.bin'),
    });
    servers.push(blog);
    // A primary and its workers; a blog without a cluster stays one process, and the row says so.
    await waitForProcesses(blog, CLUSTER_WORKERS + 1, 10_000);
    const raw = await startRaw(options.replayFile, undefined, CLUSTER_WORKERS);
    servers.push(raw);
    // Asked of one worker: workers whose pages differ would answer the others' ETag with a 200, counted as failures.
    const etag = await etagOf(blog.port);
    const rows: ClusterRow[] = [];
    for (const [variant, headers] of VARIANTS) {
      const app = await measure(blog.port, headers(etag), options.seconds, undefined);
      const processes = processTree(blog.pid).length;
      const base = await measure(raw.port, headers(options.replayEtag), options.seconds, undefined);
      const onePinned = options.onePinned.get(variant) ?? Number.NaN;
      const expected = variant.includes('304') ? 304 : 200;
      rows.push({
        variant,
        processes,
        app,
        raw: base,
        ratio: app.requestsPerSecond / base.requestsPerSecond,
        p99Ratio: app.p99 / Math.max(base.p99, 1),
        onePinned,
        speedUp: app.requestsPerSecond / onePinned,
        failed: failures(app, expected) + failures(base, expected),
      });
    }
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** What the cluster rows ran on, for the report. */
export const clusterNote = () =>
  `${availableParallelism()} cores; app: WEB_CONCURRENCY=${CLUSTER_WORKERS}; baseline: raw-server.mjs as a node:cluster primary with ` +
  `${CLUSTER_WORKERS} workers (default scheduling); nothing pinned, the load generator shares the cores.`;
