import { once } from 'node:events';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

const PIPE_BUF = 4096;
/** Lines wait until this many bytes are queued, or GATHER_MS has passed. */
const GATHER_BYTES = PIPE_BUF - 512;
const GATHER_MS = 200;

/** What `pino.destination` returns, as far as closing the log needs it. */
type FileDestination = NodeJS.EventEmitter & { flushSync(): void; end(): void };

/**
 * Structured JSON logs on stdout; level `silent` in tests. Lines go out asynchronously, so a busy
 * server never waits on the terminal or the pipe, and in batches. `closeLog` (clean exit) and `flushLogSync` (fatal error) write what
 * is still queued. `destination` lets a test read the lines.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: null, timestamp: pino.stdTimeFunctions.isoTime };
  if (destination) return pino(options, destination);
  if (level === 'silent') return pino(options);
  // Each write is whole lines of at most 4 KiB (PIPE_BUF), which a pipe takes in one piece: the workers
  // of a cluster share stdout and never cut into each other's lines. Lines are gathered into writes of
  // several kilobytes, written at the latest a fifth of a second after they were logged: a write per
  // access line made whatever reads the log (a journal, a terminal) wake up for every request, which
  // took half the throughput of the smallest answers when that reader shared a core with the load.
  return pino(options, pino.destination({ dest: 1, sync: false, maxWrite: PIPE_BUF, minLength: GATHER_BYTES, periodicFlush: GATHER_MS }));
}

function fileDestinationOf(log: Logger): FileDestination | undefined {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as Partial<FileDestination> | undefined;
  const usable = typeof stream?.flushSync === 'function' && typeof stream.end === 'function' && typeof stream.once === 'function';
  return usable ? (stream as FileDestination) : undefined;
}

/**
 * Writes every queued line, waiting for a write under way to end first, then closes the output.
 * For a clean exit: nothing may be logged afterwards. Gives up after `timeoutMs` (a stuck pipe).
 */
export async function closeLog(log: Logger, timeoutMs = 5_000): Promise<void> {
  const destination = fileDestinationOf(log);
  if (!destination) return;
  const closed = once(destination, 'close').catch(() => undefined);
  try {
    destination.end();
  } catch {
    return; // already closed
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).finally(() => clearTimeout(timer));
}

/** Writes every queued line at once, for a fatal error after which the event loop may not run again. */
export function flushLogSync(log: Logger): void {
  try {
    fileDestinationOf(log)?.flushSync();
  } catch {
    // Already closed, or the output is gone: nothing more can be written.
  }
}
