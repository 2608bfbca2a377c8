import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createCatalog, type Catalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import type { ContentProblem } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';

export const SITE_FIXTURES = fileURLToPath(new URL('../fixtures/site', import.meta.url));
export const SAMPLE_CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

/** A clock the test can move: `clock.set('2026-07-02')`. */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => current,
    set: (iso: string) => {
      current = new Date(iso);
    },
  };
}

export interface TestApp {
  readonly app: Express;
  readonly catalog: Catalog;
  readonly config: Config;
  readonly problems: readonly ContentProblem[];
  readonly clock: ReturnType<typeof testClock>;
}

/** The real app on real content files, with a fixed clock and silent logs. */
export async function makeTestApp(options: { contentDir?: string; env?: Record<string, string>; now?: string } = {}): Promise<TestApp> {
  const config = parseConfig({
    NODE_ENV: 'test',
    SITE_URL: 'https://blog.example.org',
    CONTENT_DIR: options.contentDir ?? SITE_FIXTURES,
    ...options.env,
  });
  const clock = testClock(options.now ?? '2026-06-01T12:00:00Z');
  const loaded = await loadArticles(config.contentDir, createMarkdownRenderer());
  const catalog = createCatalog(loaded.articles, { now: clock.now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount });
  const app = createApp({ config, catalog, log: createLogger('silent'), now: clock.now });
  return { app, catalog, config, problems: [...loaded.problems, ...catalog.problems], clock };
}
