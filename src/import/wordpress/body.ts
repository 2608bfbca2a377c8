import { autop } from './autop.js';
import { iframeHtml, videoEmbed } from './embeds.js';
import { escapeHtml } from '../escape-html.js';
import { replaceShortcodes, type Shortcode } from './shortcodes.js';

/**
 * One WordPress body → Markdown: block-editor comments dropped, shortcodes turned into the HTML
 * they stood for, video URLs on their own line into players, paragraphs added as WordPress shows
 * them, URLs rewritten, then HTML → Markdown.
 */

export interface Attachment {
  readonly id: string;
  readonly url: string;
  readonly alt: string;
  /** The attachment's caption (its excerpt), HTML. */
  readonly caption: string;
}

export interface BodyContext {
  readonly attachment: (id: string) => Attachment | undefined;
  /** The attachments uploaded to this post, in WordPress's gallery order: what `[gallery]` without ids shows. */
  readonly childAttachments: () => readonly Attachment[];
  readonly rewriteUrl: (url: string, attribute: 'href' | 'src') => string | undefined;
  readonly toMarkdown: (html: string) => string;
  readonly problem: (message: string, lost: boolean) => void;
}

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|svg|bmp|tiff?)$/i;

/** Character references in code that an editor stored escaped. */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0', '#039': "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#039);/gi, (whole, name: string) => {
    if (named[name.toLowerCase()] !== undefined) return named[name.toLowerCase()]!;
    const code = name.startsWith('#x') || name.startsWith('#X') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : NaN;
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function figure(imageHtml: string, captionHtml: string): string {
  return captionHtml.trim()
    ? `\n\n<figure>${imageHtml}<figcaption>${captionHtml.trim()}</figcaption></figure>\n\n`
    : `\n\n<p>${imageHtml}</p>\n\n`;
}

const imageTag = (a: Attachment) => `<img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt)}">`;

function embedHtml(url: string, ctx: BodyContext, what: string): string {
  const embed = videoEmbed(url);
  if (embed) return `\n\n${iframeHtml(embed)}\n\n`;
  if (!/^https?:\/\//i.test(url.trim())) {
    ctx.problem(`${what} without a URL was removed`, true);
    return '';
  }
  ctx.problem(`${what} of ${url.trim()} is now a link: only YouTube and Vimeo players are shown`, false);
  return `\n\n<p><a href="${escapeHtml(url.trim())}">${escapeHtml(url.trim())}</a></p>\n\n`;
}

function convertShortcode(code: Shortcode, ctx: BodyContext, depth: number): string {
  const a = code.attrs;
  const inner = () => replaceShortcodes(code.content ?? '', (c) => convertShortcode(c, ctx, depth + 1), depth + 1);
  switch (code.name) {
    case 'caption':
    case 'wp_caption': {
      const content = inner();
      const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content);
      if (!m) {
        ctx.problem(`[${code.name}] holds no image; its text is kept without the caption frame`, false);
        return content;
      }
      return figure(m[1]!, a.caption ?? m[2] ?? '');
    }
    case 'gallery': {
      const wanted = (a.ids ?? a.include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const excluded = new Set((a.exclude ?? '').split(',').map((s) => s.trim()));
      const images = wanted.length
        ? wanted.flatMap((id) => {
          const found = ctx.attachment(id);
          if (!found) ctx.problem(`[gallery] shows attachment ${id}, which is not in the export`, true);
          return found ? [found] : [];
        })
        : ctx.childAttachments().filter((x) => IMAGE_FILE.test(x.url.replace(/[?#].*$/, '')) && !excluded.has(x.id));
      if (!images.length) {
        ctx.problem('[gallery] has no images in the export; it was removed', true);
        return '';
      }
      return images.map((x) => figure(imageTag(x), x.caption)).join('');
    }
    case 'embed':
      return embedHtml(code.content ?? a.src ?? a['0'] ?? '', ctx, '[embed]');
    case 'youtube':
    case 'vimeo': {
      const value = (a['0'] ?? a.id ?? code.content ?? '').trim();
      const url = /^\d+$/.test(value) && code.name === 'vimeo' ? `https://vimeo.com/${value}`
        : /^[\w-]{11}$/.test(value) ? `https://www.youtube.com/watch?v=${value}` : value;
      return embedHtml(url, ctx, `[${code.name}]`);
    }
    case 'code':
    case 'sourcecode':
    case 'source': {
      const language = (a.lang ?? a.language ?? a['0'] ?? '').toLowerCase().replace(/[^\w+#-]/g, '');
      const text = decodeEntities((code.content ?? '').replace(/^\r?\n|\r?\n$/g, ''));
      return `\n\n<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(text)}</code></pre>\n\n`;
    }
    case 'audio':
    case 'video': {
      const src = a.src ?? a.mp3 ?? a.m4a ?? a.ogg ?? a.wav ?? a.mp4 ?? a.m4v ?? a.webm ?? a.ogv ?? a['0'];
      if (!src) {
        ctx.problem(`[${code.name}] without a file was removed`, true);
        return '';
      }
      ctx.problem(`[${code.name}] of ${src} is now a link to the file`, false);
      const label = `${code.name === 'audio' ? 'Audio' : 'Video'}: ${src.replace(/[?#].*$/, '').replace(/^.*\//, '')}`;
      return `\n\n<p><a href="${escapeHtml(src)}">${escapeHtml(label)}</a></p>\n\n`;
    }
    default: {
      const content = inner();
      const kept = content.trim() !== '';
      ctx.problem(`shortcode [${code.name}] is not supported: it was removed${kept ? ', its text kept' : ' with what it showed'}`, !kept);
      return content;
    }
  }
}

/** Bare URLs on a line of their own, which WordPress turns into embeds: players for videos, links otherwise. */
function lineEmbeds(text: string, ctx: BodyContext): string {
  let inPre = 0;
  return text.split('\n').map((line) => {
    const wasInPre = inPre > 0;
    inPre = Math.max(0, inPre + (line.match(/<pre\b/gi)?.length ?? 0) - (line.match(/<\/pre>/gi)?.length ?? 0));
    const m = /^\s*(https?:\/\/[^\s<>"]+)\s*$/i.exec(line);
    if (wasInPre || !m) return line;
    return embedHtml(m[1]!, ctx, 'the embed');
  }).join('\n');
}

export function convertBody(content: string, ctx: BodyContext): string {
  const blockEditor = /<!--\s*\/?wp:/.test(content);
  const text = content
    .replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '')
    // <!--more--> and <!--nextpage--> split the post on WordPress; here it is one page.
    .replace(/<!--\s*(more|nextpage|noteaser)\b[\s\S]*?-->/gi, '\n\n');
  const expanded = lineEmbeds(replaceShortcodes(text, (code) => convertShortcode(code, ctx, 0)), ctx);
  const html = autop(expanded, { paragraphs: !blockEditor, rewriteUrl: ctx.rewriteUrl });
  return ctx.toMarkdown(html);
}
