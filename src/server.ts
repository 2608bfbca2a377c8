import cluster from 'node:cluster';
import { ConfigError, parseConfig } from './config.js';
import { createLogger, flushLogSync } from './logger.js';

/** The only place that reads the environment. The primary of a cluster loads none of the site's code. */
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
  if (cluster.isPrimary && config.webConcurrency > 0) {
    const { runPrimary } = await import('./cluster/primary.js');
    return runPrimary(config, log);
  }
  const { serveSite } = await import('./serve-site.js');
  return serveSite(config, log);
}

main().catch((err: unknown) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
