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

  return {
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
  };
}
