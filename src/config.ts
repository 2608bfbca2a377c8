import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

/** Where the project's own folders live, whatever the working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type RunMode = 'development' | 'production' | 'test';

export interface Config {
  readonly mode: RunMode;
  readonly port: number;
  /** Interface to listen on; empty means every interface. */
  readonly host: string;
  readonly contentDir: string;
  /**
   * Prepared data of the content files kept between starts (see src/content/prepared-cache.ts); null
   * when CONTENT_CACHE_FILE=off. A disposable cache, so by default it sits with the other tools'
   * caches rather than in the data folder that is backed up.
   */
  readonly contentCacheFile: string | null;
  readonly viewsDir: string;
  readonly publicDir: string;
  /** Absolute base URL of the site, without a trailing slash. */
  readonly siteUrl: string;
  readonly siteTitle: string;
  readonly siteDescription: string;
  readonly siteLanguage: string;
  readonly pageSize: number;
  readonly seeAlsoCount: number;
  readonly relatedCount: number;
  readonly logLevel: LogLevel;
  /** One `request` line per answered request, at level info; off for sites behind a proxy that logs. */
  readonly accessLog: boolean;
  readonly comments: CommentConfig;
  /** Moderation is available only when set. */
  readonly adminPassword: string | null;
  /** Signs cookies (admin session, commenter trust). Random per process when unset. */
  readonly sessionSecret: string | null;
  /** Express "trust proxy" setting, so rate limits see the visitor's address behind a proxy. */
  readonly trustProxy: string | false;
  /** Re-read articles as their files change. */
  readonly watchContent: boolean;
  /** Token for /preview/<slug>; previews are off when unset. */
  readonly previewToken: string | null;
  /** Development only: browsers reload themselves when content, templates or styles change. */
  readonly liveReload: boolean;
  /** Memory for the page cache that answers unchanged pages without running the app. 0 turns it off. */
  readonly pageCacheMb: number;
  /**
   * Worker processes serving one port (node:cluster). 0 means no cluster: one process serves, as in
   * development and tests by default; a production start runs one worker per core.
   */
  readonly webConcurrency: number;
}

export interface CommentConfig {
  readonly file: string;
  readonly moderation: 'off' | 'first-time' | 'all';
  /** Comment posts per IP per 10 minutes; 0 turns off all throttling (this limit and the flood interval). */
  readonly rateLimit: number;
  readonly floodSeconds: number;
  readonly closeAfterDays: number | null;
  readonly maxDepth: number;
  readonly blocklistFile: string | null;
}

/** Said at a production start without SESSION_SECRET (by the primary alone in a cluster). */
export const NO_SESSION_SECRET = 'SESSION_SECRET is not set: moderator sessions and commenters\' trust end at every restart';

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name, fallback);
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function absoluteUrl(env: Env, name: string, fallback: string): string {
  const raw = text(env, name, fallback);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL such as https://blog.example.org, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must start with http:// or https://, got "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError(name, `must not contain a query or fragment, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

function folder(env: Env, name: string, fallback: string): string {
  const raw = text(env, name, fallback);
  return isAbsolute(raw) ? raw : resolve(raw);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name, fallback ? '1' : '0').toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be 1 or 0 (or true/false), got "${env[name]}"`);
}

function liveReload(env: Env, mode: RunMode): boolean {
  const on = flag(env, 'LIVE_RELOAD', false);
  if (on && mode === 'production') throw new ConfigError('LIVE_RELOAD', 'is for development only and cannot be used with NODE_ENV=production');
  return on;
}

function secret(env: Env, name: string, minLength: number): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters long`);
  return raw;
}

/** Reads the whole configuration from environment variables; throws ConfigError naming the bad variable. */
export function parseConfig(env: Env): Config {
  const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return Object.freeze({
    mode,
    port,
    host: text(env, 'HOST', ''),
    contentDir: folder(env, 'CONTENT_DIR', resolve(PROJECT_ROOT, 'content')),
    contentCacheFile: text(env, 'CONTENT_CACHE_FILE', '').toLowerCase() === 'off'
      ? null
      : folder(env, 'CONTENT_CACHE_FILE', resolve(PROJECT_ROOT, 'node_modules', '.cache', 'inkwell', 'content-cache.bin')),
    viewsDir: resolve(PROJECT_ROOT, 'views'),
    publicDir: resolve(PROJECT_ROOT, 'public'),
    siteUrl: absoluteUrl(env, 'SITE_URL', `http://localhost:${port}`),
    siteTitle: text(env, 'SITE_TITLE', 'The Library Leadership Journal'),
    siteDescription: text(env, 'SITE_DESCRIPTION', 'Essays on leading libraries: partnerships, communication, community and strategy.'),
    siteLanguage: text(env, 'SITE_LANGUAGE', 'en'),
    pageSize: integer(env, 'PAGE_SIZE', 10, 1, 100),
    seeAlsoCount: integer(env, 'SEE_ALSO_COUNT', 2, 0, 10),
    relatedCount: integer(env, 'RELATED_COUNT', 3, 0, 20),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      mode === 'test' ? 'silent' : 'info'),
    accessLog: flag(env, 'ACCESS_LOG', true),
    comments: Object.freeze({
      file: folder(env, 'COMMENTS_FILE', resolve(PROJECT_ROOT, 'data', 'comments.json')),
      moderation: oneOf(env, 'COMMENT_MODERATION', ['off', 'first-time', 'all'] as const, 'off'),
      rateLimit: integer(env, 'COMMENT_RATE_LIMIT', 5, 0, 10_000),
      floodSeconds: integer(env, 'COMMENT_FLOOD_SECONDS', 15, 0, 3600),
      closeAfterDays: env.COMMENTS_CLOSE_AFTER_DAYS?.trim() ? integer(env, 'COMMENTS_CLOSE_AFTER_DAYS', 0, 1, 100_000) : null,
      maxDepth: integer(env, 'COMMENT_MAX_DEPTH', 5, 1, 10),
      blocklistFile: env.COMMENT_BLOCKLIST_FILE?.trim() ? folder(env, 'COMMENT_BLOCKLIST_FILE', '') : null,
    }),
    adminPassword: secret(env, 'ADMIN_PASSWORD', 8),
    sessionSecret: secret(env, 'SESSION_SECRET', 32),
    trustProxy: env.TRUST_PROXY?.trim() ? env.TRUST_PROXY.trim() : false,
    watchContent: flag(env, 'WATCH_CONTENT', true),
    previewToken: secret(env, 'PREVIEW_TOKEN', 16),
    liveReload: liveReload(env, mode),
    pageCacheMb: integer(env, 'PAGE_CACHE_MB', 64, 0, 4096),
    // The cores this process may run on (taskset included); an explicit WEB_CONCURRENCY=1 still gets a
    // primary, so a one-core server can restart without dropping requests too.
    webConcurrency: integer(env, 'WEB_CONCURRENCY', mode === 'production' ? availableParallelism() : 0, 0, 256),
  });
}
