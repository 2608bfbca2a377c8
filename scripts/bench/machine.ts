// How busy the machine already is: a benchmark sharing its cores with other work measures that work too.
import { readFileSync } from 'node:fs';
import { processTree, sleep } from './common.js';

/**
 * All cores' time from /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (guest time is
 * already in user). "busy" is what processes and the hypervisor took; interrupt time is left out
 * because the bench's own loopback traffic is handled there and belongs to no process.
 */
function cpuTimes(): { busy: number; total: number } {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** Share of all cores in use over `ms` while the bench itself is idle, 0 to 1 (0 where /proc/stat is missing). */
export async function busyShare(ms = 1000): Promise<number> {
  try {
    const before = cpuTimes();
    await sleep(ms);
    const after = cpuTimes();
    return (after.busy - before.busy) / Math.max(after.total - before.total, 1);
  } catch {
    return 0;
  }
}

/** A warning line when other work used more than a tenth of the CPUs, else undefined. */
export function busyWarning(share: number, when: string): string | undefined {
  return share > 0.1
    ? `Warning: other processes used ${Math.round(share * 100)}% of the CPUs ${when}; the figures below are disturbed by them.`
    : undefined;
}

/**
 * CPU time of a process (all threads) and of its children that ended, in clock ticks like /proc/stat's:
 * a server stopped during the window still counts as the bench's.
 */
function ticksOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  readonly busy: number;
  readonly total: number;
  /** This process and everything it started (servers, their workers). */
  readonly ours: number;
}

export function cpuSnapshot(): CpuSnapshot {
  try {
    const { busy, total } = cpuTimes();
    return { busy, total, ours: processTree(process.pid).reduce((sum, pid) => sum + ticksOf(pid), 0) };
  } catch {
    return { busy: 0, total: 0, ours: 0 };
  }
}

/** Share of all cores used by processes the bench did not start between two snapshots, 0 to 1. */
export function othersShare(before: CpuSnapshot, after: CpuSnapshot): number {
  const others = after.busy - before.busy - (after.ours - before.ours);
  return Math.max(0, others) / Math.max(after.total - before.total, 1);
}
