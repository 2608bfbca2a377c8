import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { createWebApp } from './app.js';
import { announcingStore } from './cluster/announcing-store.js';
import { coalesce } from './cluster/coalesce.js';
import { connectToPrimary } from './cluster/worker-link.js';
import { sharedLimitStore } from './cluster/shared-limits.js';
import { CommentsFileError } from './comments/document.js';
import { openJsonFileStore, type JsonFileStore } from './comments/json-file-store.js';
import { createCommentService } from './comments/service.js';
import { NO_SESSION_SECRET, type Config } from './config.js';
import { openBodySpool } from './content/body-spool.js';
import { createCatalog } from './content/catalog.js';
import { createLinkGuard } from './content/link-guard.js';
import { loadArticles } from './content/load-articles.js';
import { createMarkdownRenderer } from './content/markdown.js';
import { contentCodeVersion } from './content/code-version.js';
import { openPreparedCache } from './content/prepared-cache.js';
import { formatProblem } from './errors.js';
import { closeLog, flushLogSync, type Logger } from './logger.js';
import { watchContent } from './content/watch-content.js';
import { createDrainableServer } from './http/drainable-server.js';
import { createLiveReload, watchForReload } from './http/live-reload.js';
import { fileSessionRevocations, sessionsFileFor } from './http/session-revocations.js';

/**
 * Loads the content and the comments and serves the site: the whole server when it runs as one
 * process, or one worker of a cluster. Touches the content folder at start and listens.
 */
export async function serveSite(config: Config, log: Logger): Promise<void> {
  // A worker: the primary decides when it stops or is replaced. Closing the terminal sends SIGHUP to
  // every process of the group, and it must not end the workers the primary is about to replace.
  const link = cluster.isWorker ? connectToPrimary() : undefined;
  if (link) process.on('SIGHUP', () => undefined);
  const now = () => new Date();
  // Bodies are rendered when first shown; one that cannot be is logged once, then shows a notice.
  const render = createMarkdownRenderer({
    onFailure: (file, reason) => log.error({ file }, `${file ?? 'an article'}: error: ${reason}`),
  });
  // One guard for the load and the watcher, so each link leading outside is logged once.
  const guard = createLinkGuard(config.contentDir);
  // Prepared data kept from the last start: a file whose bytes are unchanged is not parsed again.
  const contentCache = config.contentCacheFile
    ? await openPreparedCache(config.contentCacheFile, contentCodeVersion(), (message) => log.warn(message))
    : undefined;
  // Bodies wait on disk until first shown, beside the content cache (or with the temporary files).
  const spool = openBodySpool(config.contentCacheFile ? dirname(config.contentCacheFile) : tmpdir(), (message) => log.warn(message));
  const loaded = await loadArticles(config.contentDir, render, guard, { ...(contentCache ? { cache: contentCache } : {}), spool });
  // Serving starts before the related and search indexes are built; a page that needs them waits.
  const catalog = createCatalog(loaded.articles, { now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount, indexInBackground: true });
  for (const problem of [...loaded.problems, ...catalog.problems]) {
    log[problem.severity === 'error' ? 'error' : 'warn']({ file: problem.file, line: problem.line }, formatProblem(problem));
  }
  if (contentCache) {
    // Written once the indexes are built, so that it holds up no early page.
    void catalog.ready.then(() => contentCache.save()).catch((err: unknown) =>
      log.warn({ err }, `the content cache ${config.contentCacheFile} could not be written; the next start prepares every file again`));
  }
  log.info({ articles: loaded.articles.length, contentDir: config.contentDir, ...(contentCache ? { fromCache: contentCache.stats.hits } : {}) }, 'content loaded');

  const secret = config.sessionSecret ?? randomBytes(32).toString('hex');
  if (!config.sessionSecret && config.mode === 'production') {
    log.warn(NO_SESSION_SECRET);
  }
  const blocklist = config.comments.blocklistFile ? await readBlocklist(config.comments.blocklistFile) : [];
  const store = await openCommentsOrExit(config, log);
  // In a cluster, a change is read by every worker before its visitor is answered, and the flood
  // interval is kept by the primary for all of them.
  link?.onCatchUp(coalesce(() => store.catchUp()));
  const comments = link ? announcingStore(store, coalesce(link.commentsChanged)) : store;
  const service = createCommentService(comments, { ...config.comments, blocklist }, secret, now, link?.floodGate);
  const liveReload = config.liveReload ? createLiveReload() : undefined;
  const watchers: Array<{ close(): Promise<void> }> = [];
  if (config.watchContent) {
    const contentWatcher = watchContent({
      dir: config.contentDir,
      catalog,
      render,
      loaded: loaded.fingerprints,
      guard,
      onEvent: (event) => {
        for (const problem of event.problems) {
          log[problem.severity === 'error' ? 'error' : 'warn']({ file: problem.file, line: problem.line }, formatProblem(problem));
        }
        if (event.change === 'rejected') {
          log.error({ file: event.file }, catalog.byFile(event.file)
            ? `${event.file}: not updated; the last good version stays online until the file is fixed`
            : `${event.file}: not published until the file is fixed`);
        } else {
          log.info({ file: event.file, change: event.change }, `${event.file}: ${event.change}`);
        }
        liveReload?.notify('content');
      },
    });
    watchers.push(contentWatcher);
    // Serving starts at once; changes made before the watcher's first scan ends are caught after it.
    void contentWatcher.ready.then(() => log.debug('watching the content folder'));
  }
  if (liveReload) watchers.push(...watchForReload(config.viewsDir, config.publicDir, liveReload));
  const sessionRevocations = fileSessionRevocations(sessionsFileFor(config.comments.file));
  const web = createWebApp({ config, catalog, comments: { store: comments, service, changes: store.changes }, log, now, secret, sessionRevocations,
    ...(link ? { rateLimitStore: sharedLimitStore } : {}), ...(liveReload ? { liveReload } : {}) });
  const onListening = () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port }, `listening on http://localhost:${port}`);
  };
  // Without HOST, listen on every interface (IPv4 and IPv6), so http://localhost works either way.
  const { server, drain } = createDrainableServer(web.handle);
  if (config.host) server.listen(config.port, config.host, onListening);
  else server.listen(config.port, onListening);
  server.on('error', (err) => {
    log.fatal({ err }, 'could not start the server');
    flushLogSync(log);
    process.exit(1);
  });
  const stop = () => {
    liveReload?.close();
    // The access lines of the last requests are queued until the log is closed.
    drain(() => void Promise.all([store.close(), ...watchers.map((w) => w.close())])
      .finally(() => {
        link?.close();
        return closeLog(log);
      })
      .finally(() => process.exit(0)));
  };
  // Repeated signals change nothing (in a cluster, Ctrl-C reaches a worker and then its primary's
  // SIGTERM does); the drain deadline bounds the wait.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The comments store, or a message on stderr and exit code 1 when its files cannot be read. */
async function openCommentsOrExit(config: Config, log: Logger): Promise<JsonFileStore> {
  try {
    return await openJsonFileStore(config.comments.file, { onWarning: (msg, err) => log.warn({ err }, msg) });
  } catch (err) {
    if (!(err instanceof CommentsFileError)) throw err;
    const journal = err.file.endsWith('.journal');
    const detail = err.message.slice(err.file.length + 2).replace(/^journal /, '');
    process.stderr.write(`Cannot start: the comments ${journal ? 'journal' : 'file'} ${detail}.\n` +
      `  File: ${err.file}\n  It has not been changed. See "Recovering the comments file" in README.md.\n`);
    process.exit(1);
  }
}

async function readBlocklist(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
}

