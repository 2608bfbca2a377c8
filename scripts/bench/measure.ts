// Load runs shared by the pinned and the cluster rows.
import { load, processTree, sleep, withAffinity, type LoadResult, type Server } from './common.js';
import { cpuSnapshot, othersShare } from './machine.js';
import { ARTICLE } from './recording.js';

/** Requests that did not get the expected status, and errors: a figure built on failures is not one. */
export function failures(result: LoadResult, expected: number): number {
  const other = Object.entries(result.statuses).filter(([code]) => Number(code) !== expected).reduce((sum, [, n]) => sum + n, 0);
  return other + result.errors;
}

export interface Measured extends LoadResult {
  /** Share of all cores that processes outside the bench used meanwhile: above ~0.1 the figure is disturbed. */
  readonly othersCpu: number;
}

/** 50 connections on the article for `seconds`, after a 1-second warm-up, from the `loadCpu` cores. */
export async function measure(port: number, headers: Record<string, string>, seconds: number, loadCpu: string | undefined): Promise<Measured> {
  const options = { url: `http://127.0.0.1:${port}${ARTICLE}`, connections: 50, headers };
  return withAffinity(loadCpu, async () => {
    await load({ ...options, duration: 1 });
    const before = cpuSnapshot();
    const result = await load({ ...options, duration: seconds });
    return { ...result, othersCpu: Math.round(othersShare(before, cpuSnapshot()) * 100) / 100 };
  });
}

/** Waits up to `ms` for a process tree to reach `count` processes (a cluster's workers coming up). */
export async function waitForProcesses(server: Server, count: number, ms: number): Promise<number> {
  const until = performance.now() + ms;
  while (processTree(server.pid).length < count && performance.now() < until) await sleep(50);
  return processTree(server.pid).length;
}
