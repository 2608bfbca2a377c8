/**
 * When each poster last posted, under keys that stand for what a poster cannot simply claim to be:
 * a keyed hash of their network address and their browser's commenter key. Never an email address,
 * which anyone can type: keying by it would tell strangers who posted, and let them hold anyone back.
 * Memory only, so nothing derived from an IP address reaches the disk.
 */
export interface FloodInterval {
  /** Whole seconds still to wait before a post under any of these keys; 0 when none posted recently. */
  wait(keys: readonly string[], t: number): number;
  /** Notes a post at time `t` (ms) under every one of the keys. */
  record(keys: readonly string[], t: number): void;
  /**
   * `wait` and, when it is 0, `record` as one step: two posts checked at the same moment cannot both
   * pass. What a shared gate (several server processes) offers.
   */
  claim(keys: readonly string[], t: number): number;
}

/** The one question the comment service asks; answered in this process or by the cluster's primary. */
export interface FloodGate {
  claim(keys: readonly string[], t: number): number | Promise<number>;
}

export function createFloodInterval(seconds: number): FloodInterval {
  const windowMs = seconds * 1000;
  // Re-inserted on every post, so iteration runs oldest first and expired entries sit at the front.
  const lastPost = new Map<string, number>();

  const forgetExpired = (t: number) => {
    for (const [key, at] of lastPost) {
      if (t - at < windowMs) break;
      lastPost.delete(key);
    }
  };

  const interval: FloodInterval = {
    wait(keys, t) {
      if (windowMs <= 0) return 0;
      const last = Math.max(0, ...keys.map((key) => lastPost.get(key) ?? 0));
      const remaining = windowMs - (t - last);
      return remaining > 0 ? Math.min(seconds, Math.ceil(remaining / 1000)) : 0;
    },
    record(keys, t) {
      if (windowMs <= 0) return;
      forgetExpired(t);
      for (const key of keys) {
        lastPost.delete(key);
        lastPost.set(key, t);
      }
    },
    claim(keys, t) {
      const wait = interval.wait(keys, t);
      if (wait === 0) interval.record(keys, t);
      return wait;
    },
  };
  return interval;
}
