import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * Raw HTML in Markdown must never hide or remove text outside its own element. An HTML parser, and so
 * the sanitizer, lets a self-closed `<iframe/>` or `<div/>`, an unclosed `<details>` or `<script>`, an
 * unclosed comment or a tag cut off at its end swallow everything after it. `repairBlocks` rewrites the
 * HTML of an article's top-level blocks so that none of that can happen:
 * - a self-closed non-void element (`<iframe/>`) is closed at once;
 * - an element that is never closed is closed right after its opening tag (it becomes empty);
 * - an unterminated comment, CDATA section or tag is shown as text instead of swallowing the rest;
 * - an element may span blocks only when it is closed explicitly (`<details>` … `</details>`).
 * Each block is tokenized on its own (the same tokenizer the sanitizer uses), so nothing left open
 * inside one block can reach into the next one.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements HTML lets end without an end tag; the parser closes them itself. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body']);
/** Elements whose content the tokenizer reads as text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
/** Rewriting a block stops after this many passes; what is still broken is then shown as text. */
const MAX_PASSES = 4;

interface BlockScan {
  readonly opens: Array<{ name: string; tagEnd: number }>;
  readonly closes: Array<{ name: string }>;
  /** Events in document order: an open (index into opens) or a close (index into closes). */
  readonly order: Array<{ kind: 'open' | 'close'; index: number }>;
  /** Ends of self-closed non-void tags: `</name>` goes there. */
  readonly selfClosed: Array<{ name: string; at: number }>;
  /** Where an unterminated comment, CDATA section or tag starts, if one does. */
  readonly unterminatedAt: number | undefined;
  /** A raw-text element (script, style…) left open at the end of the block: its name and tag end. */
  readonly openRawText: { name: string; tagEnd: number } | undefined;
}

const noop = () => undefined;

function scan(html: string): BlockScan {
  const opens: BlockScan['opens'] = [];
  const closes: BlockScan['closes'] = [];
  const order: BlockScan['order'] = [];
  const selfClosed: BlockScan['selfClosed'] = [];
  let pending: { name: string; start: number } | undefined;
  let covered = 0;
  let unterminatedAt: number | undefined;
  let rawText: { name: string; tagEnd: number } | undefined;
  const cover = (end: number) => {
    covered = Math.max(covered, end);
  };
  const callbacks: TokenizerCallbacks = {
    onattribdata: noop,
    onattribentity: noop,
    onattribend: noop,
    onattribname: noop,
    onopentagname(start, end) {
      pending = { name: html.slice(start, end).toLowerCase(), start: start - 1 };
    },
    onopentagend(end) {
      cover(end + 1);
      if (!pending) return;
      const { name } = pending;
      pending = undefined;
      if (VOID.has(name)) return;
      order.push({ kind: 'open', index: opens.length });
      opens.push({ name, tagEnd: end + 1 });
      if (RAW_TEXT.has(name)) rawText = { name, tagEnd: end + 1 };
    },
    onselfclosingtag(end) {
      cover(end + 1);
      if (!pending) return;
      if (!VOID.has(pending.name)) selfClosed.push({ name: pending.name, at: end + 1 });
      pending = undefined;
    },
    onclosetag(start, end) {
      cover(end + 1);
      const name = html.slice(start, end).toLowerCase();
      if (rawText?.name === name) rawText = undefined;
      order.push({ kind: 'close', index: closes.length });
      closes.push({ name });
    },
    oncomment(start, end, offset) {
      cover(end + 1);
      if (offset === 0) unterminatedAt ??= html.lastIndexOf('<', start);
    },
    oncdata(start, end, offset) {
      cover(end + 1);
      if (offset === 0) unterminatedAt ??= html.lastIndexOf('<', start);
    },
    ondeclaration(_start, end) {
      cover(end + 1);
    },
    onprocessinginstruction(_start, end) {
      cover(end + 1);
    },
    ontext(_start, end) {
      cover(end);
    },
    ontextentity(_codepoint, end) {
      cover(end);
    },
    onend: noop,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  // A tag whose `>` never comes is dropped by the tokenizer along with everything after its `<`.
  if (pending) unterminatedAt ??= pending.start;
  else if (covered < html.length) {
    const cut = html.indexOf('<', covered);
    if (cut >= 0) unterminatedAt ??= cut;
  }
  return { opens, closes, order, selfClosed, unterminatedAt, openRawText: rawText };
}

const escapeFrom = (html: string, from: number) => html.slice(0, from) + html.slice(from).replaceAll('<', '&lt;');

/**
 * Rewrites one block until its tokens end cleanly: nothing unterminated, no raw-text element left open.
 * Each pass fixes every later occurrence of the same mistake at once, so the passes are few.
 */
function settle(html: string): { html: string; scan: BlockScan } {
  let text = html;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const result = scan(text);
    if (result.unterminatedAt !== undefined) {
      // Nothing after an unterminated construct can end it, so every `<` from there on is text.
      text = escapeFrom(text, result.unterminatedAt);
      continue;
    }
    if (result.openRawText) {
      // No end tag follows: close this one, and any later one of the same name, right away.
      const { name, tagEnd } = result.openRawText;
      const opener = new RegExp(`<${name}\\b[^>]*>`, 'gi');
      text = text.slice(0, tagEnd) + `</${name}>` + text.slice(tagEnd).replace(opener, (tag) => `${tag}</${name}>`);
      continue;
    }
    return { html: text, scan: result };
  }
  const shown = escapeFrom(text, 0);
  return { html: shown, scan: scan(shown) };
}

export interface RepairedBlocks {
  readonly blocks: readonly string[];
  /** `closedAfter[i]`: no element stays open across the boundary after block i. */
  readonly closedAfter: readonly boolean[];
}

export interface HtmlBlock {
  readonly html: string;
  /** Whether it holds raw HTML from the body; HTML made from Markdown alone is balanced already. */
  readonly raw: boolean;
}

const CLEAN: BlockScan = { opens: [], closes: [], order: [], selfClosed: [], unterminatedAt: undefined, openRawText: undefined };

interface OpenElement {
  readonly name: string;
  readonly block: number;
  readonly tagEnd: number;
}

/** Repairs the raw HTML of consecutive top-level blocks; see the module comment. Linear in their length. */
export function repairBlocks(blocks: readonly HtmlBlock[]): RepairedBlocks {
  const settled = blocks.map((block) => (block.raw ? settle(block.html) : { html: block.html, scan: CLEAN }));
  const inserts: Array<Array<{ at: number; text: string }>> = settled.map(() => []);
  const stack: OpenElement[] = [];
  /** How many elements of each name are on the stack, so a stray end tag costs no search. */
  const openByName = new Map<string, number>();
  /** +1 where an element that is closed later spans the boundaries from, -1 where it stops. */
  const spans = new Array<number>(blocks.length + 1).fill(0);
  const empty = (el: OpenElement) => inserts[el.block]!.push({ at: el.tagEnd, text: `</${el.name}>` });
  const pop = (count: number) => {
    const removed = stack.splice(stack.length - count);
    for (const el of removed) openByName.set(el.name, openByName.get(el.name)! - 1);
    return removed;
  };

  settled.forEach(({ html, scan: s }, block) => {
    for (const { name, at } of s.selfClosed) inserts[block]!.push({ at, text: `</${name}>` });
    for (const event of s.order) {
      if (event.kind === 'open') {
        const { name, tagEnd } = s.opens[event.index]!;
        stack.push({ name, block, tagEnd });
        openByName.set(name, (openByName.get(name) ?? 0) + 1);
        continue;
      }
      const { name } = s.closes[event.index]!;
      // A stray end tag closes nothing; the sanitizer drops it.
      if (!openByName.get(name)) continue;
      const at = stack.findLastIndex((el) => el.name === name);
      const [closed, ...inside] = pop(stack.length - at);
      spans[closed!.block]! += 1;
      spans[block]! -= 1;
      // Closed only because an element around them ended: they never had an end tag of their own.
      for (const el of inside) if (!OPTIONAL_END.has(el.name)) empty(el);
    }
    // Optional-end elements left open at the end of a block (`<p>text`) end with it.
    while (stack.length && OPTIONAL_END.has(stack.at(-1)!.name)) {
      inserts[block]!.push({ at: html.length, text: `</${pop(1)[0]!.name}>` });
    }
  });
  for (const el of stack) empty(el);

  let open = 0;
  return {
    blocks: settled.map(({ html }, block) => applyInserts(html, inserts[block]!)),
    closedAfter: blocks.map((_, block) => {
      open += spans[block]!;
      return open === 0;
    }),
  };
}

/** `html` with each text inserted at its offset (offsets into the original string). */
export function applyInserts(html: string, inserts: ReadonlyArray<{ at: number; text: string }>): string {
  if (!inserts.length) return html;
  const sorted = [...inserts].sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const { at, text } of sorted) {
    out += html.slice(from, at) + text;
    from = at;
  }
  return out + html.slice(from);
}
