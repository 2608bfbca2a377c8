import sanitizeHtml from 'sanitize-html';

/**
 * What article HTML may contain after rendering. Everything else (script, style, iframes, forms,
 * event-handler attributes, javascript: and data: links) is removed.
 */
export const ARTICLE_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'strong', 'em', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small',
    'sub', 'sup', 'abbr', 'cite', 'q', 'span', 'div', 'img', 'figure', 'figcaption', 'picture', 'source',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
    'details', 'summary', 'input', 'time',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'id'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'type', 'media'],
    h1: ['id'], h2: ['id'], h3: ['id'], h4: ['id'], h5: ['id'], h6: ['id'],
    th: ['align', 'colspan', 'rowspan', 'scope'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start', 'reversed'],
    li: ['id'],
    abbr: ['title'],
    time: ['datetime'],
    details: ['open'],
    input: ['type', 'checked', 'disabled'],
    code: ['class'],
    span: ['class'],
    pre: ['class'],
  },
  allowedClasses: {
    code: ['hljs', 'language-*'],
    pre: ['hljs', 'language-*'],
    span: ['hljs-*', 'language-*'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    // Task-list checkboxes are the only inputs an article may show, and they are read-only.
    input: (tagName, attribs) => ({
      tagName,
      attribs: attribs.type === 'checkbox'
        ? { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) }
        : {},
    }),
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      const rel = new Set((attribs.rel ?? '').split(/\s+/).filter(Boolean));
      if (external) rel.add('noopener');
      const { rel: _ignored, ...rest } = attribs;
      return { tagName, attribs: rel.size ? { ...rest, rel: [...rel].join(' ') } : rest };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
  // Any other input (a form's text field) is not a task-list item: drop it rather than show a stray checkbox.
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  // Drop the contents of these instead of keeping their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed'],
};
