import { codeBlock, htmlBlock, placed, vimeoId, vimeoIframe, youtubeId, youtubeIframe, type Block, type BodyContext } from './body-context.js';
import { codeRanges, isInCode, replaceOutsideCode, replacePairs, showTemplateAsCode } from './code-regions.js';

/**
 * Liquid (Jekyll, Eleventy) and Nunjucks (Eleventy) in Markdown bodies. Nothing is run: the tags
 * with a meaning this blog can keep become Markdown (highlight → fenced code, post_url and link →
 * /articles/<slug>, site.baseurl → nothing), `{% raw %}` text is kept as code, and every other
 * tag or output is removed and reported with its line. Template syntax inside code is left as the
 * code it is, except `{% raw %}` markers, which Jekyll removes there too.
 */

const TAG = (name: string) => `\\{%-?\\s*${name}\\b`;
const CLOSE = '\\s*-?%\\}';
const tag = (name: string, flags = 'g') => new RegExp(`${TAG(name)}${CLOSE}`, flags);

const RAW_OPEN = tag('raw');
const RAW_CLOSE = tag('endraw');
const RAW_MARKER = tag('(?:end)?raw');
const HIGHLIGHT_OPEN = new RegExp(`${TAG('highlight')}\\s+["']?([\\w+#.-]*)["']?[^%]{0,200}?-?%\\}[ \\t]*\\n?`, 'g');
const HIGHLIGHT_CLOSE = new RegExp(`\\n?[ \\t]*${TAG('endhighlight')}${CLOSE}`, 'g');
const COMMENT_OPEN = tag('comment');
const COMMENT_CLOSE = tag('endcomment');
const SITE_ROOT = /\{\{-?\s*site\.(?:baseurl|url|github\.url)\s*-?\}\}/g;
const URL_FILTER = /\{\{-?\s*(["'])([^"'{}]*)\1\s*\|\s*(?:relative_url|absolute_url|url|prepend:\s*site\.(?:baseurl|url))\s*-?\}\}/g;
const POST_URL = /\{%-?\s*post_url\s+["']?([^\s"'%]+)["']?\s*-?%\}/g;
const LINK = /\{%-?\s*link\s+["']?([^\s"'%]+)["']?\s*-?%\}/g;
const IMAGE = /\{%-?\s*image\s+(["'])([^"']+)\1\s*,?\s*(?:(["'])([^"']*)\3)?[^%]*?-?%\}/g;
const INCLUDE = /\{%-?\s*(include|include_relative|render)\s+["']?([^\s"'%]+)["']?([^%]{0,500}?)-?%\}/g;
const CLOSER = /\{%-?\s*(?:end\w+|else|elsif\b[^%]{0,500}|when\b[^%]{0,500}|empty)\s*-?%\}/g;
const ANY_TAG = /\{%-?\s*(\w+)[^%]{0,500}?-?%\}/g;
const ANY_OUTPUT = /\{\{-?([\s\S]{0,500}?)-?\}\}/g;

const keepLines = (text: string) => text.replace(/[^\n]/g, '');
const short = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}…` : text).replace(/\s+/g, ' ');

function fence(lang: string, code: string): string {
  const longest = Math.max(2, ...(code.match(/`{3,}/g) ?? []).map((r) => r.length));
  const marker = '`'.repeat(longest + 1);
  return `${marker}${lang}\n${code.replace(RAW_MARKER, '')}\n${marker}`;
}

/** `{% include youtube.html id="…" %}`, the usual way Jekyll themes embed a video, as the blog's iframe. */
function includedVideo(name: string, params: string): Block | undefined {
  const value = /(?:^|\s)(?:id|video_id|youtube_id|vimeo_id)\s*=\s*["']?([^\s"']+)/.exec(params)?.[1] ?? /["']([^"']+)["']/.exec(params)?.[1];
  if (!value) return undefined;
  if (/youtube/i.test(name)) {
    const id = youtubeId(value);
    return id ? htmlBlock(youtubeIframe(id, 'YouTube video')) : undefined;
  }
  if (/vimeo/i.test(name)) {
    const id = vimeoId(value);
    return id ? htmlBlock(vimeoIframe(id, 'Vimeo video')) : undefined;
  }
  return undefined;
}

/** Converts the Liquid and Nunjucks syntax of a Markdown body; see the module comment. */
export function convertLiquid(markdown: string, ctx: BodyContext): string {
  const first = ctx.firstLine;
  let text = replacePairs(markdown, HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE, true, (open, inner, start, end) =>
    placed(codeBlock(fence(open[1] ?? '', inner)), markdown, start, end));
  text = replacePairs(text, COMMENT_OPEN, COMMENT_CLOSE, true, (open, inner) => keepLines(open[0] + inner));
  text = replacePairs(text, /\{#/g, /#\}/g, true, (open, inner) => keepLines(inner));
  // {% raw %}: its text is shown as written. In code it stays code; in prose, the template syntax it
  // shows becomes code spans, so nothing reads it as a template.
  const code = codeRanges(text);
  text = replacePairs(text, RAW_OPEN, RAW_CLOSE, false, (_open, inner, start) => (isInCode(code, start) ? inner : showTemplateAsCode(inner)));
  text = replaceOutsideCode(text, SITE_ROOT, first, () => '');
  text = replaceOutsideCode(text, URL_FILTER, first, (m) => m[2] ?? '');
  text = replaceOutsideCode(text, POST_URL, first, (m, line) => {
    const name = m[1] ?? '';
    const url = ctx.resolvePost(`post_url:${name}`);
    if (url) return url;
    ctx.problem(line, `{% post_url ${name} %} names no post in _posts/; the link now points nowhere: write /articles/<slug> of the post meant`, true);
    return '#';
  });
  text = replaceOutsideCode(text, LINK, first, (m) => {
    const path = (m[1] ?? '').replace(/^\//, '');
    return ctx.resolvePost(`path:${path}`) ?? `/${path}`;
  });
  text = replaceOutsideCode(text, IMAGE, first, (m) => `![${m[4] ?? ''}](${m[2] ?? ''})`);
  text = replaceOutsideCode(text, INCLUDE, first, (m, line) => {
    const video = includedVideo(m[2] ?? '', m[3] ?? '');
    if (video) return placed(video, m.input, m.index, m.index + m[0].length);
    ctx.problem(line, `{% ${m[1]} ${m[2]} %} was removed: templates are not run, so what it showed is missing; write that text or HTML into the article`, true);
    return '';
  });
  text = replaceOutsideCode(text, CLOSER, first, () => '');
  text = replaceOutsideCode(text, ANY_TAG, first, (m, line) => {
    ctx.problem(line, `${short(m[0])} was removed: Liquid and Nunjucks tags are not run (any text between it and its end tag is kept); write the result into the article instead`, true);
    return '';
  });
  return replaceOutsideCode(text, ANY_OUTPUT, first, (m, line) => {
    ctx.problem(line, `${short(m[0])} was removed: template values are not filled in; write the value itself into the article`, true);
    return '';
  });
}
