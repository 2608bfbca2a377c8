import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createWebApp } from './app.js';
import { CommentsFileError } from './comments/document.js';
import { openJsonFileStore } from './comments/json-file-store.js';
import { createCommentService } from './comments/service.js';
import { ConfigError, parseConfig } from './config.js';
import { createCatalog } from './content/catalog.js';
import { createLinkGuard } from './content/link-guard.js';
import { loadArticles } from './content/load-articles.js';
import { createMarkdownRenderer } from './content/markdown.js';
import { formatProblem } from './errors.js';
import { closeLog, createLogger, flushLogSync } from './logger.js';
import { watchContent } from './content/watch-content.js';
import { createLiveReload, watchForReload } from './http/live-reload.js';
import { fileSessionRevocations, sessionsFileFor } from './http/session-revocations.js';

/** The only place that reads the environment, touches the content folder at start and listens. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  // Logs go out asynchronously: a crash writes what is still queued before the process ends.
  process.on('uncaughtException', (err) => {
    try {
      log.fatal({ err }, `stopped on an unexpected error: ${err.message}`);
    } finally {
      flushLogSync(log);
    }
    process.exit(1);
  });
  const now = () => new Date();
  // Bodies are rendered when first shown; one that cannot be is logged once, then shows a notice.
  const render = createMarkdownRenderer({
    onFailure: (file, reason) => log.error({ file }, `${file ?? 'an article'}: error: ${reason}`),
  });
  // One guard for the load and the watcher, so each link leading outside is logged once.
  const guard = createLinkGuard(config.contentDir);
  const loaded = await loadArticles(config.contentDir, render, guard);
  const catalog = createCatalog(loaded.articles, { now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount });
  for (const problem of [...loaded.problems, ...catalog.problems]) {
    log[problem.severity === 'error' ? 'error' : 'warn']({ file: problem.file, line: problem.line }, formatProblem(problem));
  }
  log.info({ articles: loaded.articles.length, contentDir: config.contentDir }, 'content loaded');

  const secret = config.sessionSecret ?? randomBytes(32).toString('hex');
  if (!config.sessionSecret && config.mode === 'production') {
    log.warn('SESSION_SECRET is not set: moderator sessions and commenters\' trust end at every restart');
  }
  const blocklist = config.comments.blocklistFile ? await readBlocklist(config.comments.blocklistFile) : [];
  let store;
  try {
    store = await openJsonFileStore(config.comments.file, { onWarning: (msg, err) => log.warn({ err }, msg) });
  } catch (err) {
    if (err instanceof CommentsFileError) {
      const journal = err.file.endsWith('.journal');
      const detail = err.message.slice(err.file.length + 2).replace(/^journal /, '');
      process.stderr.write(`Cannot start: the comments ${journal ? 'journal' : 'file'} ${detail}.\n` +
        `  File: ${err.file}\n  It has not been changed. See "Recovering the comments file" in README.md.\n`);
      process.exit(1);
    }
    throw err;
  }
  const service = createCommentService(store, { ...config.comments, blocklist }, secret, now);
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
  const web = createWebApp({ config, catalog, comments: { store, service }, log, now, secret, sessionRevocations, ...(liveReload ? { liveReload } : {}) });
  const onListening = () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port }, `listening on http://localhost:${port}`);
  };
  // Without HOST, listen on every interface (IPv4 and IPv6), so http://localhost works either way.
  const server = createServer(web.handle);
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
    server.close(() => void Promise.all([store.close(), ...watchers.map((w) => w.close())])
      .finally(() => closeLog(log))
      .finally(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function readBlocklist(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
}

main().catch((err: unknown) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
