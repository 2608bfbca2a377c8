import { parseDocument, DomUtils } from 'htmlparser2';

type Node = ReturnType<typeof parseDocument>['children'][number];

/**
 * Comments here are plain text (the blog formats them itself), so a WordPress comment's HTML becomes
 * text: paragraphs and line breaks kept as blank lines and newlines, a link's URL written after its
 * words, images by their alt text, every other tag dropped.
 */

const BLOCKS = /^(p|div|blockquote|ul|ol|h[1-6]|pre|table|tr|dl|dt|dd|figure|figcaption|address|section|article|hr)$/;

function walk(nodes: readonly Node[], out: string[], depth: number): void {
  for (const node of nodes) {
    if (DomUtils.isText(node)) out.push(node.data);
    else if (DomUtils.isTag(node)) {
      const name = node.name.toLowerCase();
      if (name === 'br') out.push('\n');
      else if (name === 'img') out.push(node.attribs.alt ? `[${node.attribs.alt}]` : '');
      else if (name === 'script' || name === 'style') continue;
      else if (depth > 64) out.push(DomUtils.textContent(node));
      else {
        const block = BLOCKS.test(name);
        if (block) out.push('\n\n');
        if (name === 'li') out.push('\n- ');
        walk(node.children, out, depth + 1);
        const href = name === 'a' ? node.attribs.href ?? '' : '';
        const words = DomUtils.textContent(node).trim();
        if (/^https?:\/\//i.test(href) && words !== href && words.replace(/\/$/, '') !== href.replace(/\/$/, '')) out.push(` (${href})`);
        if (block) out.push('\n\n');
        else if (name === 'li') out.push('\n');
      }
    }
  }
}

export function commentPlainText(html: string): string {
  const out: string[] = [];
  walk(parseDocument(html, { decodeEntities: true }).children, out, 0);
  return out.join('')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text of a title or name that may hold markup or character references. */
export function plainLine(html: string): string {
  return DomUtils.textContent(parseDocument(html, { decodeEntities: true })).replace(/\s+/g, ' ').trim();
}
