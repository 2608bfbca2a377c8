import sanitizeHtml from 'sanitize-html';
import { EMBED_ORIGINS, embedAttributes } from './embeds.js';
import { NOTES_HEADING_ID } from './footnotes.js';
import { resolveBodyUrl, resolveSrcset } from './relative-urls.js';

type Attributes = sanitizeHtml.Attributes;

/** Media files come from the article's folder (resolved to this site) or over HTTPS. */
const MEDIA_SCHEMES = ['https'];

/**
 * What article HTML may contain after rendering, for an article whose files are served under
 * `assetBase` (e.g. `/articles/hello/`). Everything else (script, style, forms, event-handler
 * attributes, javascript: and data: links, iframes other than the allowed video players) is removed.
 * Relative URLs in `href`, `src`, `poster` and `srcset` are resolved against the article's folder.
 */
export function articlePolicy(assetBase: string): sanitizeHtml.IOptions {
  /** The attributes with the URLs in `names` resolved; attributes absent stay absent. */
  const resolved = (attribs: Attributes, names: readonly string[]): Attributes => {
    const out = { ...attribs };
    for (const name of names) {
      const value = attribs[name];
      if (value !== undefined) out[name] = name === 'srcset' ? resolveSrcset(value, assetBase) : resolveBodyUrl(value, assetBase);
    }
    return out;
  };

  /** Without `name` unless it names the footnotes heading: references and the notes section point there, nothing else may. */
  const notesOnly = (attribs: Attributes, name: string): Attributes => {
    if (attribs[name] === undefined || attribs[name] === NOTES_HEADING_ID) return attribs;
    const { [name]: _dropped, ...rest } = attribs;
    return rest;
  };
  // What an iframe holds is never shown (browsers read it as text): it goes, with whatever it is.
  let openIframes = 0;

  return {
    allowedTags: [
      'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
      'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'strong', 'em', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small',
      'sub', 'sup', 'abbr', 'cite', 'q', 'span', 'div', 'img', 'figure', 'figcaption', 'picture', 'source',
      'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
      'details', 'summary', 'input', 'time', 'section', 'video', 'audio', 'track', 'iframe',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'id', 'class', 'aria-label', 'aria-describedby'],
      img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
      source: ['src', 'srcset', 'sizes', 'type', 'media'],
      video: ['src', 'poster', 'width', 'height', 'controls', 'preload', 'loop', 'muted', 'playsinline'],
      audio: ['src', 'controls', 'preload', 'loop', 'muted'],
      track: ['src', 'kind', 'srclang', 'label', 'default'],
      iframe: ['src', 'title', 'loading', 'allowfullscreen', 'referrerpolicy'],
      section: ['class', 'aria-labelledby'],
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
      a: ['footnote-ref', 'footnote-backref'],
      section: ['footnotes'],
      code: ['hljs', 'language-*'],
      pre: ['hljs', 'language-*'],
      span: ['hljs-*', 'language-*'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], video: MEDIA_SCHEMES, audio: MEDIA_SCHEMES, source: MEDIA_SCHEMES, track: MEDIA_SCHEMES, iframe: ['https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
    allowProtocolRelative: false,
    // Checked again after `embedAttributes` chose the player: nothing else may be framed.
    allowedIframeHostnames: EMBED_ORIGINS.map((origin) => new URL(origin).hostname),
    allowIframeRelativeUrls: false,
    transformTags: {
      // Task-list checkboxes are the only inputs an article may show, and they are read-only.
      input: (tagName, attribs) => ({
        tagName,
        attribs: attribs.type === 'checkbox'
          ? { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) }
          : {},
      }),
      a: (tagName, attribs) => {
        const { rel: _ignored, ...rest } = notesOnly(resolved(attribs, ['href']), 'aria-describedby');
        const rel = new Set((attribs.rel ?? '').split(/\s+/).filter(Boolean));
        if (/^https?:\/\//i.test(rest.href ?? '')) rel.add('noopener');
        return { tagName, attribs: rel.size ? { ...rest, rel: [...rel].join(' ') } : rest };
      },
      img: (tagName, attribs) => ({ tagName, attribs: { ...resolved(attribs, ['src', 'srcset']), loading: 'lazy' } }),
      source: (tagName, attribs) => ({ tagName, attribs: resolved(attribs, ['src', 'srcset']) }),
      track: (tagName, attribs) => ({ tagName, attribs: resolved(attribs, ['src']) }),
      section: (tagName, attribs) => ({ tagName, attribs: notesOnly(attribs, 'aria-labelledby') }),
      // Readers start media themselves, with the browser's controls; only its size is fetched up front.
      video: (tagName, attribs) => ({ tagName, attribs: { ...resolved(attribs, ['src', 'poster']), controls: '', preload: 'metadata' } }),
      audio: (tagName, attribs) => ({ tagName, attribs: { ...resolved(attribs, ['src']), controls: '', preload: 'metadata' } }),
      // An iframe that is no allowed player loses its src, and `exclusiveFilter` then removes it.
      iframe: (tagName, attribs) => ({ tagName, attribs: embedAttributes(attribs) ?? {}, text: '' }),
    },
    onOpenTag: (name) => {
      if (name === 'iframe') openIframes += 1;
    },
    // Called before `exclusiveFilter` sees the element that closes here.
    onCloseTag: (name) => {
      if (name === 'iframe') openIframes = Math.max(0, openIframes - 1);
    },
    exclusiveFilter: (frame) =>
      // Any other input (a form's text field) is not a task-list item: drop it rather than show a stray checkbox.
      (frame.tag === 'input' && frame.attribs.type !== 'checkbox') ||
      (frame.tag === 'iframe' && !frame.attribs.src) ||
      openIframes > 0,
    // Void elements, written without an end tag.
    selfClosing: [...(sanitizeHtml.defaults.selfClosing ?? []), 'source', 'track', 'col', 'wbr'],
    // Drop the contents of these instead of keeping their text.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'object', 'embed'],
  };
}
