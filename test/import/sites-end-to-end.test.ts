import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/run-script.js';
import { makeTestApp } from '../helpers/test-app.js';
import { readFixture, SITES, SITE_NAMES } from './sites-samples.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Imports a sample site with the real command into a fresh content folder. */
async function importSite(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `import-${name}-`));
  made.push(dir);
  const out = join(dir, 'content');
  const run = await runScript('scripts/import.ts', [join(SITES, name), '--out', out], {
    CONTENT_DIR: out,
    COMMENTS_FILE: join(dir, 'comments.json'),
  });
  return { out, run };
}

/** Same-site URLs of the article's body: links, images, video sources. */
function bodyUrls(html: string): string[] {
  const $ = cheerio.load(html);
  const body = $('.post-body');
  return [
    ...body.find('a[href]').map((_, el) => $(el).attr('href') ?? '').get(),
    ...body.find('img[src], source[src], video[src]').map((_, el) => $(el).attr('src') ?? '').get(),
  ].filter((url) => url.startsWith('/') && !url.startsWith('//'));
}

function visibleText(html: string): string {
  const $ = cheerio.load(html);
  $('pre, code, script, style').remove();
  return $('main').text();
}

describe.each(SITE_NAMES)('npm run import of the %s sample site, then the blog on it', (name) => {
  it('serves every published article with no template syntax, no broken internal link, 301s from every old URL, and a second run adds nothing', async () => {
    const batch = await readFixture(name);
    const { out, run } = await importSite(name);
    expect(run.stderr).not.toMatch(/Cannot import|Error:/);
    // Anything lost makes the command fail, so a blogger notices.
    expect(run.code).toBe(batch.problems.some((p) => p.lost) ? 1 : 0);

    // Posts without a date carry the day their file was last changed, so the clock is the real one.
    const { app, problems } = await makeTestApp({ contentDir: out, now: new Date().toISOString() });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const published = batch.posts.filter((p) => p.status === 'published');
    expect(published.length).toBeGreaterThan(0);
    for (const post of published) {
      const page = await request(app).get(`/articles/${post.slug}`);
      expect(page.status, `${post.source} → /articles/${post.slug}`).toBe(200);
      expect(visibleText(page.text), post.source).not.toMatch(/\{%|\{\{|\{#[^\n]*#\}/);
      // A file the source itself lacks is named in the problems; every other link must answer.
      const reported = batch.problems.filter((p) => p.source.startsWith(`${post.source}:`) && p.lost).map((p) => p.message);
      for (const url of bodyUrls(page.text).filter((u) => !reported.some((m) => m.startsWith(u)))) {
        const res = await request(app).get(url);
        expect(res.status, `${post.source}: ${url}`).toBe(200);
      }
      for (const old of post.redirectFrom) {
        const res = await request(app).get(old);
        expect(res.status, `${old}`).toBe(301);
        expect(res.headers.location).toBe(`/articles/${post.slug}`);
      }
    }
    for (const draft of batch.posts.filter((p) => p.status === 'draft')) {
      expect((await request(app).get(`/articles/${draft.slug}`)).status).toBe(404);
    }

    // A second run into the same folder finds every article there and writes nothing.
    const again = await runScript('scripts/import.ts', [join(SITES, name), '--out', out], {
      CONTENT_DIR: out,
      COMMENTS_FILE: join(out, '..', 'comments.json'),
    });
    expect(again.stdout).toMatch(/already/i);
  }, 90_000);
});
