import type { Marked, Token, Tokens } from 'marked';
import type { Slot } from './article.js';
import { SEE_ALSO_COMMENT, SEE_ALSO_LINE } from './plain-text.js';

/** The body's top-level blocks in order, with the "See also" slots that come before each one. */
export interface BlockPlan {
  readonly blocks: Token[];
  /** `slotsBefore[i]`: slots between block i-1 and block i; `slotsBefore[blocks.length]`: those at the end. */
  readonly slotsBefore: readonly (readonly Slot[])[];
}

/**
 * HTML blocks that Markdown ends only at a terminator (`-->`, `</script>`, `?>`, `]]>`, `>`) run to the
 * end of the document when it is missing, turning the rest of the article into raw HTML.
 */
const UNTERMINATED_OPENERS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i, /<\/(script|pre|style|textarea)>/i],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
];
/** Re-reading the rest after such a block stops after this many; what remains is then shown as text. */
const MAX_RELEX = 20;

function isUnterminated(token: Token): boolean {
  if (token.type !== 'html') return false;
  const text = token.raw;
  return UNTERMINATED_OPENERS.some(([opener, terminator]) => opener.test(text) && !terminator.test(text.slice(1)));
}

/**
 * Lexes the body with `lex` (the renderer's `marked.lexer`). An HTML block whose terminator never comes
 * keeps only its first line as HTML (which the HTML repair then makes harmless); the lines after it are
 * read as Markdown again.
 */
export function lexBlocks(lex: (src: string) => Token[], markdown: string): Token[] {
  const tokens: Token[] = [];
  let rest = markdown;
  for (let round = 0; ; round += 1) {
    const lexed = lex(rest);
    const cut = lexed.findIndex(isUnterminated);
    if (cut < 0) {
      tokens.push(...lexed);
      return tokens;
    }
    const html = lexed[cut] as Tokens.HTML;
    const newline = html.raw.indexOf('\n');
    const firstLine = newline < 0 ? html.raw : html.raw.slice(0, newline + 1);
    tokens.push(...lexed.slice(0, cut), { ...html, raw: firstLine, text: firstLine });
    rest = newline < 0 ? '' : html.raw.slice(newline + 1);
    if (!rest.trim()) return tokens;
    if (round === MAX_RELEX) {
      // Bounded work on hostile input: the remainder becomes plain text, every `<` escaped.
      tokens.push(...lex(rest.replaceAll('<', '&lt;')));
      return tokens;
    }
  }
}

/**
 * Finds the editor's "See also" markers and the section boundaries. Marker lines are dropped from the
 * blocks; a slot is recorded before the block it precedes.
 */
export function planBlocks(tokens: readonly Token[]): BlockPlan {
  const blocks: Token[] = [];
  const slotsBefore: Slot[][] = [[]];
  const push = (slot: Slot) => slotsBefore[blocks.length]!.push(slot);
  // A heading that opens the body starts no section, even after blank lines (a body read from a file starts with one).
  const first = tokens.findIndex((t) => t.type !== 'space');
  const hasSections = tokens.some((t, i) => i > first && t.type === 'heading' && (t as Tokens.Heading).depth <= 2);
  let seenContent = false;
  for (const token of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'paragraph' && !token.text.includes('\n')) {
      const line = SEE_ALSO_LINE.exec(token.text);
      if (line?.[1]) {
        push({ kind: 'ref', ref: line[1] });
        continue;
      }
    }
    if (token.type === 'html') {
      const comment = SEE_ALSO_COMMENT.exec(token.text.trim());
      if (comment) {
        push(comment[1] ? { kind: 'ref', ref: comment[1] } : { kind: 'next' });
        continue;
      }
    }
    if (seenContent && hasSections && token.type === 'heading' && token.depth <= 2) push({ kind: 'section' });
    else if (seenContent && !hasSections && (token.type === 'paragraph' || token.type === 'list' || token.type === 'blockquote')) {
      push({ kind: 'block' });
    }
    seenContent = true;
    blocks.push(token);
    slotsBefore.push([]);
  }
  return { blocks, slotsBefore };
}

/** Blocks rendered together: several Markdown-only blocks, or one block holding raw HTML. */
export interface Piece {
  readonly tokens: Token[];
  /** Holds raw HTML from the body, which must be repaired on its own. */
  readonly raw: boolean;
}

/**
 * Groups the plan's blocks into pieces to render: a block holding raw HTML stands alone, so nothing in
 * it can reach into the next, while consecutive Markdown-only blocks with no slot between them (HTML
 * marked itself writes, balanced by construction) are rendered in one go. `slotsBefore` is re-indexed by piece.
 */
export function piecesOf(marked: Marked, plan: BlockPlan): { pieces: Piece[]; slotsBefore: Slot[][] } {
  const pieces: Piece[] = [];
  const slotsBefore: Slot[][] = [];
  plan.blocks.forEach((block, i) => {
    const raw = hasRawHtml(marked, block);
    const before = plan.slotsBefore[i]!;
    const last = pieces.at(-1);
    if (last && !last.raw && !raw && before.length === 0) last.tokens.push(block);
    else {
      pieces.push({ tokens: [block], raw });
      slotsBefore.push([...before]);
    }
  });
  slotsBefore.push([...plan.slotsBefore[plan.blocks.length]!]);
  return { pieces, slotsBefore };
}

/** Whether a block holds raw HTML anywhere inside it (only those need repairing). */
function hasRawHtml(marked: Marked, token: Token): boolean {
  let found = false;
  marked.walkTokens([token], (t) => {
    if (t.type === 'html') found = true;
  });
  return found;
}
