/** The shortest period of the background check, whatever interval reads use (tests use 0). */
const MIN_TIMER_MS = 50;

export interface RefreshPaceOptions {
  /** Least time between two checks. */
  readonly intervalMs: number;
  /** A write is running, and catches up with the files itself. */
  readonly busy: () => boolean;
  /** Catches up with what other processes wrote. */
  readonly refresh: () => Promise<void>;
  readonly onSuccess: () => void;
  /** `first`: the previous check succeeded, so this failure is news worth reporting. */
  readonly onFailure: (err: unknown, first: boolean) => void;
}

export interface RefreshPace {
  /** For reads: starts a check unless one ran less than the interval ago. Never throws. */
  readonly maybeRefresh: () => void;
  /** For version reads: also keeps checking at the same pace from now on, until `stop`. Never throws. */
  readonly watched: () => void;
  readonly stop: () => void;
}

/**
 * When the comments store catches up with other processes: at most once per interval, on a read. Once
 * versions are asked for, a timer checks at the same pace too: cached pages ask for nothing else, and a
 * reader may come back after a long pause, when the first look would otherwise show what was read long
 * before. The timer never keeps the process alive. A failure that goes on is reported once, not at
 * every check.
 */
export function createRefreshPace(options: RefreshPaceOptions): RefreshPace {
  const period = Math.max(options.intervalMs, MIN_TIMER_MS);
  let lastCheck = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight = 0;

  function check(minGapMs: number): void {
    const t = Date.now();
    if (t - lastCheck < minGapMs || options.busy()) return;
    lastCheck = t;
    inFlight += 1;
    void options.refresh().then(
      () => {
        failing = false;
        options.onSuccess();
      },
      (err: unknown) => {
        options.onFailure(err, !failing);
        failing = true;
      },
    ).finally(() => {
      inFlight -= 1;
    });
  }

  function tick(): void {
    // Re-reading a large file can outlast a period: ticks do not pile up behind it.
    if (inFlight === 0) check(period / 2);
  }

  const maybeRefresh = () => check(options.intervalMs);
  return {
    maybeRefresh,
    watched() {
      // A tick a little early must not wait a whole period more: it skips only a check a read just made.
      if (!timer && !stopped) timer = setInterval(tick, period).unref();
      maybeRefresh();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
