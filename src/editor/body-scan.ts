import { Marked, type Token } from 'marked';

/** A URL the body links to or embeds, where it is written. */
export interface BodyUrl {
  readonly url: string;
  /** 1-based line in the body. */
  readonly line: number;
  /** `image` and `link` are Markdown; `src`, `href` and `poster` are attributes of raw HTML. */
  readonly kind: 'image' | 'link' | 'src' | 'href' | 'poster';
}

export interface BodyScan {
  /**
   * The body with everything a reader never sees as text blanked out (code blocks, code spans,
   * `<pre>`/`<code>` elements, HTML comments), line breaks kept so offsets still give lines.
   */
  readonly prose: string;
  readonly urls: readonly BodyUrl[];
  /** 1-based line of a character offset in the body. */
  lineAt(offset: number): number;
}

/** The same Markdown dialect the pages are rendered with (GFM); only its lexer is used. */
const lexer = new Marked({ gfm: true });

const HTML_URL_ATTRIBUTE = /\s(src|href|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const HIDDEN_HTML_OPENER = /<(pre|code)\b[^>]{0,200}>|<!--/gi;

/**
 * Offsets of `<pre>…</pre>`, `<code>…</code>` and `<!-- … -->` in `text`. One pass: once a kind has
 * no closing tag after some point, later openers of that kind are not searched again.
 */
function hiddenHtml(text: string): Array<[number, number]> {
  const lower = text.toLowerCase();
  const unclosed = new Set<string>();
  const spans: Array<[number, number]> = [];
  HIDDEN_HTML_OPENER.lastIndex = 0;
  for (let m = HIDDEN_HTML_OPENER.exec(text); m; m = HIDDEN_HTML_OPENER.exec(text)) {
    const close = m[1] ? `</${m[1].toLowerCase()}` : '-->';
    if (unclosed.has(close)) continue;
    const at = lower.indexOf(close, m.index + m[0].length);
    if (at < 0) {
      unclosed.add(close);
      continue;
    }
    const end = close === '-->' ? at + 3 : (text.indexOf('>', at) + 1 || at + close.length);
    spans.push([m.index, end]);
    HIDDEN_HTML_OPENER.lastIndex = end;
  }
  return spans;
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/**
 * Finds what a reader sees and what the body links to, by the same lexer the renderer uses, so code
 * is told apart from text exactly as the page does. Lines are found by locating each token's source
 * text inside its top-level block; a token whose text was changed by the lexer (inside a block quote,
 * where `>` markers are dropped) is located line by line instead.
 */
export function scanBody(markdown: string): BodyScan {
  const text = markdown.replace(/\r\n?/g, '\n');
  const lineAt = lineIndex(text);
  const hidden = new Uint8Array(text.length);
  const urls: BodyUrl[] = [];
  const hide = (from: number, to: number) => hidden.fill(1, from, to);

  let blockStart = 0;
  for (const block of lexer.lexer(text)) {
    let cursor = blockStart;
    /** Offset of `raw` in this block from the cursor on, or -1. */
    // Searched in the block's own text, so a token that is not found costs the block, not the body.
    const locate = (raw: string) => {
      const at = raw ? block.raw.indexOf(raw, cursor - blockStart) : -1;
      return at < 0 ? -1 : blockStart + at;
    };
    lexer.walkTokens([block], (token: Token) => {
      if (token.type === 'code' || token.type === 'codespan') {
        const at = locate(token.raw);
        if (at >= 0) {
          hide(at, at + token.raw.length);
          cursor = at + token.raw.length;
          return;
        }
        for (const line of token.raw.split('\n').map((l) => l.trim()).filter(Boolean)) {
          const lineAtOffset = locate(line);
          if (lineAtOffset >= 0) {
            hide(lineAtOffset, lineAtOffset + line.length);
            cursor = lineAtOffset + line.length;
          }
        }
      } else if (token.type === 'link' || token.type === 'image') {
        const at = locate(token.raw);
        // The link's own text may hold code spans: the cursor stays at its start.
        if (at >= 0) cursor = at;
        urls.push({ url: token.href, line: lineAt(at >= 0 ? at : blockStart), kind: token.type });
      } else if (token.type === 'html') {
        const at = locate(token.raw);
        for (const m of token.raw.matchAll(HTML_URL_ATTRIBUTE)) {
          const url = m[2] ?? m[3] ?? m[4] ?? '';
          urls.push({ url, line: lineAt(at >= 0 ? at + m.index : blockStart), kind: m[1]!.toLowerCase() as BodyUrl['kind'] });
        }
        if (at >= 0) cursor = at;
      }
    });
    blockStart += block.raw.length;
  }
  for (const [from, to] of hiddenHtml(text)) hide(from, to);
  // Hidden characters become spaces and line breaks stay, so offsets and lines are those of the body.
  let prose = '';
  for (let i = 0; i < text.length;) {
    let j = i;
    while (j < text.length && hidden[j] === hidden[i]) j += 1;
    const piece = text.slice(i, j);
    prose += hidden[i] ? piece.replace(/[^\n]/g, ' ') : piece;
    i = j;
  }
  return { prose, urls, lineAt };
}
