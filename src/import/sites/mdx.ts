import { htmlBlock, placed, vimeoId, vimeoIframe, youtubeId, youtubeIframe, type Block, type BodyContext } from './body-context.js';
import { codeRanges, isInCode, replaceOutsideCode } from './code-regions.js';
import { escapeHtml } from '../escape-html.js';

/**
 * MDX bodies (Astro, Gatsby, Next.js) read as Markdown: `import`/`export` statements are removed,
 * the common components become what the blog renders (YouTube/Vimeo → the allowed iframes, Image →
 * a Markdown image, Callout/Note/Aside → a block quote, Tweet → a link), other components lose
 * their tags and keep their children, and JavaScript expressions in text are removed. Nothing is run.
 */

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;
const ATTRS = String.raw`((?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)`;
const SELF_CLOSING = new RegExp(`<([A-Z][\\w.]*)${ATTRS}\\s*\\/>`, 'g');
const PAIRED = new RegExp(`<([A-Z][\\w.]*)${ATTRS}\\s*>((?:(?!<\\/?[A-Z])[\\s\\S])*?)<\\/\\1\\s*>`, 'g');
const ORPHAN = /<\/?([A-Z][\w.]*)[^<>]*>|<\/?>/g;
const HTML_WITH_EXPRESSION = /<([a-z][\w-]*)((?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}))?)*)\s*(\/?)>/g;
const EXPRESSION = /(?<!\\)\{(?!\s*\/\*)([^{}\n]*)\}/g;
const JSX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;
const MAX_PASSES = 50;

const YOUTUBE = /^(YouTube|Youtube|YouTubeEmbed|YoutubeEmbed|LiteYouTube|LiteYouTubeEmbed|LiteYoutubeEmbed)$/;
const VIMEO = /^(Vimeo|VimeoEmbed|LiteVimeo)$/;
const IMAGE = /^(Image|Img|Picture|ResponsiveImage|ExportedImage|NextImage)$/;
const CALLOUT = /^(Callout|Note|Aside|Admonition|Alert|Tip|Warning|Info|Notice|Caution)$/;
const TWEET = /^(Tweet|TweetEmbed|XEmbed|StaticTweet)$/;

type Attributes = Record<string, string | undefined>;

/** Attribute values: strings as written, `{"text"}` and `{42}` as their text, an imported image as its path. */
function attributesOf(text: string, images: ReadonlyMap<string, string>): Attributes {
  const attrs: Attributes = {};
  for (const m of text.matchAll(/([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{((?:[^{}]|\{[^{}]*\})*)\}))?/g)) {
    const name = m[1] ?? '';
    if (m[2] !== undefined || m[3] !== undefined) { attrs[name] = m[2] ?? m[3]; continue; }
    const expr = m[4]?.trim();
    if (expr === undefined) { attrs[name] = 'true'; continue; }
    const literal = /^(["'`])(.*)\1$/s.exec(expr)?.[2] ?? (/^-?\d+(\.\d+)?$/.test(expr) ? expr : undefined);
    attrs[name] = literal ?? images.get(expr.replace(/\.src$/, ''));
  }
  return attrs;
}

const first = (a: Attributes, keys: readonly string[]) => keys.map((k) => a[k]).find((v) => v !== undefined && v !== '');

/** Removes import/export statements (keeping line numbers) and returns the images imported by name. */
function removeModuleStatements(markdown: string, ctx: BodyContext): { text: string; images: Map<string, string> } {
  const images = new Map<string, string>();
  const code = codeRanges(markdown);
  const lines = markdown.split('\n');
  let offset = 0;
  let open: { kind: 'import' | 'export'; depth: number; start: number } | undefined;
  lines.forEach((line, i) => {
    const at = offset;
    offset += line.length + 1;
    if (!open) {
      const m = /^(import|export)\b/.exec(line);
      if (!m || isInCode(code, at)) return;
      open = { kind: m[1] as 'import' | 'export', depth: 0, start: i };
    }
    open.depth += (line.match(/[{([]/g)?.length ?? 0) - (line.match(/[})\]]/g)?.length ?? 0);
    const statement = lines.slice(open.start, i + 1).join(' ');
    const done = open.kind === 'import'
      ? /from\s*["'][^"']+["']\s*;?\s*$|^import\s*["'][^"']+["']\s*;?\s*$/.test(statement)
      : open.depth <= 0 && !/[=,(+\-*/:?&|]\s*$/.test(line);
    if (!done && i - open.start < 200) return;
    const image = /^import\s+(\w+)\s+from\s*["']([^"']+)["']/.exec(statement);
    if (image?.[1] && image[2] && IMAGE_FILE.test(image[2])) images.set(image[1], image[2]);
    if (open.kind === 'export') ctx.problem(ctx.firstLine + open.start, `"${lines[open.start]?.slice(0, 60)}" was removed: MDX exports are not run; put values such as a title in front matter`, false);
    for (let j = open.start; j <= i; j++) lines[j] = '';
    open = undefined;
  });
  return { text: lines.join('\n'), images };
}

function quote(label: string, children: string): Block {
  const lines = children.replace(/^\s*\n|\n\s*$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  const body = lines.map((l) => `> ${l.slice(Number.isFinite(indent) ? indent : 0)}`.trimEnd());
  return htmlBlock(`> **${label}**\n>\n${body.join('\n')}`);
}

/** One component as Markdown or allowed HTML; undefined when it has no equivalent. */
function component(name: string, a: Attributes, children: string | undefined): string | Block | undefined {
  if (YOUTUBE.test(name)) {
    const id = youtubeId(first(a, ['id', 'videoId', 'youtubeId', 'youTubeId', 'videoid', 'v', 'url', 'src']) ?? '');
    return id ? htmlBlock(youtubeIframe(id, first(a, ['title', 'playlabel', 'alt']) ?? 'YouTube video')) : undefined;
  }
  if (VIMEO.test(name)) {
    const id = vimeoId(first(a, ['id', 'videoId', 'url', 'src']) ?? '');
    return id ? htmlBlock(vimeoIframe(id, first(a, ['title']) ?? 'Vimeo video')) : undefined;
  }
  if (IMAGE.test(name) || name === 'Figure') {
    const src = first(a, ['src', 'image']);
    if (!src) return undefined;
    const alt = first(a, ['alt']) ?? '';
    const caption = first(a, ['caption', 'title']);
    if (!caption) return `![${alt.replace(/[[\]]/g, '')}](${src.replace(/ /g, '%20')})`;
    return htmlBlock(`<figure>\n<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`);
  }
  if (CALLOUT.test(name) && children !== undefined) {
    const type = first(a, ['title', 'type', 'variant', 'kind']);
    const label = type ?? (name === 'Callout' || name === 'Aside' || name === 'Admonition' ? 'Note' : name);
    return quote(label.charAt(0).toUpperCase() + label.slice(1), children);
  }
  if (TWEET.test(name)) {
    const id = first(a, ['id', 'tweetId']);
    return id && /^\d+$/.test(id) ? `[Post on X](https://x.com/i/status/${id})` : undefined;
  }
  if (name === 'Details' && children !== undefined) {
    return htmlBlock(`<details>\n<summary>${escapeHtml(first(a, ['summary', 'title']) ?? 'Details')}</summary>\n\n${children.trim()}\n\n</details>`);
  }
  return undefined;
}

/** Converts an MDX body to Markdown; see the module comment. */
export function convertMdx(markdown: string, ctx: BodyContext): string {
  const line0 = ctx.firstLine;
  const { text: withoutModules, images } = removeModuleStatements(markdown, ctx);
  let text = replaceOutsideCode(withoutModules, JSX_COMMENT, line0, (m) => m[0].replace(/[^\n]/g, ''));
  const unknown = (name: string, line: number, kept: boolean) =>
    ctx.problem(line, `<${name}> was removed${kept ? ' (its text is kept)' : ''}: MDX components are not run here; write what it showed as Markdown or HTML`, true);
  text = replaceOutsideCode(text, SELF_CLOSING, line0, (m, line) => {
    const out = component(m[1] ?? '', attributesOf(m[2] ?? '', images), undefined);
    if (out === undefined) unknown(m[1] ?? '', line, false);
    else if (TWEET.test(m[1] ?? '')) ctx.problem(line, `<${m[1]}> became a link to the post on X: it is shown by a script, and articles here run no scripts`, false);
    return out === undefined ? '' : placed(out, m.input, m.index, m.index + m[0].length);
  });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    text = replaceOutsideCode(text, PAIRED, line0, (m, line) => {
      changed = true;
      const children = m[3] ?? '';
      const out = component(m[1] ?? '', attributesOf(m[2] ?? '', images), children);
      if (out === undefined) unknown(m[1] ?? '', line, true);
      return out === undefined ? children : placed(out, m.input, m.index, m.index + m[0].length);
    });
    if (!changed) break;
  }
  text = replaceOutsideCode(text, ORPHAN, line0, (m, line) => {
    if (m[1]) unknown(m[1], line, true);
    return '';
  });
  // HTML written the JSX way: className, src={image}, style={{…}}.
  text = replaceOutsideCode(text, HTML_WITH_EXPRESSION, line0, (m, line) => {
    if (!/=\s*\{|className=/.test(m[2] ?? '')) return m[0];
    const attrs = attributesOf(m[2] ?? '', images);
    const kept = Object.entries(attrs).flatMap(([k, v]) => {
      if (v === undefined) {
        ctx.problem(line, `the attribute ${k}={…} of <${m[1]}> was removed: its JavaScript value is not run`, k !== 'style');
        return [];
      }
      return [`${k === 'className' ? 'class' : k === 'htmlFor' ? 'for' : k}="${escapeHtml(v)}"`];
    });
    return `<${m[1]}${kept.length ? ` ${kept.join(' ')}` : ''}${m[3] ? ' /' : ''}>`;
  });
  return replaceOutsideCode(text, EXPRESSION, line0, (m, line) => {
    ctx.problem(line, `{${(m[1] ?? '').slice(0, 50)}} was removed: MDX expressions are not run; write the value itself`, true);
    return '';
  });
}
