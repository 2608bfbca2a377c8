import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/content/front-matter.js';
import { articleFile, yamlString } from '../../src/import/front-matter-out.js';
import type { ImportedPost } from '../../src/import/model.js';

const post = (over: Partial<ImportedPost> = {}): ImportedPost => ({
  kind: 'post',
  source: 'WordPress post 7',
  slug: 'hello',
  title: 'Hello',
  date: '2019-05-03T10:00:00+02:00',
  status: 'published',
  tags: [],
  markdown: 'Some words.',
  assets: [],
  redirectFrom: [],
  comments: [],
  commentsOpen: true,
  ...over,
});

/** The article as the blog itself reads the written file. */
function readBack(p: ImportedPost) {
  const parsed = parseSource(articleFile(p), 'hello/index.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((x) => x.message).join('; '));
  return parsed.value;
}

describe('articleFile', () => {
  it.each([
    ['a colon and quotes', 'Communication: "Trust" & \'Part 2\''],
    ['a YAML comment sign and a leading dash', '- # not a comment'],
    ['words YAML would read as values', 'yes'],
    ['a number', '2019'],
    ['a date', '2019-05-03'],
    ['unicode from several scripts and an emoji', 'Café über 東京 Ελληνικά 🎉'],
    ['a fence line', '---'],
    ['backslashes and braces', 'C:\\path {{ not a template }} [x]'],
    ['a tab and a line separator', 'a\tb\u2028c'],
    ['a control character', 'bell\u0007 and del\u007f'],
    ['a very long title', 'Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu '.repeat(3).trim()],
  ])('title with %s is read back unchanged', (_case, title) => {
    expect(readBack(post({ title })).frontMatter.title).toBe(title);
  });

  it('writes every key the blog reads back identically', () => {
    const value = readBack(post({
      description: 'The garden is open: "come" #1',
      tags: ['News', 'yes', '2019', 'a, b'],
      author: 'Ann: Archivist',
      image: 'cover.gif',
      commentsOpen: false,
      redirectFrom: ['/2019/05/reading-garden/', '/?p=10', '/greek/%ce%b5/'],
      updated: '2019-06-01T09:00:00+02:00',
    }));
    expect(value.frontMatter).toMatchObject({
      title: 'Hello',
      description: 'The garden is open: "come" #1',
      tags: ['News', 'yes', '2019', 'a, b'],
      author: 'Ann: Archivist',
      image: 'cover.gif',
      comments: false,
      draft: false,
      redirectFrom: ['/2019/05/reading-garden/', '/?p=10', '/greek/%ce%b5/'],
    });
    expect(value.frontMatter.date.toISOString()).toBe('2019-05-03T08:00:00.000Z');
    expect(value.frontMatter.updated?.toISOString()).toBe('2019-06-01T07:00:00.000Z');
    expect(value.warnings).toEqual([]);
    expect(value.body.trim()).toBe('Some words.');
  });

  it.each([['draft', true], ['private', true], ['scheduled', false], ['published', false]] as const)('a %s post has draft: %s', (status, draft) => {
    expect(readBack(post({ status })).frontMatter.draft).toBe(draft);
  });

  it('writes a post with an empty body as front matter alone', () => {
    expect(readBack(post({ markdown: '' })).body.trim()).toBe('');
  });
});

describe('yamlString', () => {
  it('escapes characters YAML refuses or reads as line breaks', () => {
    expect(yamlString('a\u2028b\u0085c')).toBe('"a\\u2028b\\u0085c"');
  });
});
