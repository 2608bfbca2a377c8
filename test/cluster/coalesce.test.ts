import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/cluster/coalesce.js';

/** A task whose runs the test ends one at a time, recording when each started. */
function controlledTask() {
  const runs: Array<{ finish: (ok?: boolean) => void }> = [];
  const task = () => new Promise<void>((resolve, reject) => {
    runs.push({ finish: (ok = true) => (ok ? resolve() : reject(new Error('failed'))) });
  });
  return { runs, task };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('coalesce', () => {
  it('runs once for a lone caller, and once more for everyone who asked while that run was under way', async () => {
    const { runs, task } = controlledTask();
    const run = coalesce(task);
    const first = run();
    expect(runs).toHaveLength(1);
    // Asked during the first run: they need a run that starts after they asked, so they share the next.
    const later = [run(), run(), run()];
    await tick();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await first;
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await Promise.all(later);
    expect(runs).toHaveLength(2);
  });

  it('starts the next run even when the one under way failed, and reports each run\'s own outcome', async () => {
    const { runs, task } = controlledTask();
    const run = coalesce(task);
    const first = run();
    const second = run();
    runs[0]!.finish(false);
    await expect(first).rejects.toThrow('failed');
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await expect(second).resolves.toBeUndefined();
    // Nothing running now: a new caller starts a run of its own at once.
    void run();
    expect(runs).toHaveLength(3);
  });
});
