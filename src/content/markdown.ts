import { Marked, type Token, type Tokens } from 'marked';
import { markedHighlight } from 'marked-highlight';
import hljs from 'highlight.js/lib/common';
import GithubSlugger from 'github-slugger';
import sanitizeHtml from 'sanitize-html';
import type { RenderedBody, SafeHtml, Slot } from './article.js';
import { SEE_ALSO_COMMENT, SEE_ALSO_LINE } from './plain-text.js';
import { ARTICLE_POLICY } from './sanitize-policy.js';

export interface RenderOptions {
  /** Site path that relative image and file links in the body resolve against, e.g. `/articles/hello/`. */
  readonly assetBase: string;
}

export interface RenderedMarkdown {
  readonly body: RenderedBody;
}

export type MarkdownRenderer = (markdown: string, options: RenderOptions) => RenderedMarkdown;

/** Private-use characters cannot come from an editor's keyboard, so they mark slots unambiguously. */
const SLOT_MARK = '\uE000';
const SLOT_PATTERN = new RegExp(`${SLOT_MARK}(\\d+)${SLOT_MARK}\\n?`, 'g');

const isRelative = (href: string) => href !== '' && !/^([a-z][a-z0-9+.-]*:|\/|#|\?|\.\.?\/)/i.test(href);

function decodeEntities(text: string): string {
  return text
    .replace(/&(lt|gt|quot|#39|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[e] ?? '')
    .replace(/&amp;/g, '&');
}

function slotMarker(index: number): Tokens.HTML {
  const text = `${SLOT_MARK}${index}${SLOT_MARK}\n`;
  return { type: 'html', raw: text, text, pre: false, block: true };
}

/** Finds the editor's "See also" markers and the section boundaries, and puts a slot marker at each. */
function placeSlots(tokens: readonly Token[]): { tokens: Token[]; slots: Slot[] } {
  const out: Token[] = [];
  const slots: Slot[] = [];
  const push = (slot: Slot) => {
    out.push(slotMarker(slots.length));
    slots.push(slot);
  };
  // A heading that opens the body starts no section, even after blank lines (a body read from a file starts with one).
  const first = tokens.findIndex((t) => t.type !== 'space');
  const hasSections = tokens.some((t, i) => i > first && t.type === 'heading' && (t as Tokens.Heading).depth <= 2);
  let seenContent = false;
  for (const token of tokens) {
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
    if (token.type !== 'space') seenContent = true;
    out.push(token);
  }
  return { tokens: out, slots };
}

/**
 * Builds the one function that turns an article's Markdown into sanitized HTML.
 * GitHub-flavoured Markdown, stable heading ids, server-side highlighting, tables wrapped so they scroll on
 * their own; the output is cut at "See also" slots, which the page fills in at request time.
 */
export function createMarkdownRenderer(): MarkdownRenderer {
  let slugger = new GithubSlugger();
  const marked = new Marked(
    markedHighlight({
      emptyLangClass: 'hljs',
      langPrefix: 'hljs language-',
      highlight(code, lang) {
        const language = lang && hljs.getLanguage(lang) ? lang : 'plaintext';
        return hljs.highlight(code, { language, ignoreIllegals: true }).value;
      },
    }),
    {
      gfm: true,
      renderer: {
        // The page title is the only <h1>, so a body `#` heading becomes an <h2>.
        heading({ tokens, depth, text }) {
          const level = Math.min(6, Math.max(2, depth));
          const id = slugger.slug(decodeEntities(text).replace(/<[^>]*>/g, ''));
          return `<h${level} id="${id}">${this.parser.parseInline(tokens)}</h${level}>\n`;
        },
      },
    },
  );

  return (markdown, { assetBase }) => {
    slugger = new GithubSlugger();
    const lexed = marked.lexer(markdown.replaceAll(SLOT_MARK, ''));
    const { tokens, slots } = placeSlots(lexed);
    // lexer() + parser() skip the extensions' walkTokens (highlighting), which parse() would run.
    const extensionsWalk = marked.defaults.walkTokens;
    if (extensionsWalk) marked.walkTokens(lexed, extensionsWalk);
    marked.walkTokens(lexed, (token) => {
      if ((token.type === 'image' || token.type === 'link') && isRelative(token.href)) {
        token.href = assetBase + token.href;
      }
    });
    // parser() with options would replace the instance's renderer, so it gets none.
    const html = sanitizeHtml(marked.parser(tokens), ARTICLE_POLICY)
      // Wide tables scroll inside their own focusable box instead of widening the page.
      .replace(/<table>/g, '<div class="table-scroll" tabindex="0" role="region" aria-label="Table"><table>')
      .replace(/<\/table>/g, '</table></div>')
      // Long code lines scroll sideways; keyboard users need to be able to focus the block to do so.
      .replace(/<pre>/g, '<pre tabindex="0">');
    const parts = html.split(SLOT_PATTERN).filter((_, i) => i % 2 === 0) as SafeHtml[];
    return { body: { parts, slots } };
  };
}
