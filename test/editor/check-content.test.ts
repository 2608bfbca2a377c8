import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/editor/check-content.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { ROOT, runScript } from '../helpers/run-script.js';

const FIXTURES = 'test/fixtures/check';

/** Runs `npm run check` (tsx scripts/check-content.ts) on one fixture folder. */
const runCheck = (fixture: string, options: { args?: readonly string[]; timeZone?: string } = {}) =>
  runScript('scripts/check-content.ts', options.args ?? [], { CONTENT_DIR: `${FIXTURES}/${fixture}`, TZ: options.timeZone ?? 'UTC' });

/** The `file:line: severity: message` lines, which come before the first blank line. */
const problemLines = (stdout: string) => {
  const lines = stdout.split('\n');
  return lines.slice(0, lines.indexOf(''));
};
/** The closing summary line. */
const summaryLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1);
/** The indented lines under "Not live:". */
const notLiveLines = (stdout: string) => {
  const lines = stdout.split('\n');
  const start = lines.indexOf('Not live:');
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

describe('npm run check (scripts/check-content.ts)', () => {
  it('reports a front matter value of the wrong type with its file and line, and exits 1', async () => {
    const run = await runCheck('schema-error');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/schema-error/post.md:4: error: "draft" must be true or false (got "yes"); write draft: true, without quotes',
    ]);
    expect(summaryLine(run.stdout)).toMatch(/: 1 error, 0 warnings\.$/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('reports a YAML syntax error on the line where it is', async () => {
    const run = await runCheck('yaml-syntax');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/yaml-syntax/post.md:4: error: front matter is not valid YAML: bad indentation of a mapping entry',
    ]);
    expect(run.code).toBe(1);
  });

  it('rejects a date that does not exist, quoting it as written', async () => {
    const run = await runCheck('bad-date');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/bad-date/post.md:3: error: "date" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "2024-02-30")',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports a duplicate slug on the second file, naming the first', async () => {
    const run = await runCheck('duplicate-slugs');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/duplicate-slugs/second.md:4: error: slug "first" is already used by first.md; give one of them another file name or a "slug"',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports a see_also slug that names no article on the see_also line', async () => {
    const run = await runCheck('unknown-see-also');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/unknown-see-also/post.md:5: error: "See also" names "no-such-article", which is no article\'s slug or title',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports a body link to an article that does not exist on the line of the link', async () => {
    const run = await runCheck('broken-link');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/broken-link/post.md:9: error: links to /articles/nope, which does not exist',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports an image missing from a bundle on the line that shows it', async () => {
    const run = await runCheck('missing-image');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/missing-image/photo-essay/index.md:9: error: image "missing.png" is missing beside photo-essay/index.md',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports a front matter image that is not beside the article as an error on the image line', async () => {
    const run = await runCheck('missing-cover');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/missing-cover/cover-story/index.md:5: error: "image" names cover.jpg, which is not a file beside cover-story/index.md',
    ]);
    expect(run.code).toBe(1);
  });

  it('refuses a published article that links to a draft, from see_also and from the body', async () => {
    const run = await runCheck('links-to-draft');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/links-to-draft/published.md:5: error: "See also" names the draft "unfinished"; publish it first or remove the link',
      'test/fixtures/check/links-to-draft/published.md:10: error: links to /articles/unfinished, which is a draft',
    ]);
    expect(notLiveLines(run.stdout)).toEqual([
      '  test/fixtures/check/links-to-draft/unfinished.md: draft (remove "draft: true" to publish)',
    ]);
    expect(summaryLine(run.stdout)).toBe('2 articles checked: 2 errors, 0 warnings.');
    expect(run.code).toBe(1);
  });

  it('passes with warnings only (unknown key, long title, no description)', async () => {
    const run = await runCheck('warnings-only');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/warnings-only/post.md:1: warning: has no "description"; the first paragraph is used for lists and search engines',
      'test/fixtures/check/warnings-only/post.md:2: warning: title is 96 characters long; search results cut titles after about 80',
      'test/fixtures/check/warnings-only/post.md:4: warning: unknown front matter key "colour" is ignored',
    ]);
    expect(summaryLine(run.stdout)).toBe('1 article checked: 0 errors, 3 warnings.');
    expect(run.code).toBe(0);
  });

  it('fails on warnings with --strict, and says so', async () => {
    const run = await runCheck('warnings-only', { args: ['--strict'] });
    expect(problemLines(run.stdout)).toHaveLength(3);
    expect(summaryLine(run.stdout)).toBe('1 article checked: 0 errors, 3 warnings (--strict: warnings count as errors).');
    expect(run.code).toBe(1);
  });

  it('prints only the summary for a clean folder and exits 0, even with --strict', async () => {
    const run = await runCheck('clean');
    expect(run.stdout).toBe('\n2 articles checked: 0 errors, 0 warnings.\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const strict = await runCheck('clean', { args: ['--strict'] });
    expect(strict.code).toBe(0);
  });

  it('reports template tags of other generators that would show as text, but not those in code', async () => {
    const run = await runCheck('template-syntax');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/template-syntax/post.md:7: error: template expressions are not filled in here and would show as text: {{ site.title }}; write the text itself, or put it in a code span (`…`) if it is an example',
      'test/fixtures/check/template-syntax/post.md:9: error: Liquid tags are not run here: replace {% highlight js %} … {% endhighlight %} with a ```js fence, or run npm run import',
      'test/fixtures/check/template-syntax/post.md:13: error: Hugo shortcodes are not run here and would show as text: {{< figure src="tree.png" caption="A tree" >}}; write the image as ![description](tree.png), or run npm run import',
      'test/fixtures/check/template-syntax/post.md:15: error: Liquid tags are not run here and would show as text: {% raw %}; remove {% raw %} and {% endraw %}: nothing in an article is read as a template',
    ]);
    expect(run.code).toBe(1);
  });

  it('resolves relative links and images as the page does, and says what exists instead of a broken one', async () => {
    const run = await runCheck('relative-links');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/relative-links/garden/index.md:9: error: image "phot.png" is missing beside garden/index.md; the closest file there is "photo.png"',
      'test/fixtures/check/relative-links/garden/index.md:11: error: image "images/photo.png" is missing beside garden/index.md: only files directly beside index.md are served; write "photo.png"',
      'test/fixtures/check/relative-links/garden/index.md:13: error: links to "shed", which is missing beside garden/index.md; to link to the article "shed", write ../shed/',
      'test/fixtures/check/relative-links/garden/index.md:13: error: links to "../shd/", which is no article; the closest is "shed" (../shed/)',
      'test/fixtures/check/relative-links/garden/index.md:15: error: poster="poster.jpg" is missing beside garden/index.md',
      'test/fixtures/check/relative-links/garden/index.md:19: error: image "../shed/shed.png" is missing because only bundle articles (<slug>/index.md) can have images beside them',
      'test/fixtures/check/relative-links/shed.md:7: error: image "shed.png" is missing because only bundle articles (<slug>/index.md) can have images beside them',
    ]);
    expect(run.code).toBe(1);
  });

  it('reports redirect conflicts on the line of the redirect_from entry, and counts the redirects in use', async () => {
    const run = await runCheck('redirects');
    expect(problemLines(run.stdout)).toEqual([
      'test/fixtures/check/redirects/later.md:5: error: redirect_from "/?p=12" is already claimed by first.md (redirect_from "/?p=12"), which keeps it; remove it from one of them',
      'test/fixtures/check/redirects/second.md:6: error: redirect_from "/2019/05/first" is already claimed by first.md (redirect_from "/2019/05/first/"), which keeps it; remove it from one of them',
      'test/fixtures/check/redirects/second.md:7: error: redirect_from "/tags/gardens" is the address of the tag page "gardens", which this site serves itself; remove it or write the old site\'s path',
      'test/fixtures/check/redirects/second.md:8: error: redirect_from "/articles/second/" is this article\'s own address; remove it',
    ]);
    expect(run.stdout).toContain('\n4 old paths redirect to articles (redirect_from); npm run check -- --redirects lists them.\n');
    expect(run.stdout).not.toContain('Redirects:');
    expect(run.code).toBe(1);
  });

  it('lists every redirect in use with --redirects, saying which do not answer yet', async () => {
    const run = await runCheck('redirects', { args: ['--redirects'] });
    const lines = run.stdout.split('\n');
    const start = lines.indexOf('Redirects:');
    expect(lines.slice(start + 1, lines.indexOf('', start))).toEqual([
      '  /2019/05/first/ → /articles/first',
      '  /?p=12 → /articles/first',
      '  /?p=99 → /articles/later (not live: not redirected until the article is)',
      '  /blog/second → /articles/second',
    ]);
  });

  it('fails a folder where no file could be read as an article, and an empty one', async () => {
    const broken = contentDir({ 'one.md': '---\ntitle: [unclosed\n---\n\nText.\n', 'two.md': article({ title: 'No date' }) });
    const run = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: broken, TZ: 'UTC' });
    expect(run.stdout).toMatch(/\nNo file in \S+ could be read as an article; the lines above say why\.\n2 articles checked: 2 errors, 0 warnings\.\n$/);
    expect(run.code).toBe(1);
    const empty = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: contentDir({ 'notes.txt': 'Not an article.' }), TZ: 'UTC' });
    expect(empty.stdout).toMatch(/\nNo Markdown files found in \S+: write articles as <slug>\.md or <slug>\/index\.md there, or set CONTENT_DIR to the folder that holds them\.\n0 articles checked/);
    expect(empty.code).toBe(1);
  });

  it('fails a folder whose Markdown files are all in places that are not read, counting each of them', async () => {
    const dir = contentDir({
      '_posts/2020-01-01-a.md': article({ title: 'A', date: '2020-01-01' }),
      'deep/er/b.md': article({ title: 'B', date: '2020-01-01' }),
    });
    const run = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: dir, TZ: 'UTC' });
    expect(run.stdout).toMatch(/:1: error: no article is read from the content folder/);
    expect(run.stdout).toMatch(/\nNo file in \S+ could be read as an article; the lines above say why\.\n2 articles checked: 1 error, 2 warnings\.\n$/);
    expect(run.code).toBe(1);
  });

  it('says how many files could not be read when some could', async () => {
    const dir = contentDir({ 'good.md': article({ title: 'Good', date: '2024-01-01', description: 'Fine.' }), 'bad.md': article({ title: 'No date' }) });
    const run = await runScript('scripts/check-content.ts', [], { CONTENT_DIR: dir, TZ: 'UTC' });
    expect(run.stdout).toMatch(/\n1 of 2 files could not be read as articles; the lines above say why\.\n2 articles checked: 1 error, 0 warnings\.\n$/);
    expect(run.code).toBe(1);
  });

  it('explains why drafts, scheduled and expired articles are not live, with times in UTC', async () => {
    const run = await runCheck('not-live');
    expect(problemLines(run.stdout)).toEqual([]);
    expect(notLiveLines(run.stdout)).toEqual([
      '  test/fixtures/check/not-live/draft.md: draft (remove "draft: true" to publish)',
      '  test/fixtures/check/not-live/expired.md: expired 2020-01-01 00:00 UTC',
      '  test/fixtures/check/not-live/scheduled.md: scheduled: goes live 2099-05-01 09:30 UTC',
    ]);
    expect(summaryLine(run.stdout)).toBe('3 articles checked: 0 errors, 0 warnings.');
    expect(run.code).toBe(0);
  });

  it('also gives the go-live and expiry times in the editor\'s own time zone', async () => {
    const run = await runCheck('not-live', { timeZone: 'Europe/Paris' });
    expect(notLiveLines(run.stdout)).toEqual([
      '  test/fixtures/check/not-live/draft.md: draft (remove "draft: true" to publish)',
      '  test/fixtures/check/not-live/expired.md: expired 2020-01-01 00:00 UTC (2020-01-01 01:00 Europe/Paris)',
      '  test/fixtures/check/not-live/scheduled.md: scheduled: goes live 2099-05-01 09:30 UTC (2099-05-01 11:30 Europe/Paris)',
    ]);
    expect(run.code).toBe(0);
  });
});

describe('checkContent', () => {
  const fixture = (name: string) => join(ROOT, FIXTURES, name);

  it('locates problems by file relative to the content folder, with severity and line', async () => {
    const report = await checkContent(fixture('links-to-draft'), new Date('2025-01-01T00:00:00Z'));
    expect(report.problems).toEqual([
      { severity: 'error', file: 'published.md', line: 5, message: '"See also" names the draft "unfinished"; publish it first or remove the link' },
      { severity: 'error', file: 'published.md', line: 10, message: 'links to /articles/unfinished, which is a draft' },
    ]);
    expect(report.notLive).toEqual([{ file: 'unfinished.md', title: 'An unfinished post', reason: 'draft' }]);
    expect(report.articles).toBe(2);
    expect(report.read).toBe(2);
  });

  it('lists the redirects in use, live or not at the time it is given', async () => {
    const report = await checkContent(fixture('redirects'), new Date('2099-06-01T00:00:00Z'));
    expect(report.redirects).toEqual([
      { from: '/2019/05/first/', to: '/articles/first', file: 'first.md', live: true },
      { from: '/?p=12', to: '/articles/first', file: 'first.md', live: true },
      { from: '/?p=99', to: '/articles/later', file: 'later.md', live: true },
      { from: '/blog/second', to: '/articles/second', file: 'second.md', live: true },
    ]);
  });

  it('judges scheduling and expiry against the time it is given', async () => {
    const before = await checkContent(fixture('not-live'), new Date('2025-01-01T00:00:00Z'));
    expect(before.notLive.map((n) => [n.file, n.reason, n.at?.toISOString()])).toEqual([
      ['draft.md', 'draft', undefined],
      ['expired.md', 'expired', '2020-01-01T00:00:00.000Z'],
      ['scheduled.md', 'scheduled', '2099-05-01T09:30:00.000Z'],
    ]);
    // Once its time has come the scheduled article is live; before its expiry the expired one was.
    const later = await checkContent(fixture('not-live'), new Date('2099-05-01T09:30:00Z'));
    expect(later.notLive.map((n) => n.file)).toEqual(['draft.md', 'expired.md']);
    const earlier = await checkContent(fixture('not-live'), new Date('2019-12-31T23:59:59Z'));
    expect(earlier.notLive.map((n) => n.file)).toEqual(['draft.md', 'scheduled.md']);
  });
});
