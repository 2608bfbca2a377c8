import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { Express } from 'express';
import { createWebApp, type WebApp } from '../../src/app.js';
import { parseConfig, type Config } from '../../src/config.js';
import { createCatalog, type LiveCatalog } from '../../src/content/catalog.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { openJsonFileStore, type JsonFileStore } from '../../src/comments/json-file-store.js';
import { createCommentService } from '../../src/comments/service.js';
import type { ContentProblem } from '../../src/errors.js';
import { fileSessionRevocations, sessionsFileFor } from '../../src/http/session-revocations.js';
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
  readonly catalog: LiveCatalog;
  readonly config: Config;
  readonly problems: readonly ContentProblem[];
  readonly clock: ReturnType<typeof testClock>;
  readonly store: JsonFileStore;
  /** The whole web app: `handle` is what the server listens with (page cache in front of `app`). */
  readonly web: WebApp;
  /** Path of this app's own comments file, in a fresh temporary folder. */
  readonly commentsFile: string;
}

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/**
 * The real app on real content files and a real comments file in a temporary folder (removed after
 * the test), with a fixed clock and silent logs.
 */
export async function makeTestApp(options: {
  contentDir?: string;
  env?: Record<string, string>;
  now?: string;
  blocklist?: readonly string[];
} = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blog-test-'));
  try {
    // The store is left open and may be taking its lock file as the folder goes: retry such a removal.
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }));
  } catch {
    // Called outside a test (e.g. in beforeAll): the folder stays in the temp directory.
  }
  const config = parseConfig({
    NODE_ENV: 'test',
    SITE_URL: 'https://blog.example.org',
    CONTENT_DIR: options.contentDir ?? SITE_FIXTURES,
    COMMENTS_FILE: join(dataDir, 'comments.json'),
    ...options.env,
  });
  const clock = testClock(options.now ?? '2026-06-01T12:00:00Z');
  const loaded = await loadArticles(config.contentDir, createMarkdownRenderer());
  const catalog = createCatalog(loaded.articles, { now: clock.now, seeAlsoCount: config.seeAlsoCount, relatedCount: config.relatedCount });
  const store = await openJsonFileStore(config.comments.file);
  const service = createCommentService(store, { ...config.comments, blocklist: options.blocklist ?? [] }, TEST_SECRET, clock.now);
  // Beside the comments file, as the server keeps it: a second app on the same COMMENTS_FILE shares it.
  const sessionRevocations = fileSessionRevocations(sessionsFileFor(config.comments.file));
  const web = createWebApp({ config, catalog, comments: { store, service, changes: store.changes }, log: createLogger('silent'), now: clock.now, secret: TEST_SECRET, sessionRevocations });
  return { app: web.app, web, catalog, config, problems: [...loaded.problems, ...catalog.problems], clock, store, commentsFile: config.comments.file };
}
