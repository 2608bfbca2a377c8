import { codeBlock, htmlBlock, placed, vimeoId, vimeoIframe, youtubeId, youtubeIframe, type Block, type BodyContext } from './body-context.js';
import { codeRanges, codeSpan, isInCode, lineAt } from './code-regions.js';
import { escapeHtml } from '../escape-html.js';

/**
 * Hugo shortcodes in Markdown bodies (gohugo.io/content-management/shortcodes). The built-in ones
 * become what this blog renders: figure → <figure>, youtube/vimeo → the allowed iframes, highlight
 * → fenced code, ref/relref → /articles/<slug>, details → <details>, gist/tweet/instagram → a link
 * (their scripts are not allowed). Others are removed, keeping the text between an opening and a
 * closing shortcode, and reported. A shortcode written in Hugo's comment form (`{{</*` … `*` `/>}}`)
 * is shown as text, as Hugo shows it.
 */

interface Token {
  readonly start: number;
  readonly end: number;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly comment: boolean;
  readonly name: string;
  readonly positional: readonly string[];
  readonly named: Readonly<Record<string, string>>;
  readonly raw: string;
  readonly inner: string;
}

// Bounded: an unclosed `{{<` costs one short scan.
const SHORTCODE = /\{\{([<%])(\/\*)?([\s\S]{0,600}?)(\*\/)?\s*([>%])\}\}/g;
const ARG = /([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)|("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+)/g;
const MAX_SHORTCODES = 5000;

const unquote = (v: string) => (/^".*"$/s.test(v) ? v.slice(1, -1).replace(/\\(.)/g, '$1') : /^`.*`$/s.test(v) ? v.slice(1, -1) : v);

function tokensOf(text: string): Token[] {
  const code = codeRanges(text);
  const tokens: Token[] = [];
  for (const m of text.matchAll(SHORTCODE)) {
    if (tokens.length >= MAX_SHORTCODES) break;
    if (isInCode(code, m.index)) continue;
    let inner = (m[3] ?? '').trim();
    const closing = inner.startsWith('/');
    if (closing) inner = inner.slice(1).trim();
    const selfClosing = inner.endsWith('/');
    if (selfClosing) inner = inner.slice(0, -1).trim();
    const name = /^[\w./-]+/.exec(inner)?.[0] ?? '';
    const positional: string[] = [];
    const named: Record<string, string> = {};
    for (const a of inner.slice(name.length).matchAll(ARG)) {
      if (a[1] !== undefined) named[a[1]] = unquote(a[2] ?? '');
      else positional.push(unquote(a[3] ?? ''));
    }
    tokens.push({ start: m.index, end: m.index + m[0].length, closing, selfClosing, comment: m[2] !== undefined, name, positional, named, raw: m[0], inner: m[3] ?? '' });
  }
  return tokens;
}

/** The closing token of `tokens[i]`, counting nested shortcodes of the same name. */
function closerOf(tokens: readonly Token[], i: number): number {
  const open = tokens[i];
  if (!open || open.closing || open.selfClosing || open.comment) return -1;
  let depth = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (!t || t.comment || t.name !== open.name) continue;
    if (!t.closing && !t.selfClosing) depth++;
    else if (t.closing && depth-- === 0) return j;
  }
  return -1;
}

const arg = (t: Token, key: string, index?: number) => t.named[key] ?? (index === undefined ? undefined : t.positional[index]);

function figure(t: Token): Block {
  const src = arg(t, 'src', 0) ?? '';
  const alt = arg(t, 'alt') ?? '';
  const caption = [arg(t, 'title'), arg(t, 'caption'), arg(t, 'attr')].filter(Boolean).join(' — ');
  let img = `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
  const link = arg(t, 'link');
  if (link) img = `<a href="${escapeHtml(link)}">${img}</a>`;
  return htmlBlock(`<figure>\n${img}${caption ? `\n<figcaption>${escapeHtml(caption)}</figcaption>` : ''}\n</figure>`);
}

function fence(lang: string, code: string): Block {
  const longest = Math.max(2, ...(code.match(/`{3,}/g) ?? []).map((r) => r.length));
  const marker = '`'.repeat(longest + 1);
  return codeBlock(`${marker}${lang}\n${code.replace(/^[ \t]*\n|\n[ \t]*$/g, '')}\n${marker}`);
}

/** One shortcode (with the text between it and its closing one, already converted) as Markdown. */
function convertOne(t: Token, inner: string | undefined, rawInner: string | undefined, line: number, ctx: BodyContext): string | Block {
  const link = (label: string, url: string, what: string) => {
    ctx.problem(line, `{{< ${t.name} >}} became a link to ${url}: ${what}, and articles here run no scripts`, false);
    return `[${label}](${url})`;
  };
  switch (t.name) {
    case 'figure':
      return figure(t);
    case 'youtube': {
      const id = youtubeId(arg(t, 'id', 0) ?? '');
      if (id) return htmlBlock(youtubeIframe(id, arg(t, 'title') ?? 'YouTube video'));
      break;
    }
    case 'vimeo': {
      const id = vimeoId(arg(t, 'id', 0) ?? '');
      if (id) return htmlBlock(vimeoIframe(id, arg(t, 'title') ?? 'Vimeo video'));
      break;
    }
    case 'highlight':
      if (rawInner !== undefined) return fence(arg(t, 'lang', 0) ?? '', rawInner);
      break;
    case 'ref':
    case 'relref': {
      const target = arg(t, 'path', 0) ?? '';
      const [path = '', anchor] = target.split('#');
      const url = path ? ctx.resolvePost(`ref:${path}`) : '';
      if (url !== undefined) return `${url}${anchor ? `#${anchor}` : ''}`;
      ctx.problem(line, `{{< ${t.name} "${target}" >}} names no imported page; the link now points nowhere: write /articles/<slug> of the page meant`, true);
      return '#';
    }
    case 'details':
      if (inner !== undefined) {
        const open = /^(true|open)$/i.test(arg(t, 'open') ?? '') ? ' open' : '';
        return htmlBlock(`<details${open}>\n<summary>${escapeHtml(arg(t, 'summary', 0) ?? 'Details')}</summary>\n\n${inner.trim()}\n\n</details>`);
      }
      break;
    case 'comment':
      if (inner !== undefined) return inner.replace(/[^\n]/g, '');
      break;
    case 'gist': {
      const user = arg(t, 'user', 0);
      const id = arg(t, 'id', 1);
      if (user && id) return link(`Gist ${user}/${id}${arg(t, 'file', 2) ? ` (${arg(t, 'file', 2)})` : ''}`, `https://gist.github.com/${encodeURIComponent(user)}/${encodeURIComponent(id)}`, 'a gist is shown by a script');
      break;
    }
    case 'tweet':
    case 'x': {
      const id = arg(t, 'id', t.positional.length > 1 ? 1 : 0);
      const user = arg(t, 'user', t.positional.length > 1 ? 0 : undefined) ?? 'i';
      if (id && /^\d+$/.test(id)) return link('Post on X', `https://x.com/${encodeURIComponent(user)}/status/${id}`, 'a post on X is shown by a script');
      break;
    }
    case 'instagram': {
      const id = arg(t, 'id', 0);
      if (id && /^[\w-]+$/.test(id)) return link('Post on Instagram', `https://www.instagram.com/p/${id}/`, 'an Instagram post is shown by a script');
      break;
    }
  }
  const kept = inner !== undefined ? ' (the text between it and its closing shortcode is kept)' : '';
  ctx.problem(line, `shortcode {{< ${t.name} >}} was removed: it is not one of Hugo's built-in shortcodes this import converts${kept}; write what it showed into the article`, true);
  return inner ?? '';
}

/** Converts the Hugo shortcodes of a Markdown body; see the module comment. */
export function convertHugoShortcodes(markdown: string, ctx: BodyContext, firstLine = ctx.firstLine): string {
  const tokens = tokensOf(markdown);
  const code = codeRanges(markdown);
  let out = '';
  let last = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.start < last) continue;
    out += markdown.slice(last, t.start);
    const line = lineAt(markdown, t.start, firstLine);
    if (t.comment) {
      // {{</* x */>}} shows `{{< x >}}`: in prose as a code span, so nothing reads it as a shortcode.
      const shown = t.raw.replace(/^\{\{([<%])\/\*\s*/, '{{$1 ').replace(/\s*\*\/\s*([>%])\}\}$/, ' $1}}');
      out += isInCode(code, t.start) ? shown : codeSpan(shown);
      last = t.end;
      continue;
    }
    if (t.closing) {
      ctx.problem(line, `{{< /${t.name} >}} closes a shortcode that was never opened; it was removed`, false);
      last = t.end;
      continue;
    }
    const close = closerOf(tokens, i);
    const closer = close >= 0 ? tokens[close] : undefined;
    if (closer) {
      const rawInner = markdown.slice(t.end, closer.start);
      const inner = t.name === 'highlight' ? rawInner : convertHugoShortcodes(rawInner, ctx, lineAt(markdown, t.end, firstLine));
      out += placed(convertOne(t, inner, rawInner, line, ctx), markdown, t.start, closer.end);
      last = closer.end;
    } else {
      out += placed(convertOne(t, undefined, undefined, line, ctx), markdown, t.start, t.end);
      last = t.end;
    }
  }
  return out + markdown.slice(last);
}
