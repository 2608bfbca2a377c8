import type { Marked, MarkedExtension, Token, TokenizerExtension, TokenizerThis, Tokens } from 'marked';
import markedFootnote, { type Footnote } from 'marked-footnote';

/**
 * GitHub-style footnotes: `[^1]` in the text, `[^1]: The note.` anywhere in the body (continued by
 * lines indented four spaces). marked-footnote reads the definitions; references, numbering and the
 * notes section are done here, per body, so that:
 * - notes are numbered in the order the page first cites them, and only cited notes are listed;
 * - the ids (`footnote-1`, `footnote-ref-1`, `footnote-ref-1-2`, `footnote-label`) never clash with
 *   heading ids (see `isFootnoteId`);
 * - looking a reference up costs the same however many notes there are, and the counts are capped;
 * - the markup is a fixed shape the sanitizer allows exactly.
 */

/** The id of the notes section's heading, which every reference names as its description. */
export const NOTES_HEADING_ID = 'footnote-label';
/** Definitions read per body; later ones are not footnotes. */
export const MAX_FOOTNOTES = 5_000;
/** References turned into links per body; later ones stay as written. */
export const MAX_FOOTNOTE_REFS = 10_000;
/** Back-links under one note: a note cited more often links back to its first uses only. */
export const MAX_BACK_LINKS = 50;

const noteId = (n: number) => `footnote-${n}`;
const refId = (n: number, use: number) => (use > 1 ? `footnote-ref-${n}-${use}` : `footnote-ref-${n}`);

/** Whether an id is one the notes may use, so headings must not. */
export const isFootnoteId = (id: string) => /^footnote-(?:label|\d+|ref-\d+(?:-\d+)?)$/.test(id);

interface Note {
  readonly number: number;
  readonly definition: Footnote;
  /** References rendered so far. */
  uses: number;
}

/** One body's footnotes: what lexing found, then what rendering cited. */
export class BodyFootnotes {
  readonly #definitions = new Map<string, Footnote>();
  #definitionsRead = 0;
  #refs = 0;
  /** Definitions being read right now (a definition inside a definition is not one). */
  #reading = 0;
  readonly #cited: Note[] = [];
  readonly #byLabel = new Map<string, Note>();

  /** @internal Called by the tokenizer around reading a definition. */
  readDefinition(read: () => Footnote | undefined): Footnote | undefined {
    if (this.#reading > 0 || this.#definitionsRead >= MAX_FOOTNOTES) return undefined;
    this.#reading += 1;
    let definition: Footnote | undefined;
    try {
      definition = read();
    } finally {
      this.#reading -= 1;
    }
    if (definition) {
      this.#definitionsRead += 1;
      // The first definition of a label counts, as for link reference definitions.
      if (!this.#definitions.has(definition.label)) this.#definitions.set(definition.label, definition);
    }
    return definition;
  }

  /** @internal Whether `[^label]` is a reference: its note is defined and the cap is not reached. */
  takeReference(label: string): boolean {
    if (!this.#definitions.has(label) || this.#refs >= MAX_FOOTNOTE_REFS) return false;
    this.#refs += 1;
    return true;
  }

  /** @internal The reference's HTML; the first reference to a note gives it the next number. */
  renderReference(label: string): string {
    let note = this.#byLabel.get(label);
    if (!note) {
      note = { number: this.#cited.length + 1, definition: this.#definitions.get(label)!, uses: 0 };
      this.#cited.push(note);
      this.#byLabel.set(label, note);
    }
    note.uses += 1;
    return `<sup><a id="${refId(note.number, note.uses)}" href="#${noteId(note.number)}" class="footnote-ref" aria-describedby="${NOTES_HEADING_ID}">${note.number}</a></sup>`;
  }

  /**
   * The notes section, to go at the very end of the body: every cited note in order, each with links back
   * to where it is cited. Empty when nothing was cited. Call after the rest of the body is rendered.
   */
  renderNotes(parse: (tokens: Token[]) => string): string {
    const contents: string[] = [];
    // A note may cite a note not cited yet, which joins the end of the list while it grows.
    for (let i = 0; i < this.#cited.length; i += 1) contents.push(parse(this.#cited[i]!.definition.content).trimEnd());
    if (!this.#cited.length) return '';
    const items = this.#cited.map((note, i) => {
      const backLinks = Array.from({ length: Math.min(note.uses, MAX_BACK_LINKS) }, (_, k) => {
        const use = k + 1;
        const label = use > 1 ? `${note.number}-${use}` : `${note.number}`;
        return `<a href="#${refId(note.number, use)}" class="footnote-backref" aria-label="Back to reference ${label}">↩${use > 1 ? `<sup>${use}</sup>` : ''}</a>`;
      }).join(' ');
      const content = contents[i]!;
      // The back-links end the note's last paragraph, as on GitHub; after anything else they get their own.
      const body = content.endsWith('</p>') ? `${content.slice(0, -'</p>'.length)} ${backLinks}</p>` : `${content}\n<p>${backLinks}</p>`;
      return `<li id="${noteId(note.number)}">\n${body}\n</li>\n`;
    });
    return `<section class="footnotes" aria-labelledby="${NOTES_HEADING_ID}">\n<h2 id="${NOTES_HEADING_ID}">Footnotes</h2>\n<ol>\n${items.join('')}</ol>\n</section>\n`;
  }
}

export interface Footnotes {
  /** Register with the Marked instance that renders bodies. */
  readonly extension: MarkedExtension;
  /** Starts a body: later lexing and rendering record into the returned notes. */
  begin(): BodyFootnotes;
  /** `marked.lexer(src)`, leaving the definitions reader ready for the next call. */
  lex(marked: Marked, src: string): Token[];
}

export function createFootnotes(): Footnotes {
  const base = markedFootnote();
  const readDefinition = base.extensions?.find((e): e is TokenizerExtension => e.name === 'footnote' && 'tokenizer' in e);
  if (!readDefinition) throw new Error('marked-footnote no longer provides its "footnote" tokenizer');
  let body = new BodyFootnotes();

  const definition: TokenizerExtension & { renderer: () => string } = {
    name: 'footnote',
    level: 'block',
    childTokens: ['content'],
    tokenizer(this: TokenizerThis, src, tokens) {
      return body.readDefinition(() => readDefinition.tokenizer.call(this, src, tokens) as Footnote | undefined) as Tokens.Generic | undefined;
    },
    // Definitions show up only in the notes section.
    renderer: () => '',
  };
  const reference: TokenizerExtension & { renderer: (token: Tokens.Generic) => string } = {
    name: 'footnoteRef',
    level: 'inline',
    tokenizer(src) {
      const match = /^\[\^([^\]\n]+)\]/.exec(src);
      if (!match || !body.takeReference(match[1]!)) return undefined;
      return { type: 'footnoteRef', raw: match[0], label: match[1]! };
    },
    renderer: (token) => body.renderReference(String(token.label)),
  };

  return {
    extension: { extensions: [definition, reference] },
    begin: () => (body = new BodyFootnotes()),
    lex(marked, src) {
      try {
        return marked.lexer(src);
      } finally {
        // marked-footnote remembers "definitions seen" until its walkTokens runs; without this, the next
        // lexer call would not start a fresh list for it.
        base.walkTokens?.({ type: 'space', raw: '' });
      }
    },
  };
}

/** The body's blocks without footnote definitions, which render only in the notes section, and those definitions. */
export function withoutDefinitions(tokens: readonly Token[]): { blocks: Token[]; definitions: Token[] } {
  const blocks: Token[] = [];
  const definitions: Token[] = [];
  for (const token of tokens) {
    // `footnotes` is marked-footnote's own list of the definitions; the notes here are built from `footnote` tokens.
    if (token.type === 'footnote') definitions.push(token);
    else if (token.type !== 'footnotes') blocks.push(token);
  }
  return { blocks, definitions };
}
