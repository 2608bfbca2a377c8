import { Marked } from 'marked';
import { markedHighlight } from 'marked-highlight';
import hljs from 'highlight.js/lib/common';
import sanitizeHtml from 'sanitize-html';
import type { RenderedBody, SafeHtml, Slot } from './article.js';
import { createFootnotes, isFootnoteId, withoutDefinitions } from './footnotes.js';
import { HeadingIds, idRawHeadings } from './heading-ids.js';
import { repairBlocks } from './html-repair.js';
import { lexBlocks, piecesOf, planBlocks } from './markdown-blocks.js';
import { MAX_NESTING, nestingOf } from './nesting.js';
import { articlePolicy } from './sanitize-policy.js';
import { createSlotMarkers } from './slot-markers.js';

export interface RenderOptions {
  /** Site path that relative image and file links in the body resolve against, e.g. `/articles/hello/`. */
  readonly assetBase: string;
  /** The source file, named when rendering fails. */
  readonly file?: string;
}

export interface RendererOptions {
  /**
   * Told once per failed render (a body is rendered once, then kept). Not told of bodies refused for
   * their nesting: loading reports those as problems of their file already.
   */
  readonly onFailure?: (file: string | undefined, reason: string) => void;
}

export interface RenderedMarkdown {
  readonly body: RenderedBody;
}

export type MarkdownRenderer = (markdown: string, options: RenderOptions) => RenderedMarkdown;

function decodeEntities(text: string): string {
  return text
    .replace(/&(lt|gt|quot|#39|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[e] ?? '')
    .replace(/&amp;/g, '&');
}

/** A body the page cannot show: one empty part, no slots, and the reason. */
const failedBody = (failure: string): RenderedBody => ({ parts: ['' as SafeHtml], slots: [], failure });

/** Why a body must not be rendered, and the line of the body (1-based) to look at; undefined when it may be. */
export function bodyRefusal(markdown: string): { readonly line: number; readonly message: string } | undefined {
  const nesting = nestingOf(markdown, MAX_NESTING);
  if (nesting.depth <= MAX_NESTING) return undefined;
  return {
    line: nesting.line,
    message: `block quotes or lists are nested more than ${MAX_NESTING} levels deep; the article's text is not shown until that is reduced`,
  };
}

/**
 * Builds the one function that turns an article's Markdown into sanitized HTML.
 * GitHub-flavoured Markdown with footnotes, stable heading ids (raw HTML headings too), server-side
 * highlighting, tables wrapped so they scroll on their own, allowed video players in a 16:9 box,
 * relative links resolved against the article's folder; the output is cut at "See also" slots, which
 * the page fills in at request time.
 */
export function createMarkdownRenderer(options: RendererOptions = {}): MarkdownRenderer {
  // Per body (reset by each render): one id space for every heading, whoever wrote it.
  let headingIds = new HeadingIds(isFootnoteId);
  const footnotes = createFootnotes();
  const marked = new Marked(
    markedHighlight({
      emptyLangClass: 'hljs',
      langPrefix: 'hljs language-',
      highlight(code, lang) {
        const language = lang && hljs.getLanguage(lang) ? lang : 'plaintext';
        return hljs.highlight(code, { language, ignoreIllegals: true }).value;
      },
    }),
    footnotes.extension,
    {
      gfm: true,
      renderer: {
        // The page title is the only <h1>, so a body `#` heading becomes an <h2>.
        heading({ tokens, depth, text }) {
          const level = Math.min(6, Math.max(2, depth));
          const id = headingIds.fromText(decodeEntities(text).replace(/<[^>]*>/g, ''));
          return `<h${level} id="${id}">${this.parser.parseInline(tokens)}</h${level}>\n`;
        },
        html: ({ text }) => idRawHeadings(text, headingIds),
      },
    },
  );

  const render = (markdown: string, assetBase: string): RenderedBody => {
    headingIds = new HeadingIds(isFootnoteId);
    const notes = footnotes.begin();
    // Footnote definitions are no blocks of the text: they make no slots and render only in the notes.
    const { blocks, definitions } = withoutDefinitions(lexBlocks((src) => footnotes.lex(marked, src), markdown));
    const plan = planBlocks(blocks);
    // lexer() + parser() skip the extensions' walkTokens (highlighting), which parse() would run.
    const extensionsWalk = marked.defaults.walkTokens;
    if (extensionsWalk) marked.walkTokens([...plan.blocks, ...definitions], extensionsWalk);
    // Raw HTML is rendered and repaired block by block, so that nothing in one block reaches into the next.
    const { pieces, slotsBefore } = piecesOf(marked, plan);
    const repaired = repairBlocks(pieces.map((piece) => ({ html: marked.parser(piece.tokens), raw: piece.raw })));
    const markers = createSlotMarkers();
    const slots: Slot[] = [];
    let html = '';
    let waiting: Slot[] = [];
    const placeWaiting = () => {
      for (const slot of waiting) html += markers.mark(slots.push(slot) - 1);
      waiting = [];
    };
    slotsBefore.forEach((before, i) => {
      waiting.push(...before);
      // A slot inside an element that spans blocks (<details> … </details>) moves to just after it.
      if (i === 0 || repaired.closedAfter[i - 1]) placeWaiting();
      if (i < pieces.length) html += repaired.blocks[i];
    });
    placeWaiting();
    // After every slot, so that the notes end the last part whatever "See also" links come before them.
    const notesHtml = notes.renderNotes((tokens) => marked.parser(tokens));
    if (notesHtml) {
      // Links with no other place go here, at the end of the text, rather than after its notes.
      html += markers.mark(slots.push({ kind: 'end' }) - 1);
      html += repairBlocks([{ html: notesHtml, raw: true }]).blocks[0];
    }
    const clean = sanitizeHtml(html, articlePolicy(assetBase))
      // Wide tables scroll inside their own focusable box instead of widening the page.
      .replace(/<table>/g, '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>')
      .replace(/<\/table>/g, '</table></div>')
      // Long code lines scroll sideways; keyboard users need to be able to focus the block to do so.
      .replace(/<pre>/g, '<pre tabindex="0">')
      // Only allowed players are left; each keeps 16:9 at any width (a span: an embed may sit in a paragraph).
      .replace(/<iframe /g, '<span class="embed"><iframe ')
      .replace(/<\/iframe>/g, '</iframe></span>');
    // Without raw HTML every marker sits between elements by construction; with it, each is checked.
    return markers.cut(clean, slots, { check: pieces.some((piece) => piece.raw) });
  };

  return (markdown, { assetBase, file }) => {
    const refusal = bodyRefusal(markdown);
    if (refusal) return { body: failedBody(refusal.message) };
    try {
      return { body: render(markdown, assetBase) };
    } catch (err) {
      // Remembered like any rendered body: a body that fails once is not tried again on every view.
      const reason = `the body could not be rendered (${err instanceof Error ? err.message : String(err)})`;
      options.onFailure?.(file, reason);
      return { body: failedBody(reason) };
    }
  };
}
