import { describe, expect, it } from 'vitest';
import { parseIsoDate, parseSource, type ParsedSource } from '../../src/content/front-matter.js';
import type { ContentProblem } from '../../src/errors.js';

const source = (...lines: string[]) => lines.join('\n');

function parsed(raw: string): ParsedSource {
  const result = parseSource(raw, 'posts/hello.md');
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse, got ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problems(raw: string): readonly ContentProblem[] {
  const result = parseSource(raw, 'posts/hello.md');
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  return result.problems;
}

/** The single error of a rejected source. */
function error(raw: string): ContentProblem {
  const errors = problems(raw).filter((p) => p.severity === 'error');
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('parseSource', () => {
  it('reads every known key of a valid file into typed front matter', () => {
    const value = parsed(source(
      '---',
      'title: Hello, world',
      'date: 2024-03-05',
      'slug: hello-again',
      'description: A first post',
      'tags: [news, "Library Events"]',
      'author: Ann',
      'draft: true',
      'updated: 2024-04-01',
      'see_also: [other-post, Third Post]',
      'image: cover.png',
      'comments: false',
      'aliases: [hello, first-hello]',
      'expires: 2025-01-01',
      '---',
      '',
      'Body text.',
      '',
    ));
    expect(value.frontMatter).toEqual({
      title: 'Hello, world',
      date: new Date('2024-03-05T00:00:00Z'),
      slug: 'hello-again',
      description: 'A first post',
      tags: ['news', 'Library Events'],
      author: 'Ann',
      draft: true,
      updated: new Date('2024-04-01T00:00:00Z'),
      seeAlso: ['other-post', 'Third Post'],
      image: 'cover.png',
      comments: false,
      aliases: ['hello', 'first-hello'],
      expires: new Date('2025-01-01T00:00:00Z'),
      redirectFrom: [],
    });
    expect(value.body).toBe('\nBody text.\n');
    expect(value.warnings).toEqual([]);
  });

  it('defaults tags and see_also to empty lists, draft to false and comments to true', () => {
    const { frontMatter } = parsed(source('---', 'title: Hi', 'date: 2024-03-05', '---', 'Body'));
    expect(frontMatter.tags).toEqual([]);
    expect(frontMatter.seeAlso).toEqual([]);
    expect(frontMatter.draft).toBe(false);
    expect(frontMatter.comments).toBe(true);
    expect(frontMatter).not.toHaveProperty('description');
  });

  it('rejects a file without a title, naming the key and the opening fence line', () => {
    const problem = error(source('---', 'date: 2024-03-05', '---', 'Body'));
    expect(problem).toMatchObject({ severity: 'error', file: 'posts/hello.md', line: 1 });
    expect(problem.message).toContain('"title" is required');
  });

  it('rejects a file without a date, naming the key', () => {
    const problem = error(source('---', 'title: Hi', 'tags: [a]', '---', 'Body'));
    expect(problem).toMatchObject({ severity: 'error', file: 'posts/hello.md', line: 1 });
    expect(problem.message).toContain('"date" is required');
  });

  it('rejects a file with no front matter at all, at line 1, saying how to start one', () => {
    const problem = error(source('# Just Markdown', '', 'Some text.'));
    expect(problem).toMatchObject({ severity: 'error', file: 'posts/hello.md', line: 1 });
    expect(problem.message).toMatch(/no front matter/);
    expect(problem.message).toContain('---');
  });

  it('reports invalid YAML at the file line of the mistake: an unclosed [ on line 4', () => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', 'tags: [news, events', '---', 'Body'));
    expect(problem).toMatchObject({ severity: 'error', file: 'posts/hello.md', line: 4 });
    expect(problem.message).toMatch(/not valid YAML/);
  });

  it('reports invalid YAML in the middle of the block at that line, counting from the file start', () => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', '  author: Ann', 'tags: [a]', '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toMatch(/not valid YAML: .*indentation/);
  });

  it.each([
    ['yesterday', 'date: yesterday'],
    ['a day that does not exist', 'date: 2024-02-30'],
    ['an unquoted date YAML would roll over', 'date: 2024-13-45'],
  ])('rejects %s, naming the key, the value and the line', (_, line) => {
    const problem = error(source('---', 'title: Hi', 'tags: [a]', line, '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toContain('"date" must be a date like 2024-03-05');
    expect(problem.message).toContain(`(got "${line.slice('date: '.length)}")`);
  });

  it('checks updated the same way as date', () => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', 'updated: 2023-02-29', '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toContain('"updated" must be a date');
  });

  it('accepts a date written as a quoted string', () => {
    const { frontMatter } = parsed(source('---', 'title: Hi', 'date: "2024-03-05"', '---', 'Body'));
    expect(frontMatter.date.toISOString()).toBe('2024-03-05T00:00:00.000Z');
  });

  it('reads a date-time with an offset as that instant', () => {
    const { frontMatter } = parsed(source('---', 'title: Hi', 'date: 2024-03-05T09:30:00+01:00', '---', 'Body'));
    expect(frontMatter.date.toISOString()).toBe('2024-03-05T08:30:00.000Z');
  });

  it('ignores a trailing YAML comment after an unquoted date', () => {
    const { frontMatter } = parsed(source('---', 'title: Hi', 'date: 2024-03-05 # publish day', '---', 'Body'));
    expect(frontMatter.date.toISOString()).toBe('2024-03-05T00:00:00.000Z');
  });

  it('rejects draft: yes, which YAML 1.2 reads as text, saying exactly what to write instead', () => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', 'draft: yes', '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toBe('"draft" must be true or false (got "yes"); write draft: true, without quotes');
  });

  it('rejects tags that are neither a list nor text, showing the list form', () => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', 'tags: 2024', '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toContain('"tags" must be a list, e.g. tags: [news, events]');
  });

  it.each(['café-au-lait', 'Hello World', 'double--hyphen', '-leading'])('rejects the slug %j', (slug) => {
    const problem = error(source('---', 'title: Hi', 'date: 2024-03-05', `slug: "${slug}"`, '---', 'Body'));
    expect(problem.line).toBe(4);
    expect(problem.message).toMatch(/"slug" may hold only lowercase letters, digits and single hyphens/);
  });

  it('warns about an unknown key at its line without rejecting the file', () => {
    const value = parsed(source('---', 'title: Hi', 'date: 2024-03-05', 'category: misc', '---', 'Body'));
    expect(value.frontMatter.title).toBe('Hi');
    expect(value.warnings).toHaveLength(1);
    expect(value.warnings[0]).toMatchObject({ severity: 'warning', file: 'posts/hello.md', line: 4 });
    expect(value.warnings[0]!.message).toContain('unknown front matter key "category"');
  });

  it('still reports unknown-key warnings next to the errors of a rejected file', () => {
    const all = problems(source('---', 'title: Hi', 'categroy: misc', 'date: nope', '---', 'Body'));
    expect(all.map((p) => [p.severity, p.line])).toEqual([['error', 4], ['warning', 3]]);
  });

  it('treats a key with an empty value as absent', () => {
    const { frontMatter } = parsed(source('---', 'title: Hi', 'date: 2024-03-05', 'description:', 'tags:', '---', 'Body'));
    expect(frontMatter).not.toHaveProperty('description');
    expect(frontMatter.tags).toEqual([]);
  });

  it('gives the 1-based file line where the body starts', () => {
    const raw = source('---', 'title: Hi', 'date: 2024-03-05', '---', 'First body line', 'Second');
    const { body, bodyLine } = parsed(raw);
    expect(bodyLine).toBe(5);
    expect(raw.split('\n')[bodyLine - 1]).toBe('First body line');
    expect(body.startsWith('First body line')).toBe(true);
  });

  it('counts a blank line after the fence as the first body line', () => {
    const raw = source('---', 'title: Hi', 'date: 2024-03-05', 'tags: [a]', '---', '', 'Text');
    expect(parsed(raw).bodyLine).toBe(6);
  });
});

describe('dates other tools write', () => {
  it("reads Astro's pubDate as its blog template writes it", () => {
    const { frontMatter } = parsed(source('---', 'title: First post', "pubDate: 'Jul 08 2022'", '---', 'Body'));
    expect(frontMatter.date.toISOString()).toBe('2022-07-08T00:00:00.000Z');
  });
});

describe('parseIsoDate', () => {
  it('reads a plain date as midnight UTC', () => {
    expect(parseIsoDate('2024-03-05')?.toISOString()).toBe('2024-03-05T00:00:00.000Z');
  });

  it('reads date-times with Z, with an offset with or without a colon, and with a space separator', () => {
    expect(parseIsoDate('2024-03-05T09:30:00Z')?.toISOString()).toBe('2024-03-05T09:30:00.000Z');
    expect(parseIsoDate('2024-03-05T09:30:00-05:00')?.toISOString()).toBe('2024-03-05T14:30:00.000Z');
    expect(parseIsoDate('2024-03-05T09:30+0100')?.toISOString()).toBe('2024-03-05T08:30:00.000Z');
    expect(parseIsoDate('2024-03-05 09:30')?.toISOString()).toBe('2024-03-05T09:30:00.000Z');
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
  });

  it.each([
    ['Jul 08 2022', '2022-07-08'], // Astro's blog template
    ['July 8, 2022', '2022-07-08'],
    ['5 March 2024', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
  ])('reads the day %j as written by other tools', (text, day) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(`${day}T00:00:00.000Z`);
  });

  it.each(['2024-02-30', '2024-13-01', '2024-00-10', '2024-03-05T24:00', '2024-03-05T09:60', 'yesterday', 'March 45 2024', 'Smarch 5 2024', '2024/02/30', '2024-03-05 09:30 +15:00', ''])(
    'rejects %j',
    (text) => {
      expect(parseIsoDate(text)).toBeUndefined();
    },
  );
});
