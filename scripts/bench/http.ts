import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCluster, type ClusterRow } from './cluster.js';
import { processTree, startBlog, type Server } from './common.js';
import { failures, measure, type Measured } from './measure.js';
import { VARIANTS, etagOf, recordArticle, startRaw, writeReplays } from './recording.js';

/** How the blog is started for a row: `npm start` as a user runs it, or with one extra setting. */
export interface Setup {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

export const SHIPPED: Setup = { name: 'npm start (as shipped)', env: {} };
const SETUPS: readonly Setup[] = [SHIPPED, { name: 'LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' } }, { name: 'ACCESS_LOG=0', env: { ACCESS_LOG: '0' } }];

export interface HttpRow {
  readonly setup: string;
  readonly variant: string;
  readonly app: Measured;
  /** A bare server replaying the app's exact response: status, headers and body. */
  readonly raw: Measured;
  readonly ratio: number;
  readonly p99Ratio: number;
  /** A bare server sending the same body with only the headers it needs (type, length, ETag, encoding). */
  readonly rawMinimal: Measured;
  readonly ratioMinimal: number;
  /** Lines the app wrote on stdout/stderr during the measurement (its request log). */
  readonly logLines: number;
  /** Requests answered with another status than the variant's, plus socket errors and timeouts. */
  readonly failed: number;
  /** Processes in the app's tree: a primary and its one worker, or a single process. */
  readonly processes: number;
}

export interface CpuLayout {
  /** Where single-process servers run (taskset -c), or undefined on a one-core machine. */
  readonly server: string | undefined;
  /** Where the load generator runs while it measures those servers. */
  readonly load: string | undefined;
}

/**
 * A cached article page through the real app, one process pinned to a core, against two bare
 * node:http servers on the same core: one replaying the app's responses byte for byte (the baseline
 * for the goal), and one sending the same bodies with a minimal set of headers, to show what the
 * app's headers cost. Then the same with WEB_CONCURRENCY=2 and nothing pinned.
 */
export async function benchHttp(seconds: number, cpus: CpuLayout): Promise<{ pinned: HttpRow[]; cluster: ClusterRow[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const servers: Server[] = [];
  try {
    const rows: HttpRow[] = [];
    const bareBy = new Map<string, Measured>();
    let replayFile = '';
    let replayEtag = '';
    let same: Server | undefined;
    for (const setup of SETUPS) {
      const blog = await startBlog({ ...setup.env, COMMENTS_FILE: join(dir, 'comments.json'), CONTENT_CACHE_FILE: join(dir, 'content-cache.bin') }, cpus.server);
      servers.push(blog);
      const etag = await etagOf(blog.port);
      if (setup === SHIPPED) {
        const recording = await recordArticle(blog.port);
        const files = writeReplays(dir, recording);
        replayFile = files.same;
        replayEtag = recording.etag;
        same = await startRaw(files.same, cpus.server);
        const bare = await startRaw(files.minimal, cpus.server);
        servers.push(same, bare);
        for (const [variant, headers] of VARIANTS) bareBy.set(variant, await measure(bare.port, headers(recording.etag), seconds, cpus.load));
        await bare.stop();
      }
      for (const [variant, headers] of VARIANTS) {
        // The baseline is measured just before each row: this machine's speed drifts from minute to
        // minute, and a ratio means something only between figures taken close together.
        const raw = await measure(same!.port, headers(replayEtag), seconds, cpus.load);
        const linesBefore = blog.output.lines;
        const app = await measure(blog.port, headers(etag), seconds, cpus.load);
        const rawMinimal = bareBy.get(variant)!;
        const expected = variant.includes('304') ? 304 : 200;
        rows.push({
          setup: setup.name,
          variant,
          app,
          raw,
          ratio: app.requestsPerSecond / raw.requestsPerSecond,
          p99Ratio: app.p99 / Math.max(raw.p99, 1),
          rawMinimal,
          ratioMinimal: app.requestsPerSecond / rawMinimal.requestsPerSecond,
          logLines: blog.output.lines - linesBefore,
          processes: processTree(blog.pid).length,
          failed: failures(app, expected) + failures(raw, expected) + failures(rawMinimal, expected),
        });
      }
      await blog.stop();
    }
    await same?.stop();
    const onePinned = new Map(rows.filter((r) => r.setup === SHIPPED.name).map((r) => [r.variant, r.app.requestsPerSecond]));
    const cluster = await benchCluster({ replayFile, replayEtag, seconds, onePinned, dir });
    return { pinned: rows, cluster };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
