/**
 * Where a Markdown body holds code: fenced blocks, inline code spans and raw `<pre>`/`<code>`
 * elements. Template syntax there is what the post shows as code, so conversions leave it alone.
 */

export type Range = readonly [start: number, end: number];

const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/** Fenced code blocks, from the opening fence line to the end of the closing one (or of the text). */
function fencedRanges(text: string): Range[] {
  const ranges: Range[] = [];
  let offset = 0;
  let open: { start: number; marker: string } | undefined;
  for (const line of text.split('\n')) {
    const end = offset + line.length;
    const fence = FENCE.exec(line);
    if (!open && fence?.[1]) {
      // A backtick fence's info string may not hold backticks (CommonMark 4.5).
      if (!(fence[1][0] === '`' && line.slice(fence[0].length).includes('`'))) open = { start: offset, marker: fence[1] };
    } else if (open && fence?.[1] && fence[1][0] === open.marker[0] && fence[1].length >= open.marker.length
      && line.slice(fence[0].length).trim() === '') {
      ranges.push([open.start, end]);
      open = undefined;
    }
    offset = end + 1;
  }
  if (open) ranges.push([open.start, text.length]);
  return ranges;
}

/** Inline code spans (`…`, ``…``) in prose outside the given ranges. */
function inlineRanges(text: string, outside: readonly Range[]): Range[] {
  const ranges: Range[] = [];
  const runs = /`+/g;
  // A run length with no closer after some point has none after any later point either: stay linear.
  const unclosed = new Set<number>();
  let m: RegExpExecArray | null;
  while ((m = runs.exec(text))) {
    const start = m.index;
    const ticks = m[0];
    if (unclosed.has(ticks.length) || inside(outside, start)) continue;
    const closer = new RegExp(`(?<!\`)${ticks}(?!\`)`, 'g');
    closer.lastIndex = start + ticks.length;
    const close = closer.exec(text);
    if (!close) unclosed.add(ticks.length);
    // A span never crosses a blank line (it would be two paragraphs) nor into a fenced block.
    if (!close || /\n[ \t]*\n/.test(text.slice(start, close.index)) || inside(outside, close.index)) continue;
    ranges.push([start, close.index + ticks.length]);
    runs.lastIndex = close.index + ticks.length;
  }
  return ranges;
}

function htmlCodeRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const m of text.matchAll(/<(pre|code)\b[^>]*>[\s\S]*?<\/\1\s*>/gi)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** True when `offset` is in one of `ranges` (sorted by start, not overlapping): a binary search. */
function inside(ranges: readonly Range[], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = ranges[mid] ?? [0, 0];
    if (offset < start) high = mid - 1;
    else if (offset >= end) low = mid + 1;
    else return true;
  }
  return false;
}

/** Every code region of a Markdown text. */
export function codeRanges(text: string): Range[] {
  const fenced = fencedRanges(text);
  const html = htmlCodeRanges(text).filter(([s]) => !inside(fenced, s));
  const blocks = [...fenced, ...html].sort((a, b) => a[0] - b[0]);
  return [...blocks, ...inlineRanges(text, blocks)].sort((a, b) => a[0] - b[0]);
}

export const isInCode = inside;

/** 1-based line of an offset, counted from the body's first line `firstLine`. */
export const lineAt = (text: string, offset: number, firstLine: number) => firstLine + (text.slice(0, offset).match(/\n/g)?.length ?? 0);

/**
 * Replaces each match of `pattern` (global) that starts outside code. `replace` gets the match and
 * the 1-based file line it starts on; the code regions are those of the text before any replacement.
 */
export function replaceOutsideCode(
  text: string,
  pattern: RegExp,
  firstLine: number,
  replace: (match: RegExpExecArray, line: number) => string,
): string {
  const code = codeRanges(text);
  let out = '';
  let last = 0;
  let line = firstLine;
  let counted = 0;
  for (const m of text.matchAll(pattern)) {
    if (inside(code, m.index)) continue;
    line = lineAt(text.slice(counted, m.index), m.index - counted, line);
    counted = m.index;
    out += text.slice(last, m.index) + replace(m as RegExpExecArray, line);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/**
 * Replaces each `open … close` pair (both global) whose opening lies outside code when `skipCode`.
 * Each opening takes the first closing after it, found in one pass over both lists: an unclosed
 * opening costs nothing, however many there are.
 */
export function replacePairs(
  text: string,
  open: RegExp,
  close: RegExp,
  skipCode: boolean,
  replace: (opening: RegExpExecArray, inner: string, start: number, end: number) => string,
): string {
  const code = skipCode ? codeRanges(text) : [];
  const closings = [...text.matchAll(close)];
  let next = 0;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(open)) {
    if (m.index < last || (skipCode && inside(code, m.index))) continue;
    const openEnd = m.index + m[0].length;
    while ((closings[next]?.index ?? Infinity) < openEnd) next++;
    const closing = closings[next];
    if (!closing) break;
    const end = closing.index + closing[0].length;
    out += text.slice(last, m.index) + replace(m as RegExpExecArray, text.slice(openEnd, closing.index), m.index, end);
    last = end;
    next++;
  }
  return out + text.slice(last);
}

/** Inline code of `text`, with a backtick run longer than any inside it. */
export function codeSpan(text: string): string {
  const ticks = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/**
 * Template syntax that the old site showed literally (`{% raw %}`, Hugo's commented shortcodes), kept
 * readable without reading as a template: each tag in prose becomes a code span, as the code it
 * shows; a lone `{{` or `{%` left over is written with an HTML entity for its brace.
 */
export function showTemplateAsCode(prose: string): string {
  const code = codeRanges(prose);
  let out = '';
  let last = 0;
  for (const m of prose.matchAll(/\{\{[^\n`]*?\}\}|\{%[^\n`]*?%\}|\{#[^\n`]*?#\}/g)) {
    if (inside(code, m.index)) continue;
    out += prose.slice(last, m.index) + codeSpan(m[0]);
    last = m.index + m[0].length;
  }
  out += prose.slice(last);
  const rest = codeRanges(out);
  return out.replace(/\{(?=[{%<#])/g, (brace, offset: number) => (inside(rest, offset) ? brace : '&#123;'));
}
