import { escapeHtml } from '../escape-html.js';

/** What a body conversion needs from the rest of the import. */
export interface BodyContext {
  /** File line of the body's first line, so problems name the line in the source file. */
  readonly firstLine: number;
  /** `/articles/<slug>` of another post, from how the tool names it (`post_url` name, `ref` path…); undefined when not imported. */
  resolvePost(reference: string): string | undefined;
  /** Something not brought over as it was: `lost` when readers of the old site saw something the new one will not show. */
  problem(line: number, message: string, lost: boolean): void;
}

/** Converted text that must stand on lines of its own: an HTML block (blank lines around) or a code fence. */
export interface Block {
  readonly block: string;
  readonly blank: boolean;
}

export const htmlBlock = (html: string): Block => ({ block: html, blank: true });
export const codeBlock = (fence: string): Block => ({ block: fence, blank: false });

/** A conversion's result put in place of `text.slice(start, end)`. */
export const placed = (out: string | Block, text: string, start: number, end: number) =>
  (typeof out === 'string' ? out : onOwnLines(out.block, text, start, end, out.blank));

/**
 * `block` in place of `text.slice(start, end)`, on lines of its own: with a blank line on each side
 * when `blank` (an HTML block), else just its own lines (a code fence). Line breaks are added only
 * where missing, so the lines after it keep their numbers in the usual case of a tag on its own line.
 */
export function onOwnLines(block: string, text: string, start: number, end: number, blank = true): string {
  const lineStart = start === 0 || text[start - 1] === '\n';
  const lineEnd = end >= text.length || text[end] === '\n' || text[end] === '\r';
  const before = text.slice(0, start);
  const after = text.slice(end);
  const blankBefore = start === 0 || /(^|\n)[ \t]*\n$/.test(before) || (lineStart && /(^|\n)[ \t]*$/.test(before.slice(0, -1)));
  const blankAfter = end >= text.length || /^\r?\n[ \t]*(\r?\n|$)/.test(after);
  const prefix = !lineStart ? (blank ? '\n\n' : '\n') : blank && !blankBefore ? '\n' : '';
  const suffix = !lineEnd ? (blank ? '\n\n' : '\n') : blank && !blankAfter ? '\n' : '';
  return `${prefix}${block}${suffix}`;
}

/** The privacy-enhanced YouTube player, as the blog's embed allowlist expects it. */
export const youtubeIframe = (id: string, title: string) =>
  `<iframe src="https://www.youtube-nocookie.com/embed/${id}" title="${escapeHtml(title)}"></iframe>`;

export const vimeoIframe = (id: string, title: string) => `<iframe src="https://player.vimeo.com/video/${id}" title="${escapeHtml(title)}"></iframe>`;

/** `dQw4w9WgXcQ`, or the id in a watch / youtu.be / embed URL. */
export function youtubeId(value: string): string | undefined {
  const m = /(?:youtu\.be\/|[?&]v=|\/embed\/|\/shorts\/)([\w-]{6,20})/.exec(value) ?? /^([\w-]{6,20})$/.exec(value.trim());
  return m?.[1];
}

export function vimeoId(value: string): string | undefined {
  return (/vimeo\.com\/(?:video\/)?(\d{3,15})/.exec(value) ?? /^(\d{3,15})$/.exec(value.trim()))?.[1];
}
