import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { article } from '../helpers/content-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

const CSV = 'branch,visitors\nnorth,12\nsouth,30\n';

/** A content folder with one bundle holding `data.csv`, at `sub` below a new temporary folder. */
function contentAt(sub: string): string {
  const root = mkdtempSync(join(tmpdir(), 'inkwell-bundle-files-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const content = join(root, sub);
  const files = {
    'report/index.md': article({ title: 'Visitor report', date: '2026-02-01' }, '[The figures](data.csv)'),
    'report/data.csv': CSV,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(content, path)), { recursive: true });
    writeFileSync(join(content, path), text);
  }
  return content;
}

describe('GET /articles/:slug/:file', () => {
  it('serves bundle files when the content folder sits inside a dot-folder, with the usual cache headers', async () => {
    const { app } = await makeTestApp({ contentDir: contentAt(join('.site', 'content')) });
    const res = await request(app).get('/articles/report/data.csv');
    expect(res.status).toBe(200);
    expect(res.text).toBe(CSV);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['last-modified']).toBeTruthy();
    const etag = res.headers.etag;
    expect(etag).toBeTruthy();
    expect((await request(app).get('/articles/report/data.csv').set('If-None-Match', etag!)).status).toBe(304);
    const head = await request(app).head('/articles/report/data.csv');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(CSV)));
  });

  it('answers a range within the file with 206 and those bytes, and one past its end with 416 and its size', async () => {
    const { app } = await makeTestApp({ contentDir: contentAt('content') });
    const part = await request(app).get('/articles/report/data.csv').set('Range', 'bytes=7-14');
    expect(part.status).toBe(206);
    expect(part.text).toBe(CSV.slice(7, 15));
    expect(part.headers['content-range']).toBe(`bytes 7-14/${Buffer.byteLength(CSV)}`);
    const past = await request(app).get('/articles/report/data.csv').set('Range', 'bytes=999999-');
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${Buffer.byteLength(CSV)}`);
  });

  it('answers 412 when the file no longer matches the version the request names', async () => {
    const { app } = await makeTestApp({ contentDir: contentAt('content') });
    const res = await request(app).get('/articles/report/data.csv').set('If-Match', '"an-old-version"');
    expect(res.status).toBe(412);
    expect(res.text).not.toContain(CSV);
  });
});
