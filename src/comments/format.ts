import sanitizeHtml from 'sanitize-html';
import type { SafeHtml } from '../content/article.js';
import { escapeHtml } from '../html.js';


// Trailing punctuation is more often the sentence's than the link's.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

const COMMENT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
};

/**
 * Escapes one line and links its web addresses. Addresses are found in the raw text, as countLinks
 * finds them: in escaped text an address would run into `&lt;`, `&gt;` or `&quot;` and end mid-entity,
 * showing a stray ";" after it and wrapping the next word in the link.
 */
function linkify(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = escapeHtml(match[0]);
    html += `${escapeHtml(line.slice(last, match.index))}<a href="${url}" rel="nofollow ugc noopener">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(last));
}

/**
 * A visitor's plain text as HTML: escaped, paragraphs on blank lines, line breaks kept, web addresses
 * linked with rel="nofollow ugc noopener". The result still goes through sanitize-html.
 */
export function commentBodyHtml(text: string): SafeHtml {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  const html = paragraphs
    .map((p) => `<p>${p.split('\n').map(linkify).join('<br>\n')}</p>`)
    .join('\n');
  return sanitizeHtml(html, COMMENT_POLICY) as SafeHtml;
}

/** Number of web addresses in a text, for the "too many links" rule. */
export const countLinks = (text: string) => (text.match(URL_PATTERN) ?? []).length;
