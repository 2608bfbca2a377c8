import sanitizeHtml from 'sanitize-html';
import type { SafeHtml } from '../content/article.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// Trailing punctuation is more often the sentence's than the link's.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

const COMMENT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
};

function linkify(escapedLine: string): string {
  return escapedLine.replace(URL_PATTERN, (url) => `<a href="${url}" rel="nofollow ugc noopener">${url}</a>`);
}

/**
 * A visitor's plain text as HTML: escaped, paragraphs on blank lines, line breaks kept, web addresses
 * linked with rel="nofollow ugc noopener". The result still goes through sanitize-html.
 */
export function commentBodyHtml(text: string): SafeHtml {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n\s*\n/);
  const html = paragraphs
    .map((p) => `<p>${p.split('\n').map((line) => linkify(escapeHtml(line))).join('<br>\n')}</p>`)
    .join('\n');
  return sanitizeHtml(html, COMMENT_POLICY) as SafeHtml;
}

/** Number of web addresses in a text, for the "too many links" rule. */
export const countLinks = (text: string) => (text.match(URL_PATTERN) ?? []).length;
