/**
 * Runs `task` for many callers with as few runs as correctness allows: a caller arriving while a run
 * is under way shares the next run, which starts once that one ends (it must begin after the caller
 * asked, or it might miss what the caller wants seen); callers arriving before the next run starts
 * share it too. So fifty posts committed together cost two runs, not fifty.
 */
export function coalesce(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const run = task().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    next ??= running.catch(() => undefined).then(() => {
      next = undefined;
      return start();
    });
    return next;
  };
}
