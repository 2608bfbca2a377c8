import { createApp } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { createCatalog } from './content/catalog.js';
import { loadArticles } from './content/load-articles.js';
import { createMarkdownRenderer } from './content/markdown.js';
import { formatProblem } from './errors.js';
import { createLogger } from './logger.js';

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
  const now = () => new Date();
  const loaded = await loadArticles(config.contentDir, createMarkdownRenderer());
  const catalog = createCatalog(loaded.articles, { now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount });
  for (const problem of [...loaded.problems, ...catalog.problems]) {
    log[problem.severity === 'error' ? 'error' : 'warn']({ file: problem.file, line: problem.line }, formatProblem(problem));
  }
  log.info({ articles: loaded.articles.length, contentDir: config.contentDir }, 'content loaded');

  const app = createApp({ config, catalog, log, now });
  const onListening = () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port }, `listening on http://localhost:${port}`);
  };
  // Without HOST, listen on every interface (IPv4 and IPv6), so http://localhost works either way.
  const server = config.host ? app.listen(config.port, config.host, onListening) : app.listen(config.port, onListening);
  server.on('error', (err) => {
    log.fatal({ err }, 'could not start the server');
    process.exit(1);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
