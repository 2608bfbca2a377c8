import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/editor/check-content.js';
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
      'test/fixtures/check/schema-error/post.md:4: error: "draft" must be true or false (got "yes")',
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
      'test/fixtures/check/warnings-only/post.md:4: warning: unknown front matter key "colour" is ignored (known keys: title, date, slug, description, tags, author, draft, updated, see_also, image, comments, aliases, expires)',
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
