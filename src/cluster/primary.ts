import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { ClusterMemoryStorePrimary } from '@express-rate-limit/cluster-memory-store';
import { createFloodInterval } from '../comments/flood-interval.js';
import { NO_SESSION_SECRET, type Config } from '../config.js';
import { closeLog, type Logger } from '../logger.js';
import { isWorkerMessage, type PrimaryMessage } from './messages.js';

/** How long a change waits for the other workers to read it before the visitor is answered anyway. */
const CATCH_UP_DEADLINE_MS = 1_000;
/** Longer than a worker's own drain deadline: a worker that outlives it is killed. */
const STOP_DEADLINE_MS = 30_000;
/** A worker that died after serving is replaced; this many deaths in a minute means something is wrong. */
const MAX_CRASHES_PER_MINUTE = 10;

/**
 * The primary of `WEB_CONCURRENCY` workers sharing one port: it loads no content and serves nothing.
 * It keeps what workers must share (rate-limit counters, the flood interval), tells workers when
 * another changed comments, replaces a worker that dies, replaces all of them one by one on SIGHUP
 * (each new one serving before an old one stops), and on SIGTERM or SIGINT lets every worker finish
 * what it is answering, then exits.
 */
export function runPrimary(config: Config, log: Logger): void {
  // One secret for all workers, or a cookie signed by one would be refused by the others.
  const env: Record<string, string> = {};
  if (!config.sessionSecret) {
    env.SESSION_SECRET = randomBytes(32).toString('hex');
    if (config.mode === 'production') log.warn(NO_SESSION_SECRET);
  }
  new ClusterMemoryStorePrimary().init();
  const flood = createFloodInterval(config.comments.rateLimit === 0 ? 0 : config.comments.floodSeconds);
  // Node forgets a worker only once its IPC channel has closed too, which can come after its exit.
  const live = new Set<Worker>();
  const serving = new Set<Worker>();
  const leaving = new Set<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let restarting = false;
  let nextCatchUp = 0;
  const catchUps = new Map<number, () => void>();

  const fork = (): Worker => {
    const worker = cluster.fork(env);
    live.add(worker);
    worker.once('listening', () => serving.add(worker));
    return worker;
  };

  const send = (worker: Worker, message: PrimaryMessage) => {
    if (worker.isConnected()) worker.send(message);
  };

  /** Asks every other serving worker to read the comments now; resolves when all did or the deadline passed. */
  const catchUpOthers = (from: Worker) => Promise.all([...serving].filter((w) => w !== from && w.isConnected()).map((worker) =>
    new Promise<void>((resolve) => {
      const id = ++nextCatchUp;
      const done = () => {
        clearTimeout(timer);
        catchUps.delete(id);
        worker.off('exit', done);
        resolve();
      };
      const timer = setTimeout(done, CATCH_UP_DEADLINE_MS);
      catchUps.set(id, done);
      worker.once('exit', done);
      send(worker, { inkwell: 'catch-up', id });
    })));

  cluster.on('message', (worker, message: unknown) => {
    if (!isWorkerMessage(message)) return;
    if (message.inkwell === 'caught-up') return catchUps.get(message.id)?.();
    const { call, id } = message;
    if (call.name === 'flood-claim') return send(worker, { inkwell: 'reply', id, result: flood.claim(call.keys, call.t) });
    void catchUpOthers(worker).then(() => send(worker, { inkwell: 'reply', id, result: 0 }));
  });

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ workers: live.size }, 'stopping: workers finish the requests they are answering');
    const kill = setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
    }, STOP_DEADLINE_MS).unref();
    for (const worker of live) worker.process.kill('SIGTERM');
    const exitWhenEmpty = () => {
      if (live.size > 0) return;
      clearTimeout(kill);
      void closeLog(log).finally(() => process.exit(code));
    };
    cluster.on('exit', exitWhenEmpty);
    exitWhenEmpty();
  };

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    const served = serving.delete(worker);
    if (stopping || leaving.delete(worker)) return;
    if (!served) {
      // It never listened: configuration, content folder or comments file. More would fail the same way.
      if (restarting) return; // the restart reports it and keeps the old workers
      log.fatal({ pid: worker.process.pid, code, signal }, 'a worker stopped while starting; see its messages above');
      return stopAll(code || 1);
    }
    const t = Date.now();
    crashes.push(t);
    while (crashes[0]! < t - 60_000) crashes.shift();
    if (crashes.length > MAX_CRASHES_PER_MINUTE) {
      log.fatal(`${crashes.length} workers stopped unexpectedly within a minute; giving up`);
      return stopAll(1);
    }
    log.error({ pid: worker.process.pid, code, signal }, 'a worker stopped unexpectedly; starting another');
    fork();
  });

  /** Replaces the workers one at a time: a new one serves before an old one stops taking requests. */
  const restart = async () => {
    if (restarting || stopping) return void log.warn('a restart or stop is already under way');
    restarting = true;
    log.info('restarting workers one by one');
    try {
      for (const old of [...serving]) {
        const fresh = fork();
        const started = await new Promise<boolean>((resolve) => {
          fresh.once('listening', () => resolve(true));
          fresh.once('exit', () => resolve(false));
        });
        if (!started) {
          log.error('a new worker could not start; the restart stopped and the running workers go on serving');
          return;
        }
        if (stopping) return;
        leaving.add(old);
        serving.delete(old);
        const gone = new Promise((resolve) => old.once('exit', resolve));
        old.process.kill('SIGTERM');
        await gone;
      }
      log.info('every worker was replaced');
    } finally {
      restarting = false;
    }
  };

  process.on('SIGHUP', () => void restart());
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));
  log.info({ pid: process.pid, workers: config.webConcurrency }, `starting ${config.webConcurrency} worker${config.webConcurrency === 1 ? '' : 's'}; send SIGHUP to process ${process.pid} to replace them one by one`);
  for (let i = 0; i < config.webConcurrency; i += 1) fork();
}
