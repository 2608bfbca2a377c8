import { parseDocument, DomUtils } from 'htmlparser2';
import { escapeHtml } from '../escape-html.js';

type Node = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<Node, { name: string; attribs: Record<string, string> }>;

/**
 * WordPress stores classic-editor bodies as text with blank lines, not <p>, and adds the paragraphs
 * when it shows the post (wpautop): a blank line ends a paragraph, a single newline is a line break.
 * This walks the parsed body, adds those paragraphs and breaks where WordPress would, and rewrites
 * URLs on the way; the result is HTML for the Markdown converter. Posts written with the block
 * editor already hold their <p>, and WordPress leaves them alone: so does `paragraphs: false`.
 */

export interface AutopOptions {
  /** Add paragraphs and line breaks (classic-editor bodies). */
  readonly paragraphs: boolean;
  /** New value for an `href` or `src`, or undefined to keep it. */
  readonly rewriteUrl: (url: string, attribute: 'href' | 'src') => string | undefined;
}

const BLOCKS = new Set(['table', 'thead', 'tfoot', 'caption', 'col', 'colgroup', 'tbody', 'tr', 'td', 'th', 'div', 'dl', 'dd', 'dt',
  'ul', 'ol', 'li', 'pre', 'form', 'map', 'area', 'blockquote', 'address', 'math', 'style', 'p', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'hr', 'fieldset', 'legend', 'section', 'article', 'aside', 'hgroup', 'header', 'footer', 'nav', 'figure', 'figcaption',
  'details', 'menu', 'summary', 'main', 'iframe', 'video', 'audio', 'object', 'script', 'noscript']);
/** Blocks holding other blocks and loose text: their text runs become paragraphs. */
const CONTAINERS = new Set(['blockquote', 'div', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'figure', 'details', 'form', 'fieldset']);
/** Blocks that hold one paragraph at most: a blank line in them is a line break. */
const SINGLE = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dt', 'caption', 'figcaption', 'summary', 'legend', 'address']);
/** Blocks whose text is kept exactly as written. */
const RAW = new Set(['pre', 'script', 'style', 'textarea', 'math']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Attributes that only mattered to WordPress's own styles and scripts. */
const DROPPED_ATTRIBUTES = new Set(['srcset', 'sizes', 'style', 'data-id', 'data-link', 'data-full-url', 'onclick', 'onload', 'onerror']);

export const MAX_BODY_DEPTH = 64;

const isElement = (n: Node): n is Element => DomUtils.isTag(n);

function openTag(el: Element, options: AutopOptions): string {
  const attrs = Object.entries(el.attribs)
    .filter(([key]) => !DROPPED_ATTRIBUTES.has(key.toLowerCase()) && !key.toLowerCase().startsWith('on'))
    .map(([key, value]) => {
      const kind = key === 'href' ? 'href' : key === 'src' ? 'src' : undefined;
      const next = kind ? options.rewriteUrl(value, kind) ?? value : value;
      return ` ${key}="${escapeHtml(next).replace(/\n/g, "&#10;")}"`;
    });
  return `<${el.name}${attrs.join('')}>`;
}

function renderElement(el: Element, options: AutopOptions, depth: number): string {
  if (VOID.has(el.name)) return openTag(el, options);
  if (RAW.has(el.name)) {
    // <pre><code class="language-x"> keeps its <code>, which carries the language.
    const inner = el.children.filter(isElement);
    const code = el.name === 'pre' && inner.length === 1 && inner[0]?.name === 'code' ? inner[0] : undefined;
    const text = escapeHtml(DomUtils.textContent(el));
    return `${openTag(el, options)}${code ? `${openTag(code, options)}${text}</code>` : text}</${el.name}>`;
  }
  // Past this depth the structure is flattened to its text: a body is not a place for 64 nested boxes.
  if (depth > MAX_BODY_DEPTH) return escapeHtml(DomUtils.textContent(el));
  const mode: Mode = !options.paragraphs ? 'plain' : CONTAINERS.has(el.name) ? 'paragraphs' : SINGLE.has(el.name) ? 'line'
    : BLOCKS.has(el.name) ? 'breaks' : 'inline';
  return `${openTag(el, options)}${renderChildren(el.children, options, mode, depth + 1)}</${el.name}>`;
}

/**
 * How text runs are shaped inside an element: `paragraphs` (blank lines split paragraphs), `breaks`
 * (one paragraph stays bare, several become <p>), `line` (never a <p>), `inline` and `plain` (as written).
 */
type Mode = 'paragraphs' | 'breaks' | 'line' | 'inline' | 'plain';

/** A text run between blocks, as WordPress shows it. */
function shapeRun(run: string, mode: Mode): string {
  if (mode === 'plain' || mode === 'inline') return run;
  const trimmed = run.trim();
  if (!trimmed) return '';
  const breaks = (text: string) => text.replace(/[ \t]*\n\s*/g, '<br>\n');
  if (mode === 'line') return breaks(trimmed);
  const parts = trimmed.split(/\n[ \t]*\n\s*/);
  if (mode === 'breaks' && parts.length === 1) return breaks(trimmed);
  return parts.map((p) => `<p>${breaks(p.trim())}</p>\n`).join('');
}

function renderChildren(nodes: readonly Node[], options: AutopOptions, mode: Mode, depth: number): string {
  let out = '';
  let run = '';
  for (const node of nodes) {
    if (DomUtils.isText(node)) run += escapeHtml(node.data);
    else if (isElement(node)) {
      if (BLOCKS.has(node.name) && mode !== 'inline') {
        out += shapeRun(run, mode);
        run = '';
        out += `${renderElement(node, options, depth)}\n`;
      } else run += renderElement(node, options, depth);
    }
    // Comments (<!--more-->, <!-- wp:… -->) and processing instructions are dropped.
  }
  return out + shapeRun(run, mode);
}

/** The body as HTML ready for conversion to Markdown. */
export function autop(html: string, options: AutopOptions): string {
  const doc = parseDocument(html, { decodeEntities: true });
  return renderChildren(doc.children, options, options.paragraphs ? 'paragraphs' : 'plain', 0);
}
