import { describe, expect, it } from 'vitest';
import type { BodyContext } from '../../src/import/sites/body-context.js';
import { codeRanges } from '../../src/import/sites/code-regions.js';
import { normalizeWrittenDate } from '../../src/import/sites/dates.js';
import { readSourceFrontMatter } from '../../src/import/sites/front-matter-in.js';
import { convertHugoShortcodes } from '../../src/import/sites/hugo-shortcodes.js';
import { convertLiquid } from '../../src/import/sites/liquid.js';
import { convertMdx } from '../../src/import/sites/mdx.js';

function context(posts: Record<string, string> = {}) {
  const problems: string[] = [];
  const ctx: BodyContext = {
    firstLine: 1,
    resolvePost: (reference) => posts[reference],
    problem: (line, message, lost) => problems.push(`${line} ${lost ? 'lost' : 'note'} ${message}`),
  };
  return { ctx, problems };
}

describe('dates as the old site wrote them', () => {
  it('keeps the offset of Jekyll and ISO date-times and leaves a plain date a date', () => {
    expect(normalizeWrittenDate('2014-12-17 11:16:21 -0800')).toBe('2014-12-17T11:16:21-08:00');
    expect(normalizeWrittenDate('2020-02-02 09:05 +0530')).toBe('2020-02-02T09:05:00+05:30');
    expect(normalizeWrittenDate('2020-02-02T09:05:00.123Z')).toBe('2020-02-02T09:05:00Z');
    expect(normalizeWrittenDate('2019-05-01T10:00:00')).toBe('2019-05-01T10:00:00');
    expect(normalizeWrittenDate('2019-05-01')).toBe('2019-05-01');
    expect(normalizeWrittenDate("'2019-5-1'")).toBe('2019-05-01');
  });

  it('reads the month-name dates of blog templates', () => {
    expect(normalizeWrittenDate('Jul 08 2022')).toBe('2022-07-08');
    expect(normalizeWrittenDate('July 8, 2022')).toBe('2022-07-08');
    expect(normalizeWrittenDate('8 July 2022')).toBe('2022-07-08');
    expect(normalizeWrittenDate('2022/07/08')).toBe('2022-07-08');
  });

  it('refuses days that do not exist and text that is not a date', () => {
    expect(normalizeWrittenDate('2019-02-30')).toBeUndefined();
    expect(normalizeWrittenDate('2019-05-01 25:00')).toBeUndefined();
    expect(normalizeWrittenDate('Last Modified')).toBeUndefined();
  });
});

describe('front matter of other tools', () => {
  it('reads TOML between +++ lines, with the line the body starts on', () => {
    const read = readSourceFrontMatter("+++\ntitle = 'T'\ndate = 2019-05-01T10:00:00+02:00\ntags = ['a']\n+++\nBody\n", 'x.md');
    expect(read.ok && read.value.data.title).toBe('T');
    expect(read.ok && read.value.bodyLine).toBe(6);
    expect(read.ok && read.value.body).toBe('Body\n');
  });

  it('names the line of a TOML mistake and refuses front matter that would run code', () => {
    const toml = readSourceFrontMatter("+++\ntitle = 'T'\ndate = = 3\n+++\n", 'x.md');
    expect(toml).toMatchObject({ ok: false, message: expect.stringMatching(/not valid TOML/) });
    const js = readSourceFrontMatter('---js\n{ title: process.exit(1) }\n---\n', 'x.md');
    expect(js).toMatchObject({ ok: false, line: 1, message: expect.stringMatching(/not read/) });
  });

  it('refuses oversized TOML and YAML aliases that expand to too many values', () => {
    const big = readSourceFrontMatter(`+++\ntitle = '${'x'.repeat(70 * 1024)}'\n+++\n`, 'x.md');
    expect(big).toMatchObject({ ok: false, message: expect.stringMatching(/at most 64 KB is read/) });
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), '---', ''].join('\n');
    expect(readSourceFrontMatter(bomb, 'x.md')).toMatchObject({ ok: false });
  });
});

describe('code regions', () => {
  it('finds fenced blocks, inline spans of any length and raw <pre>, and treats an unclosed fence as code to the end', () => {
    const text = 'a `{{ x }}` b ``{% y %}`` c\n\n<pre>{{ z }}</pre>\n\n```\n{{ w }}';
    const ranges = codeRanges(text).map(([s, e]) => text.slice(s, e));
    expect(ranges).toEqual(['`{{ x }}`', '``{% y %}``', '<pre>{{ z }}</pre>', '```\n{{ w }}']);
  });
});

describe('Liquid and Nunjucks', () => {
  it('keeps {% raw %} text literally, escaped in prose and as is in code', () => {
    const { ctx } = context();
    expect(convertLiquid('Say {% raw %}{{ x }} and {% y %}{% endraw %}.', ctx)).toBe('Say `{{ x }}` and `{% y %}`.');
    expect(convertLiquid('{% raw %}Open with {{ and `{{ a }}`{% endraw %}', ctx)).toBe('Open with &#123;{ and `{{ a }}`');
    expect(convertLiquid('```\n{% raw %}{{ x }}{% endraw %}\n```', ctx)).toBe('```\n{{ x }}\n```');
  });

  it('turns highlight with options into a fence, and a fence inside it into a longer one', () => {
    const { ctx } = context();
    expect(convertLiquid('{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}', ctx)).toBe('```ruby\nputs 1\n```');
    expect(convertLiquid('{%- highlight md -%}\n```\nx\n```\n{%- endhighlight -%}', ctx)).toBe('````md\n```\nx\n```\n````');
  });

  it('reports a post_url to a post that is not there and leaves no template syntax', () => {
    const { ctx, problems } = context();
    expect(convertLiquid('[x]({% post_url 2010-01-01-gone %})', ctx)).toBe('[x](#)');
    expect(problems).toEqual([expect.stringMatching(/^1 lost \{% post_url 2010-01-01-gone %\} names no post/)]);
  });

  it('drops comments and tags it cannot run, keeping the text between tags, and reports each with its line', () => {
    const { ctx, problems } = context();
    const out = convertLiquid('a\n{% comment %}secret{% endcomment %}\n{% for x in y %}kept{% endfor %}\n{{ page.title | upcase }}\n{% assign z = 1 %}', ctx);
    expect(out).toBe('a\n\nkept\n\n');
    expect(problems.map((p) => p.slice(0, 7)).sort()).toEqual(['3 lost ', '4 lost ', '5 lost ']);
  });

  it('embeds videos included the usual Jekyll way', () => {
    const { ctx } = context();
    expect(convertLiquid('Watch:\n{% include vimeo.html id="76979871" %}\nEnd', ctx))
      .toBe('Watch:\n\n<iframe src="https://player.vimeo.com/video/76979871" title="Vimeo video"></iframe>\n\nEnd');
  });
});

describe('Hugo shortcodes', () => {
  it('converts shortcodes inside an unknown paired one, keeping its text', () => {
    const { ctx, problems } = context({ 'ref:other.md': '/articles/other' });
    const out = convertHugoShortcodes('{{< box >}}\nSee [o]({{< ref "other.md" >}}).\n{{< /box >}}', ctx);
    expect(out).toBe('\nSee [o](/articles/other).\n');
    expect(problems).toEqual([expect.stringMatching(/^1 lost shortcode \{\{< box >\}\} was removed/)]);
  });

  it('makes details, tweets and missing refs readable, and reports a stray closing shortcode', () => {
    const { ctx, problems } = context();
    expect(convertHugoShortcodes('{{< details summary="More" >}}\nHidden **text**\n{{< /details >}}', ctx))
      .toBe('<details>\n<summary>More</summary>\n\nHidden **text**\n\n</details>');
    expect(convertHugoShortcodes('{{< tweet user="harbourlog" id="1453110110599868418" >}}', ctx)).toBe('[Post on X](https://x.com/harbourlog/status/1453110110599868418)');
    expect(convertHugoShortcodes('[a]({{< relref "nowhere" >}}) {{< /x >}}', ctx)).toBe('[a](#) ');
    expect(problems.map((p) => p.slice(0, 7))).toEqual(['1 note ', '1 lost ', '1 note ']);
  });
});

describe('MDX', () => {
  it('removes multi-line imports and exports without moving the lines after them', () => {
    const { ctx, problems } = context();
    const out = convertMdx('import {\n  A,\n  B,\n} from "x";\nexport const meta = {\n  a: 1,\n};\n\n{oops}', ctx);
    expect(out.split('\n')).toHaveLength(9);
    expect(out.trim()).toBe('');
    expect(problems.map((p) => p.slice(0, 7))).toEqual(['5 note ', '9 lost ']);
  });

  it('converts components nested in others and keeps the children of unknown ones', () => {
    const { ctx, problems } = context();
    const out = convertMdx('<Note>\nWatch <Tabs><Tab>this</Tab></Tabs>:\n\n<YouTube id="dQw4w9WgXcQ" title="A song" />\n</Note>', ctx);
    expect(out).toContain('> **Note**\n>\n> Watch this:\n>\n> <iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="A song"></iframe>');
    expect(problems.filter((p) => p.includes('lost'))).toHaveLength(2);
  });
});
