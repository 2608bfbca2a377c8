// The goals as pure checks on measured rows, so the report can say met or not met beside each figure.
import type { ClusterRow } from './cluster.js';
import type { HttpRow } from './http.js';

export interface Verdict {
  readonly met: boolean;
  readonly text: string;
}

const x = (n: number) => `${n.toFixed(2)}×`;
const verdict = (met: boolean, why: string): Verdict => ({ met, text: met ? 'met' : `not met (${why})` });

export const GOALS = {
  articleRatio: 0.8,
  articleP99: 2,
  clusterSpeedUp: 1.6,
  firstStartToHugo: 0.5,
  restartToHugo: 0.25,
  rssToHugo: 0.25,
  editMs: 200,
} as const;

/** Article GET through the app: at least 0.8× the byte-for-byte replay's req/s, p99 at most 2×, no failures. */
export function articleGoal(row: Pick<HttpRow, 'ratio' | 'p99Ratio' | 'failed'>): Verdict {
  if (row.failed > 0) return verdict(false, `${row.failed} failed requests`);
  const why = [row.ratio < GOALS.articleRatio ? `${x(row.ratio)} < ${GOALS.articleRatio}×` : '', row.p99Ratio > GOALS.articleP99 ? `p99 ${x(row.p99Ratio)} > ${GOALS.articleP99}×` : ''];
  return verdict(row.ratio >= GOALS.articleRatio && row.p99Ratio <= GOALS.articleP99, why.filter(Boolean).join(', '));
}

/** WEB_CONCURRENCY=2 unpinned: at least 1.6× one pinned worker's req/s. */
export function clusterGoal(row: Pick<ClusterRow, 'speedUp' | 'failed'>): Verdict {
  if (row.failed > 0) return verdict(false, `${row.failed} failed requests`);
  if (!Number.isFinite(row.speedUp)) return verdict(false, 'no pinned figure to compare with');
  return verdict(row.speedUp >= GOALS.clusterSpeedUp, `${x(row.speedUp)} < ${GOALS.clusterSpeedUp}×`);
}

/** A blog figure over Hugo's, at most `limit`. */
export function toHugoGoal(ratio: number, limit: number): Verdict {
  return verdict(ratio <= limit, `${x(ratio)} > ${limit}×`);
}

/** From saving an article to it being served: at most 200 ms. */
export function editGoal(ms: number | undefined): Verdict {
  if (ms === undefined) return verdict(false, 'not measured');
  return verdict(ms <= GOALS.editMs, `${ms} ms > ${GOALS.editMs} ms`);
}
