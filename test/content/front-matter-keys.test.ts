import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedSource } from '../../src/content/front-matter.js';
import { FRONT_MATTER_KEYS, SYNONYMS } from '../../src/content/front-matter-schema.js';
import { formatProblem, type ContentProblem } from '../../src/errors.js';

const yaml = (...lines: string[]) => ['---', ...lines, '---', '', 'Body.', ''].join('\n');

function parsed(raw: string, file = 'posts/x.md'): ParsedSource {
  const result = parseSource(raw, file);
  if (!result.ok) throw new Error(`expected it to parse, got ${result.problems.map(formatProblem).join('\n')}`);
  return result.value;
}

function errors(raw: string, file = 'posts/x.md'): string[] {
  const result = parseSource(raw, file);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems.filter((p: ContentProblem) => p.severity === 'error').map(formatProblem);
}

const warnings = (raw: string) => parsed(raw).warnings.map(formatProblem);

describe('unknown keys', () => {
  it('gives one warning per unknown key, at its line, without listing the known keys', () => {
    expect(warnings(yaml('title: Hi', 'date: 2024-03-05', 'layout: post', 'toc: true'))).toEqual([
      'posts/x.md:4: warning: unknown front matter key "layout" is ignored',
      'posts/x.md:5: warning: unknown front matter key "toc" is ignored',
    ]);
  });

  it.each([
    ['tittle', 'title'],
    ['Tags', 'tags'],
    ['see-also', 'see_also'],
    ['redirectFrom', 'redirect_from'],
    ['pubdate', 'pubDate'],
    ['descripton', 'description'],
  ])('suggests the key "%s" was meant to be: "%s"', (written, meant) => {
    const [warning] = warnings(yaml('title: Hi', 'date: 2024-03-05', `${written}: x`));
    expect(warning).toBe(`posts/x.md:4: warning: unknown front matter key "${written}" is ignored; did you mean "${meant}"?`);
  });

  it('takes the known keys and synonyms from the one schema', () => {
    expect(FRONT_MATTER_KEYS).toEqual(expect.arrayContaining(['title', 'date', 'redirect_from', 'categories', 'permalink', 'url', ...Object.keys(SYNONYMS)]));
    const raw = yaml('title: Hi', ...FRONT_MATTER_KEYS.filter((k) => k !== 'title').map((k) => `${k}:`));
    expect(parsed(raw, '2024-03-05-x.md').warnings).toEqual([]);
  });
});

describe('synonyms', () => {
  it('reads pubDate, lastmod, summary and heroImage when the main keys are absent', () => {
    const { frontMatter } = parsed(yaml('title: Hi', 'pubDate: 2024-03-05', 'lastmod: 2024-04-01', 'summary: Short', 'heroImage: /hero.jpg'));
    expect(frontMatter).toMatchObject({ date: new Date('2024-03-05T00:00:00Z'), updated: new Date('2024-04-01T00:00:00Z'), description: 'Short', image: '/hero.jpg' });
  });

  it.each([['publishDate', 'date'], ['updatedDate', 'updated'], ['modified', 'updated']])('reads %s as %s', (key, main) => {
    const dated = main === 'date' ? [] : ['date: 2020-01-01'];
    const { frontMatter } = parsed(yaml('title: Hi', ...dated, `${key}: 2024-03-05T10:00:00Z`));
    expect(frontMatter[main as 'date' | 'updated']?.toISOString()).toBe('2024-03-05T10:00:00.000Z');
  });

  it('keeps the main key when both are written, and warns at the synonym that it is ignored', () => {
    const { frontMatter, warnings: found } = parsed(yaml('title: Hi', 'date: 2024-03-05', 'pubDate: 2020-01-01', 'description: Kept', 'excerpt: Dropped'));
    expect(frontMatter.date.toISOString()).toBe('2024-03-05T00:00:00.000Z');
    expect(frontMatter.description).toBe('Kept');
    expect(found.map(formatProblem)).toEqual([
      'posts/x.md:4: warning: "pubDate" is ignored because "date" is set; keep only one of them',
      'posts/x.md:6: warning: "excerpt" is ignored because "description" is set; keep only one of them',
    ]);
  });

  it('checks a synonym under its own name', () => {
    expect(errors(yaml('title: Hi', 'pubDate: 2024-02-30'))).toEqual([
      'posts/x.md:3: error: "pubDate" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "2024-02-30")',
    ]);
  });

  it('reads published: false as a draft and published: true as not one', () => {
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'published: false')).frontMatter.draft).toBe(true);
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'published: true')).frontMatter.draft).toBe(false);
    const both = parsed(yaml('title: Hi', 'date: 2024-03-05', 'draft: false', 'published: false'));
    expect(both.frontMatter.draft).toBe(false);
    expect(both.warnings.map((w) => w.message)).toEqual(['"published" is ignored because "draft" is set; keep only one of them']);
  });

  it('reads cover and featured_image as the image, from text or from a map with image or src', () => {
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'featured_image: /a.jpg')).frontMatter.image).toBe('/a.jpg');
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'cover:', '  image: cover.png', '  alt: A view')).frontMatter.image).toBe('cover.png');
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'cover: {src: /c.png}')).frontMatter.image).toBe('/c.png');
    expect(errors(yaml('title: Hi', 'date: 2024-03-05', 'cover: {alt: nothing}'))[0]).toMatch(/^posts\/x\.md:4: error: "cover" must be a file name or URL, or a map/);
  });
});

describe('values written the way other engines write them', () => {
  it.each([
    ['Ann Lee', 'author: Ann Lee'],
    ['Ann Lee', 'author: {name: Ann Lee, email: ann@example.com}'],
    ['Ann and Bo', 'author: [Ann, Bo]'],
    ['Ann, Bo and Cy', 'author: [Ann, {name: Bo}, Cy]'],
  ])('reads the author %j from %j', (name, line) => {
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', line)).frontMatter.author).toBe(name);
  });

  it('refuses an author map without a name, saying what to write', () => {
    expect(errors(yaml('title: Hi', 'date: 2024-03-05', 'author: {email: ann@example.com}'))[0]).toContain('"author" must be a name, a list of names, or a map with a name');
  });

  it('reads a single tag or category as one, and splits them at commas', () => {
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'tags: news')).frontMatter.tags).toEqual(['news']);
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'tags: news, local events', 'categories: [Notes]')).frontMatter.tags).toEqual(['news', 'local events', 'Notes']);
  });

  it('reads single aliases and redirect_from entries as one, and sorts paths from slugs', () => {
    const { frontMatter } = parsed(yaml('title: Hi', 'date: 2024-03-05', 'aliases: [old-title, /2019/05/old/]', 'redirect_from: /?p=12', 'permalink: /blog/hi.html'));
    expect(frontMatter.aliases).toEqual(['old-title']);
    expect(frontMatter.redirectFrom).toEqual(['/?p=12', '/2019/05/old/', '/blog/hi.html']);
    expect(parsed(yaml('title: Hi', 'date: 2024-03-05', 'aliases: old-title')).frontMatter.aliases).toEqual(['old-title']);
  });

  it('refuses an absolute URL where a path is meant, naming the path to write', () => {
    expect(errors(yaml('title: Hi', 'date: 2024-03-05', 'url: https://old.example/x/'))).toEqual([
      'posts/x.md:4: error: "url" names the old site\'s address "https://old.example/x/"; write its path on this site instead: /x/',
    ]);
    expect(errors(yaml('title: Hi', 'date: 2024-03-05', 'aliases: [https://old.example/y/?p=1]'))[0]).toContain('write its path on this site instead: /y/?p=1');
  });

  it('refuses an alias that is neither a slug nor a path', () => {
    expect(errors(yaml('title: Hi', 'date: 2024-03-05', 'aliases: [Old Title]'))[0]).toContain('"aliases" may hold only slugs');
  });

  it.each([
    ['draft: "true"', 'write draft: true, without quotes'],
    ['draft: no', 'write draft: false, without quotes'],
    ['comments: maybe', 'write comments: true or comments: false, without quotes'],
  ])('keeps true/false strict and says exactly what to write instead of %s', (line, fix) => {
    const [error] = errors(yaml('title: Hi', 'date: 2024-03-05', line));
    expect(error).toContain('must be true or false');
    expect(error).toContain(fix);
  });
});

describe('the date', () => {
  it('comes from the file name when front matter has none', () => {
    expect(parsed(yaml('title: Hi'), '2016-10-06-title.md').frontMatter.date.toISOString()).toBe('2016-10-06T00:00:00.000Z');
    expect(parsed(yaml('title: Hi'), '2016-10-06-title/index.md').frontMatter.date.toISOString()).toBe('2016-10-06T00:00:00.000Z');
  });

  it('is the one front matter gives, even when the file name starts with another', () => {
    expect(parsed(yaml('title: Hi', 'date: 2020-01-02 08:00'), '2016-10-06-title.md').frontMatter.date.toISOString()).toBe('2020-01-02T08:00:00.000Z');
  });

  it('is still required when neither gives one, and the message says both ways to give it', () => {
    expect(errors(yaml('title: Hi'), 'title.md')).toEqual([
      'title.md:1: error: "date" is required, e.g. date: 2024-03-05, or a file name that starts with the date: 2024-03-05-<slug>.md',
    ]);
    expect(errors(yaml('title: Hi'), '2016-02-30-title.md')[0]).toContain('"date" is required');
  });

  it.each([
    ['2014-12-17 11:16:21 -0800', '2014-12-17T19:16:21.000Z'],
    ['2014-12-17 11:16', '2014-12-17T11:16:00.000Z'],
    ['2024-03-05T09:30:00.123456Z', '2024-03-05T09:30:00.123Z'],
    ['2024-03-05T09:30:00+0100', '2024-03-05T08:30:00.000Z'],
    ['2024-03-05T09:30:00+01:00', '2024-03-05T08:30:00.000Z'],
  ])('reads the unquoted date %s', (written, iso) => {
    expect(parsed(yaml('title: Hi', `date: ${written}`)).frontMatter.date.toISOString()).toBe(iso);
  });

  it.each(['2024-02-30', '2024-13-45', '2024-02-30 10:00:00 +0100'])('refuses %s, which js-yaml would roll over', (written) => {
    expect(errors(yaml('title: Hi', `date: ${written}`))).toEqual([
      `posts/x.md:3: error: "date" must be a date like 2024-03-05 or 2024-03-05T09:30:00+01:00 (got "${written}")`,
    ]);
  });
});
