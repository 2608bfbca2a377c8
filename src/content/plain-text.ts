/**
 * Plain text of a Markdown body without rendering it: what search, relatedness, reading time and
 * excerpts need, at a fraction of the cost of a full parse, so thousands of articles load quickly
 * and bodies are rendered only when first shown.
 */

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
/** An editor's visible "See also" line, `See also: <slug or title>`, as a paragraph of its own. */
export const SEE_ALSO_LINE = /^see also:\s*(.+?)\s*$/i;
/** An editor's invisible marker, `<!-- see-also -->` or `<!-- see-also: slug -->`. */
export const SEE_ALSO_COMMENT = /^<!--\s*see-also(?:\s*:\s*(.+?))?\s*-->$/i;
/** Characters a line of anything but prose may start with (a "See also" line starts with s or S). */
const MARKUP_START = new Set([...'#|-*+:_<sS0123456789']);
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The words of one line of Markdown prose, without inline markup. */
function inlineText(line: string): string {
  // Each pass runs only when its marker character is on the line: most lines need few or none.
  let text = line;
  if (text.includes('[')) {
    text = text
      // Footnote references and the labels of their definitions are not part of the text.
      .replace(/\[\^[^\]\n]+\](?::[ \t]*)?/g, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  }
  if (text.includes('<')) text = text.replace(/<(https?:\/\/[^>\s]+)>/g, '$1').replace(/<\/?[a-zA-Z][^>]*>/g, '');
  if (text.includes('**') || text.includes('__') || text.includes('~~')) text = text.replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2');
  if (text.includes('*')) text = text.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1$2');
  if (text.includes('_')) text = text.replace(/(^|\W)_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2');
  if (text.includes('`')) text = text.replace(/`+([^`]*)`+/g, '$1');
  if (text.includes('\\')) text = text.replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
  return text.includes('&') ? decodeEntities(text) : text;
}

type Kind = 'prose' | 'heading' | 'code' | 'table' | 'list' | 'skip';

interface Line {
  readonly kind: Kind;
  readonly text: string;
}

/** Each line, told apart as a fence (```), code inside a fenced block, or anything else. */
function* fencedLines(markdown: string): Generator<{ readonly raw: string; readonly kind: 'fence' | 'code' | 'text' }> {
  let fence: string | undefined;
  for (const raw of (markdown.includes('\r') ? markdown.replace(/\r\n?/g, '\n') : markdown).split('\n')) {
    const match = FENCE.exec(raw)?.[1];
    if (fence && match && match[0] === fence[0] && match.length >= fence.length) {
      fence = undefined;
      yield { raw, kind: 'fence' };
    } else if (fence) yield { raw, kind: 'code' };
    else if (match) {
      fence = match;
      yield { raw, kind: 'fence' };
    } else yield { raw, kind: 'text' };
  }
}

/** Classifies each line and strips its block markup. */
function lines(markdown: string): Line[] {
  const out: Line[] = [];
  for (const { raw, kind } of fencedLines(markdown)) {
    if (kind !== 'text') {
      // A closing fence has no text; the next block starts after it.
      out.push(kind === 'code' ? { kind: 'code', text: raw } : { kind: 'skip', text: '' });
      continue;
    }
    const trimmed = (raw.trimStart().startsWith('>') ? raw.replace(/^\s{0,3}(>\s?)+/, '') : raw).trim();
    // Most lines are prose: the first character rules out every other kind cheaply.
    const first = trimmed[0];
    if (first === undefined) out.push({ kind: 'skip', text: '' });
    else if (!MARKUP_START.has(first)) out.push({ kind: 'prose', text: inlineText(trimmed) });
    else if (SEE_ALSO_LINE.test(trimmed) || SEE_ALSO_COMMENT.test(trimmed) || /^<!--.*-->$/.test(trimmed)) out.push({ kind: 'skip', text: '' });
    else if (/^#{1,6}\s/.test(trimmed)) out.push({ kind: 'heading', text: inlineText(trimmed.replace(/^#{1,6}\s+/, '').replace(/\s+#+\s*$/, '')) });
    else if (TABLE_RULE.test(trimmed) && trimmed.includes('-')) out.push({ kind: 'table', text: '' });
    else if (trimmed.startsWith('|')) {
      const cells = trimmed.replace(/^\||\|$/g, '').split('|').map((c) => inlineText(c.trim())).filter(Boolean);
      out.push({ kind: 'table', text: cells.join(' ') });
    } else if (/^([-*+]|\d{1,9}[.)])\s+/.test(trimmed)) {
      out.push({ kind: 'list', text: inlineText(trimmed.replace(/^([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '')) });
    } else if (/^(-{3,}|\*{3,}|_{3,})$/.test(trimmed.replace(/\s/g, ''))) out.push({ kind: 'skip', text: '' });
    else out.push({ kind: 'prose', text: inlineText(trimmed) });
  }
  return out;
}

/** Groups lines into blocks: a blank line, a change of kind or a heading ends a block. */
function blocks(markdown: string): Array<{ kind: Kind; text: string }> {
  const result: Array<{ kind: Kind; lines: string[] }> = [];
  let current: { kind: Kind; lines: string[] } | undefined;
  for (const line of lines(markdown)) {
    if (line.kind === 'skip') {
      current = undefined;
      continue;
    }
    const continues = current && current.kind === line.kind && line.kind !== 'heading';
    if (!continues) {
      current = { kind: line.kind, lines: [] };
      result.push(current);
    }
    if (line.text) current!.lines.push(line.text);
  }
  return result.map((b) => ({ kind: b.kind, text: b.lines.join('\n').trim() })).filter((b) => b.text !== '');
}

export interface TextSummary {
  /** The visible text, blocks separated by blank lines. */
  readonly plainText: string;
  /** The first paragraph of prose as one line, or '' when there is none. */
  readonly firstParagraph: string;
  readonly wordCount: number;
}

// Scripts written without spaces count a word per character, as reading-time estimates do.
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/g;

/** Words of plain text: runs of characters between spaces, plus one per character of unspaced scripts. */
export function countWords(text: string): number {
  const unspaced = text.match(UNSPACED)?.length ?? 0;
  const spaced = unspaced ? text.replace(UNSPACED, ' ') : text;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < spaced.length; i += 1) {
    const c = spaced.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words + unspaced;
}

/** Plain text, first paragraph and word count of a Markdown body, from one pass over its lines. */
export function summarize(markdown: string): TextSummary {
  const all = blocks(markdown);
  const plainText = all.map((b) => b.text).join('\n\n');
  return {
    plainText,
    firstParagraph: all.find((b) => b.kind === 'prose')?.text.replace(/\s+/g, ' ').trim() ?? '',
    wordCount: countWords(plainText),
  };
}

export const plainTextOf = (markdown: string): string => summarize(markdown).plainText;

/** Articles an editor named in the body with `See also: <slug or title>` or `<!-- see-also: slug -->`. */
export function seeAlsoRefsOf(markdown: string): string[] {
  const refs: string[] = [];
  for (const { raw, kind } of fencedLines(markdown)) {
    if (kind !== 'text') continue;
    const trimmed = raw.trim();
    const ref = SEE_ALSO_LINE.exec(trimmed)?.[1] ?? SEE_ALSO_COMMENT.exec(trimmed)?.[1];
    if (ref) refs.push(ref);
  }
  return refs;
}
