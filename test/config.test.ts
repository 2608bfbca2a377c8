import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.siteUrl).toBe('http://localhost:3000');
    expect(config.pageSize).toBe(10);
    expect(config.seeAlsoCount).toBe(2);
    expect(config.contentDir).toMatch(/content$/);
    expect(config.pageCacheMb).toBe(64);
    expect(config.watchContent).toBe(true);
    expect(config.previewToken).toBeNull();
    expect(config.accessLog).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['0', false], ['false', false], ['off', false], ['OFF', false],
    ['1', true], ['true', true], ['on', true], ['', true],
  ])('reads ACCESS_LOG=%s as access lines %s', (value, on) => {
    expect(parseConfig({ ACCESS_LOG: value }).accessLog).toBe(on);
  });

  it('keeps the content cache with other tools\' caches unless CONTENT_CACHE_FILE says where, or off', () => {
    expect(parseConfig({}).contentCacheFile).toMatch(/node_modules\/\.cache\/inkwell\/content-cache\.bin$/);
    expect(parseConfig({ CONTENT_CACHE_FILE: '/var/cache/blog/content.bin' }).contentCacheFile).toBe('/var/cache/blog/content.bin');
    expect(parseConfig({ CONTENT_CACHE_FILE: 'off' }).contentCacheFile).toBeNull();
  });

  it('runs one process in development and tests, one worker per core in production, or WEB_CONCURRENCY workers', () => {
    expect(parseConfig({}).webConcurrency).toBe(0);
    expect(parseConfig({ NODE_ENV: 'test' }).webConcurrency).toBe(0);
    expect(parseConfig({ NODE_ENV: 'production' }).webConcurrency).toBe(availableParallelism());
    expect(parseConfig({ NODE_ENV: 'production', WEB_CONCURRENCY: '0' }).webConcurrency).toBe(0);
    expect(parseConfig({ WEB_CONCURRENCY: '3' }).webConcurrency).toBe(3);
    expect(() => parseConfig({ WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY must be a whole number/);
    expect(() => parseConfig({ WEB_CONCURRENCY: '1000' })).toThrow(/WEB_CONCURRENCY must be between 0 and 256/);
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080', HOST: '127.0.0.1', CONTENT_DIR: '/srv/posts', SITE_URL: 'https://blog.example.org/',
      SITE_TITLE: 'My Blog', PAGE_SIZE: '5', SEE_ALSO_COUNT: '3', RELATED_COUNT: '4', LOG_LEVEL: 'debug', NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', contentDir: '/srv/posts', siteUrl: 'https://blog.example.org',
      siteTitle: 'My Blog', pageSize: 5, seeAlsoCount: 3, relatedCount: 4, logLevel: 'debug', mode: 'production',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number, got "abc"/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['PAGE_SIZE', '0', /PAGE_SIZE must be between 1 and 100/],
    ['SITE_URL', 'blog.example.org', /SITE_URL must be an absolute URL/],
    ['SITE_URL', 'ftp://blog.example.org', /SITE_URL must start with http/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ACCESS_LOG', 'maybe', /ACCESS_LOG must be 1 or 0 \(or true\/false\), got "maybe"/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of/],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
  });
});
