import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSource } from '../../src/content/front-matter.js';
import { formatProblem } from '../../src/errors.js';

const toml = (...lines: string[]) => ['+++', ...lines, '+++', '', 'Body text.', ''].join('\n');

const scratch = mkdtempSync(join(tmpdir(), 'toml-front-matter-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function problems(raw: string): string[] {
  const result = parseSource(raw, 'posts/x.md');
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.map(formatProblem);
}

describe('TOML front matter between +++ lines', () => {
  it('reads a Hugo post: dates, lists, a table and the body with its first line', () => {
    const raw = toml(
      'title = "Math Typesetting"',
      'date = 2019-03-08T10:04:12+01:00',
      'lastmod = 2019-03-10',
      'tags = ["katex", "math"]',
      'draft = true',
      'aliases = ["/old/math/", "math-old"]',
      '',
      '[author]',
      'name = "Ann Lee"',
    );
    const result = parseSource(raw, 'posts/x.md');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.frontMatter).toMatchObject({
      title: 'Math Typesetting',
      date: new Date('2019-03-08T09:04:12Z'),
      updated: new Date('2019-03-10T00:00:00Z'),
      tags: ['katex', 'math'],
      draft: true,
      author: 'Ann Lee',
      aliases: ['math-old'],
      redirectFrom: ['/old/math/'],
    });
    expect(result.value.body).toBe('\nBody text.\n');
    expect(result.value.bodyLine).toBe(12);
    expect(result.value.warnings).toEqual([]);
  });

  it('reads a local date-time as UTC and keeps fractional seconds', () => {
    const local = parseSource(toml('title = "Hi"', 'date = 2024-03-05T09:30:00'), 'x.md');
    expect(local.ok && local.value.frontMatter.date.toISOString()).toBe('2024-03-05T09:30:00.000Z');
    const fraction = parseSource(toml('title = "Hi"', 'date = 2024-03-05T09:30:00.250Z'), 'x.md');
    expect(fraction.ok && fraction.value.frontMatter.date.toISOString()).toBe('2024-03-05T09:30:00.250Z');
  });

  it('refuses a day that does not exist, which the TOML parser would roll over', () => {
    expect(problems(toml('title = "Hi"', 'date = 2024-02-30'))).toEqual([
      'posts/x.md:3: error: "date" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "2024-02-30")',
    ]);
  });

  it('reports invalid TOML at its file line', () => {
    expect(problems(toml('title = "Hi"', 'date = 2024-03-05', 'tags = = ["a"]'))).toEqual([
      'posts/x.md:4: error: front matter is not valid TOML: invalid value',
    ]);
  });

  it('warns about unknown keys at their line and writes fixes in TOML', () => {
    const result = parseSource(toml('title = "Hi"', 'date = 2024-03-05', 'weight = 5'), 'posts/x.md');
    expect(result.ok && result.value.warnings.map(formatProblem)).toEqual(['posts/x.md:4: warning: unknown front matter key "weight" is ignored']);
    expect(problems(toml('title = "Hi"', 'date = 2024-03-05', 'draft = "yes"'))).toEqual([
      'posts/x.md:4: error: "draft" must be true or false (got "yes"); write draft = true, without quotes',
    ]);
  });

  it('refuses a block without its closing +++ line', () => {
    expect(problems('+++\ntitle = "Hi"\ndate = 2024-03-05\n\nBody\n')[0]).toBe(
      'posts/x.md:1: error: front matter opened with +++ has no closing +++ line; end the TOML block with a line of just +++',
    );
  });

  it('keeps to the limits of YAML front matter: size, nesting and number of values', () => {
    expect(problems(toml('title = "Hi"', 'date = 2024-03-05', `description = "${'x'.repeat(70_000)}"`))[0]).toMatch(/^posts\/x\.md:1: error: front matter is 68 KB; at most 64 KB is read/);
    expect(problems(toml('title = "Hi"', `x = ${'['.repeat(40)}${']'.repeat(40)}`))[0]).toMatch(/not valid TOML: document contains excessively nested structures/);
    expect(problems(toml('title = "Hi"', `x.${'a.'.repeat(20)}b = 1`))[0]).toMatch(/more than 16 levels deep/);
    expect(problems(toml('title = "Hi"', `x = [${'1,'.repeat(12_000)}]`))[0]).toMatch(/more than 10,000 values/);
  });

  it('refuses an unsafe key instead of reading it', () => {
    expect(problems(toml('title = "Hi"', 'date = 2024-03-05', '__proto__ = "x"'))).toEqual([
      'posts/x.md:4: error: front matter is not valid TOML: document contains an unsafe property',
    ]);
  });
});

describe('other front matter languages', () => {
  it('refuses JSON front matter, saying to write YAML or TOML', () => {
    const raw = '{\n  "title": "Hi",\n  "date": "2024-03-05"\n}\n\nBody\n';
    expect(problems(raw)).toEqual([
      'posts/x.md:1: error: JSON front matter ({ … }) is not read: write it as YAML between --- lines, or as TOML between +++ lines',
    ]);
  });

  it('still refuses ---js and runs nothing in it', () => {
    const marker = join(scratch, 'ran');
    const raw = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') || 'T', date: '2024-01-01' }\n---\nBody\n`;
    expect(problems(raw)[0]).toContain('is not read: only YAML front matter is, or TOML between +++ lines');
    expect(existsSync(marker)).toBe(false);
  });
});
