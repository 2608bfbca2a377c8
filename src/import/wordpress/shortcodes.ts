/**
 * WordPress shortcodes (`[caption width="300"]…[/caption]`, `[gallery ids="1,2"]`) found in a body
 * and replaced by what a handler returns. Only text is matched; nothing is run.
 *
 * WordPress expands only the shortcodes a site registered, so `[sic]` or `[1]` in prose are text. The
 * same rule here: a bracket is a shortcode when its name is one WordPress or a common plugin
 * registers, when it has `key=value` attributes, or when a matching `[/name]` closes it.
 */

export interface Shortcode {
  readonly name: string;
  /** Named attributes (lower-cased keys) and positional ones under "0", "1"… */
  readonly attrs: Readonly<Record<string, string>>;
  /** The enclosed text, or null for a self-closing shortcode. */
  readonly content: string | null;
}

const KNOWN = new Set([
  'audio', 'caption', 'wp_caption', 'code', 'embed', 'gallery', 'playlist', 'sourcecode', 'source', 'video',
  'youtube', 'vimeo', 'tweet', 'twitter', 'instagram', 'soundcloud', 'googlemaps', 'slideshow', 'contact-form',
  'contact-field', 'archives', 'dailymotion', 'gist', 'spotify', 'ted', 'wpvideo', 'polldaddy', 'recipe',
]);

const OPEN = /\[(\[?)([a-z][a-z0-9_-]*)(?=[\s\]/=])([^\]]*?)(\/?)\](\]?)/g;

/** Attributes as WordPress's shortcode_parse_atts reads them. */
export function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const source = text.replace(/&quot;|&#8221;|&#8243;|&#8220;|[\u201c\u201d\u2033]/g, '"').replace(/&#8217;|&#8216;|[\u2018\u2019]/g, "'");
  const pattern = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g;
  let positional = 0;
  for (const m of source.matchAll(pattern)) {
    if (m[1] !== undefined) attrs[m[1].toLowerCase()] = m[2] ?? '';
    else if (m[3] !== undefined) attrs[m[3].toLowerCase()] = m[4] ?? '';
    else if (m[5] !== undefined) attrs[m[5].toLowerCase()] = m[6] ?? '';
    else attrs[String(positional++)] = m[7] ?? m[8] ?? m[9] ?? '';
  }
  return attrs;
}

/**
 * Replaces every shortcode in `text` by `convert(shortcode)`. `[[name]]` is WordPress's escape and
 * becomes the literal `[name]`. Content of an enclosing shortcode is handed over unconverted: the
 * handler decides whether to convert it (captions do, code does not).
 */
export function replaceShortcodes(text: string, convert: (code: Shortcode) => string, depth = 0): string {
  if (depth > 8) return text;
  let out = '';
  let from = 0;
  const pattern = new RegExp(OPEN.source, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const [whole, escOpen, name = '', rawAttrs = '', selfClose, escClose] = m;
    const start = m.index;
    let end = start + whole.length;
    const closeTag = `[/${name}]`;
    const closeAt = selfClose ? -1 : text.indexOf(closeTag, end);
    // `[youtube=https://…]` (WordPress.com style): the value after `=` is the first positional attribute.
    const attrs = rawAttrs.startsWith('=') ? { 0: rawAttrs.slice(1).trim() } : parseAttributes(rawAttrs);
    const isShortcode = KNOWN.has(name) || /[\w-]\s*=/.test(rawAttrs) || closeAt >= 0;
    if (!isShortcode) continue;
    if (escOpen && escClose) {
      out += text.slice(from, start) + whole.slice(1, -1);
      from = end;
      continue;
    }
    let content: string | null = null;
    if (closeAt >= 0) {
      content = text.slice(end, closeAt);
      end = closeAt + closeTag.length;
    }
    out += text.slice(from, start) + convert({ name, attrs, content });
    from = end;
    pattern.lastIndex = end;
  }
  return out + text.slice(from);
}
