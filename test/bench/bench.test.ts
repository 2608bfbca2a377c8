// The bench's own rules: what "as shipped" starts with, what the log costs in memory, how a cluster's
// memory is summed and how goals are judged.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DrainedOutput, peakRssMb, processTree, sleep, startEnv, stopTree } from '../../scripts/bench/common.js';
import { articleGoal, clusterGoal, editGoal, toHugoGoal } from '../../scripts/bench/goals.js';
import { startRaw } from '../../scripts/bench/recording.js';

describe('the environment of an "as shipped" row', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('drops blog settings exported in the shell and runs in production, keeping only what the row adds', () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    vi.stubEnv('ACCESS_LOG', '0');
    vi.stubEnv('WEB_CONCURRENCY', '4');
    vi.stubEnv('PAGE_CACHE_MB', '0');
    vi.stubEnv('NODE_ENV', 'test');
    vi.stubEnv('UNRELATED_TOOL_SETTING', 'kept');

    const env = startEnv({}, 4321);

    expect(env.LOG_LEVEL).toBeUndefined();
    expect(env.ACCESS_LOG).toBeUndefined();
    expect(env.WEB_CONCURRENCY).toBeUndefined();
    expect(env.PAGE_CACHE_MB).toBeUndefined();
    expect(env.NODE_ENV).toBe('production');
    expect(env.PORT).toBe('4321');
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.UNRELATED_TOOL_SETTING).toBe('kept');
    expect(startEnv({ LOG_LEVEL: 'warn' }, 1).LOG_LEVEL).toBe('warn');
  });
});

describe('a server\'s drained output', () => {
  it('counts every line but keeps only the last few kilobytes', () => {
    const child = Object.assign(new EventEmitter(), { stdout: new EventEmitter(), stderr: new EventEmitter() });
    const output = new DrainedOutput(child as never);
    const line = Buffer.from(`${'{"msg":"request"}'.padEnd(99, ' ')}\n`);
    for (let i = 0; i < 2000; i++) child.stdout.emit('data', Buffer.concat(Array.from({ length: 10 }, () => line)));
    child.stderr.emit('data', Buffer.from('the last words\n'));

    expect(output.lines).toBe(20_001);
    expect(output.bytes).toBe(2_000_000 + 15);
    expect(output.tail().length).toBeLessThanOrEqual(4000);
    expect(output.tail().endsWith('the last words\n')).toBe(true);
  });
});

describe('peak memory of a process tree', () => {
  it('adds the children a primary forks to its own', async () => {
    // A parent holding ~60 MB whose child holds ~60 MB too.
    const script = `
      const { fork } = require('node:child_process');
      globalThis.keep = Buffer.alloc(60 * 1024 * 1024, 1);
      if (process.argv[2] !== 'child') { fork(__filename, ['child']); }
      setInterval(() => {}, 1000);`;
    const dir = mkdtempSync(join(tmpdir(), 'bench-tree-'));
    writeFileSync(join(dir, 'tree.cjs'), script);
    const parent = spawn(process.execPath, [join(dir, 'tree.cjs')], { stdio: 'ignore' });
    try {
      while (processTree(parent.pid!).length < 2) await sleep(20);
      await sleep(300);
      const tree = processTree(parent.pid!);
      expect(tree).toHaveLength(2);
      expect(peakRssMb(parent.pid!)).toBeGreaterThanOrEqual(120);
    } finally {
      await stopTree(parent);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the cluster baseline', () => {
  it('answers on one port from two worker processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-raw-'));
    const file = join(dir, 'same.json');
    const page = { status: 200, headers: ['Content-Type', 'text/plain'], body: Buffer.from('hello').toString('base64') };
    writeFileSync(file, JSON.stringify({ etag: '"e"', plain: page, notModified: { status: 304, headers: [], body: '' } }));
    const raw = await startRaw(file, undefined, 2);
    try {
      const res = await fetch(`http://127.0.0.1:${raw.port}/`);
      expect(await res.text()).toBe('hello');
      expect(processTree(raw.pid)).toHaveLength(3);
    } finally {
      await raw.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('goals', () => {
  it('judge the article GET on both req/s and p99, and any failed request', () => {
    expect(articleGoal({ ratio: 0.8, p99Ratio: 2, failed: 0 }).met).toBe(true);
    expect(articleGoal({ ratio: 0.79, p99Ratio: 1, failed: 0 }).text).toBe('not met (0.79× < 0.8×)');
    expect(articleGoal({ ratio: 1.2, p99Ratio: 2.5, failed: 0 }).text).toBe('not met (p99 2.50× > 2×)');
    expect(articleGoal({ ratio: 1.2, p99Ratio: 1, failed: 3 }).text).toBe('not met (3 failed requests)');
  });

  it('judge the cluster against one pinned worker, and Hugo ratios and edits against their limits', () => {
    expect(clusterGoal({ speedUp: 1.6, failed: 0 }).met).toBe(true);
    expect(clusterGoal({ speedUp: 1.2, failed: 0 }).text).toBe('not met (1.20× < 1.6×)');
    expect(clusterGoal({ speedUp: Number.NaN, failed: 0 }).met).toBe(false);
    expect(toHugoGoal(0.3, 0.25).text).toBe('not met (0.30× > 0.25×)');
    expect(toHugoGoal(0.2, 0.25).met).toBe(true);
    expect(editGoal(200).met).toBe(true);
    expect(editGoal(undefined).text).toBe('not met (not measured)');
  });
});
