import GithubSlugger from 'github-slugger';
import { Parser } from 'htmlparser2';
import { escapeHtml } from '../html.js';
import { applyInserts } from './html-repair.js';

/** An id an author may write on a heading: letters, digits, `_`, `-`, `.`, `:`, at most 100 characters. */
const AUTHOR_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_.:-]{0,99}$/u;

/**
 * The ids of one body's headings, Markdown and raw HTML alike, given in document order: GitHub's slugs
 * ("Hello, World!" → `hello-world`, then `hello-world-1`), never one that is already taken or that
 * `reserved` says another part of the body uses (the footnotes').
 */
export class HeadingIds {
  readonly #slugger = new GithubSlugger();
  readonly #reserved: (id: string) => boolean;

  constructor(reserved: (id: string) => boolean = () => false) {
    this.#reserved = reserved;
  }

  /** A new id made from a heading's text. */
  fromText(text: string): string {
    let id = this.#slugger.slug(text);
    // Each call takes the next free suffix, so this ends after at most a few rounds.
    while (this.#reserved(id)) id = this.#slugger.slug(text);
    return id;
  }

  /** Takes the id an author wrote when it is well-formed, free and not reserved; false otherwise. */
  claim(id: string): boolean {
    const { occurrences } = this.#slugger;
    if (!AUTHOR_ID.test(id) || Object.hasOwn(occurrences, id) || this.#reserved(id)) return false;
    occurrences[id] = 0;
    return true;
  }
}

const HEADING = /^h[1-6]$/;

/**
 * Gives the headings in a piece of raw HTML (`<h2>Getting started</h2>`) ids as Markdown headings get
 * them, from the same `ids`, so that links to a section work whichever way it was written. An id the
 * author wrote stays when `ids` can claim it. Only headings closed inside `html` are given one: the
 * text of a heading left open is not known here. Linear in the length of `html`.
 */
export function idRawHeadings(html: string, ids: HeadingIds): string {
  if (!/<h[1-6]/i.test(html)) return html;
  const open: Array<{ name: string; at: number; authorId: string | undefined; text: string }> = [];
  const inserts: Array<{ at: number; text: string }> = [];
  const parser: Parser = new Parser({
    onopentag(name, attribs) {
      // Just after `<h2`: the first of two id attributes is the one that counts, so this one wins.
      if (HEADING.test(name)) open.push({ name, at: parser.startIndex + 1 + name.length, authorId: attribs.id, text: '' });
    },
    ontext(text) {
      const heading = open.at(-1);
      if (heading) heading.text += text;
    },
    onclosetag(name, implied) {
      if (!HEADING.test(name) || open.at(-1)?.name !== name) return;
      const heading = open.pop()!;
      if (implied) return;
      const id = heading.authorId !== undefined && ids.claim(heading.authorId) ? heading.authorId : ids.fromText(heading.text.replace(/\s+/g, ' ').trim());
      inserts.push({ at: heading.at, text: ` id="${escapeHtml(id)}"` });
      // A heading inside a heading (invalid, but written): its text belongs to the outer one too.
      const outer = open.at(-1);
      if (outer) outer.text += heading.text;
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return applyInserts(html, inserts);
}
