import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareArticle } from '../../src/content/build-article.js';
import { parseSource } from '../../src/content/front-matter.js';
import { loadArticles } from '../../src/content/load-articles.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { article, contentDir } from '../helpers/content-dir.js';

const scratch = mkdtempSync(join(tmpdir(), 'front-matter-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const problemsOf = (raw: string) => {
  const result = parseSource(raw, 'posts/x.md');
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
};

function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i += 1) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n');
}

describe('front matter is data', () => {
  it.each(['---js', '---javascript', '--- js', '---coffee', '---json'])('refuses a block opened with "%s" and runs nothing in it', (fence) => {
    const marker = join(scratch, `ran-${fence.replace(/\W/g, '')}`);
    const raw = `${fence}\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'x') || 'T', date: '2024-01-01' }\n---\nBody\n`;
    const [problem, ...rest] = problemsOf(raw);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', file: 'posts/x.md', line: 1 });
    expect(problem!.message).toContain(`"---${fence.slice(3).trim()}" is not read: only YAML front matter is`);
    expect(existsSync(marker)).toBe(false);
  });

  it('still reads a block opened with ---yaml, and a file starting with a byte order mark', () => {
    for (const raw of ['---yaml\ntitle: Hi\ndate: 2024-01-01\n---\nBody\n', '\uFEFF---\ntitle: Hi\ndate: 2024-01-01\n---\nBody\n']) {
      const result = parseSource(raw, 'x.md');
      expect(result.ok && result.value.frontMatter.title).toBe('Hi');
    }
  });

  it('refuses an alias bomb as one error at the line of its first alias', () => {
    const problems = problemsOf(`---\ntitle: Hi\ndate: 2024-01-01\n${aliasBomb(9)}\n---\nBody\n`);
    expect(problems).toEqual([{ severity: 'error', file: 'posts/x.md', line: 5, message: expect.stringMatching(/more than 10,000 values once its YAML aliases/) }]);
  });

  it('keeps aliases that stand for a few values', () => {
    const result = parseSource('---\ntitle: &t Hello\ndate: 2024-01-01\ndescription: *t\ntags: &tags [a, b]\nsee_also: *tags\n---\nBody\n', 'x.md');
    expect(result.ok && result.value.frontMatter.description).toBe('Hello');
    expect(result.ok && result.value.frontMatter.seeAlso).toEqual(['a', 'b']);
  });

  it('refuses an alias that contains itself, and nesting deeper than any front matter needs', () => {
    expect(problemsOf('---\ntitle: &t [*t]\ndate: 2024-01-01\n---\n')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/refers to itself/) });
    expect(problemsOf(`---\ntitle: Hi\ndate: 2024-01-01\ntags: ${'['.repeat(40)}${']'.repeat(40)}\n---\n`)[0]!.message).toMatch(/more than 16 levels deep/);
    expect(problemsOf(`---\ntitle: Hi\ndate: 2024-01-01\ntags: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\n`)[0]).toMatchObject({ severity: 'error', file: 'posts/x.md' });
  });

  it('refuses front matter over 64 KB before parsing it, naming the likely cause', () => {
    const [problem] = problemsOf(`---\ntitle: Hi\ndate: 2024-01-01\ndescription: "${'x'.repeat(70_000)}"\n---\nBody\n`);
    expect(problem).toMatchObject({ line: 1, message: expect.stringMatching(/at most 64 KB is read. Is its closing --- line missing\?/) });
  });

  it('refuses a source file over 4 MB as one error, without reading its front matter', () => {
    const result = prepareArticle({ file: 'huge.md', raw: article({ title: 'Huge', date: '2024-01-01' }, 'word '.repeat(900_000)), assets: new Map() });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([{ severity: 'error', file: 'huge.md', line: 1, message: expect.stringMatching(/articles of at most 4 MB are read/) }]);
  });

  it('loads every other article when one file is an alias bomb or runs code', async () => {
    const dir = contentDir({
      'a-good.md': article({ title: 'Good', date: '2024-01-01' }),
      'bomb.md': `---\ntitle: Bomb\ndate: 2024-01-01\n${aliasBomb(8)}\n---\nBody\n`,
      'evil.md': `---js\n{ title: 'Evil', date: '2024-01-01' }\n---\nBody\n`,
      'z-good.md': article({ title: 'Also good', date: '2024-01-02' }),
    });
    const loaded = await loadArticles(dir, createMarkdownRenderer());
    expect(loaded.articles.map((a) => a.slug).sort()).toEqual(['a-good', 'z-good']);
    expect(loaded.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['bomb.md:5', 'evil.md:1']);
  });
});
