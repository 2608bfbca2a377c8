import lockfile from 'proper-lockfile';

/**
 * Runs tasks while holding an inter-process lock on `file` (a `<file>.lock` folder, as proper-lockfile
 * makes it), so several server processes can share the comments file. A lock left by a killed
 * process is taken over once it is `staleMs` old.
 */
export function fileLock(file: string, staleMs: number, warn: (message: string, err?: unknown) => void) {
  const options = {
    realpath: false,
    stale: staleMs,
    update: Math.max(1000, Math.floor(staleMs / 2)),
    retries: { retries: 400, factor: 1.3, minTimeout: 2, maxTimeout: 100, randomize: true },
    // Losing the lock mid-write would be reported here; the write itself is still atomic.
    onCompromised: (err: Error) => warn(`lock on ${file} was compromised`, err),
  };
  return async function locked<T>(task: () => Promise<T>): Promise<T> {
    const release = await lockfile.lock(file, options);
    try {
      return await task();
    } finally {
      await release().catch((err: unknown) => warn(`could not release the lock on ${file}`, err));
    }
  };
}
