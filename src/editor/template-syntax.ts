/**
 * Template syntax of other site generators (Liquid/Jekyll, Nunjucks/Eleventy, Hugo shortcodes) that
 * would reach a reader as text: this site runs no templates in articles. Code blocks and code spans
 * are fine; the scan gets the body with those already blanked (see body-scan.ts).
 */

export interface TemplateFinding {
  /** Character offset in the text scanned. */
  readonly offset: number;
  readonly message: string;
}

/** Longest tag looked at, so one unclosed `{%` costs one short scan. */
const MAX_TAG = 300;
/** `{{< name … >}}` or `{{% name … %}}`; the two delimiters are paired up when matched. */
const HUGO = new RegExp(`\\{\\{([<%])\\s*(/?)\\s*([^\\n]{0,${MAX_TAG}}?)\\s*([>%])\\}\\}`, 'g');
const HUGO_CLOSE: Record<string, string> = { '<': '>', '%': '%' };
const LIQUID_TAG = new RegExp(`\\{%-?\\s*([^\\n]{0,${MAX_TAG}}?)\\s*-?%\\}`, 'g');
const EXPRESSION = new RegExp(`\\{\\{-?\\s*([^\\n{}]{1,${MAX_TAG}}?)\\s*-?\\}\\}`, 'g');
/** Spaces in place of every character but line breaks, so later patterns do not match inside. */
const blanked = (text: string) => text.replace(/[^\n]/g, ' ');

const RAW_OPEN = /\{%-?\s*raw\s*-?%\}/g;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/g;

/** Text between `{% raw %}` and `{% endraw %}` blanked; one pass, as a missing `endraw` ends the search. */
function blankRawSections(text: string): string {
  let out = '';
  let from = 0;
  RAW_OPEN.lastIndex = 0;
  for (let open = RAW_OPEN.exec(text); open; open = RAW_OPEN.exec(text)) {
    RAW_CLOSE.lastIndex = RAW_OPEN.lastIndex;
    const close = RAW_CLOSE.exec(text);
    if (!close) break;
    out += text.slice(from, RAW_OPEN.lastIndex) + blanked(text.slice(RAW_OPEN.lastIndex, close.index));
    from = close.index;
    RAW_OPEN.lastIndex = RAW_CLOSE.lastIndex;
  }
  return out + text.slice(from);
}

/** A tag as a message quotes it: white space folded, cut short. */
function shown(tag: string): string {
  const folded = tag.replace(/\s+/g, ' ');
  return folded.length > 60 ? `${folded.slice(0, 57)}…` : folded;
}

const IMPORT_HINT = 'or run npm run import';

function liquidAdvice(tag: string, name: string, args: string): string {
  const lead = `Liquid tags are not run here and would show as text: ${shown(tag)}`;
  switch (name) {
    case 'highlight': {
      const lang = args.split(/\s+/)[0] ?? '';
      return `Liquid tags are not run here: replace ${shown(tag)} … {% endhighlight %} with a \`\`\`${lang} fence, ${IMPORT_HINT}`;
    }
    case 'raw':
      return `${lead}; remove {% raw %} and {% endraw %}: nothing in an article is read as a template`;
    case 'include':
      return `${lead}; write the included text in its place, ${IMPORT_HINT}`;
    case 'comment':
      return `${lead}; turn {% comment %} … {% endcomment %} into <!-- … -->`;
    case 'link':
    case 'post_url':
      return `${lead}; link to the article with /articles/<slug>, ${IMPORT_HINT}`;
    default:
      return `${lead}; remove it or put it in a code span (\`…\`) if it is an example, ${IMPORT_HINT}`;
  }
}

function hugoAdvice(tag: string, name: string, args: string, closing: boolean): string {
  const lead = `Hugo shortcodes are not run here and would show as text: ${shown(tag)}`;
  if (closing) return `${lead}; remove it, or write what it closes in Markdown`;
  switch (name) {
    case 'highlight': {
      const lang = args.split(/\s+/)[0]?.replace(/^["']|["']$/g, '') ?? '';
      return `Hugo shortcodes are not run here: replace ${shown(tag)} … {{< /highlight >}} with a \`\`\`${lang} fence, ${IMPORT_HINT}`;
    }
    case 'figure':
    case 'img': {
      const src = /\bsrc\s*=\s*["']?([^"'\s]+)/.exec(args)?.[1] ?? 'file.png';
      return `${lead}; write the image as ![description](${src}), ${IMPORT_HINT}`;
    }
    case 'ref':
    case 'relref':
      return `${lead}; link to the article with /articles/<slug>, ${IMPORT_HINT}`;
    default:
      return `${lead}; write the same in Markdown or HTML, ${IMPORT_HINT}`;
  }
}

/**
 * Every template tag in `prose`, with what to write instead. A closing tag (`{% endhighlight %}`,
 * `{{< /figure >}}`) is reported only when no opening tag of its name was: the opening tag's message
 * covers both. Text between `{% raw %}` and `{% endraw %}` was meant to show as written, and does.
 */
export function findTemplateSyntax(prose: string): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  const opened = new Set<string>();
  // Shortcodes first: `{{% x %}}` holds `{% x %}`, which must not be reported again as Liquid.
  let text = prose.replace(HUGO, (tag: string, open: string, closing: string, inner: string, close: string, offset: number) => {
    if (HUGO_CLOSE[open] !== close) return tag;
    const [name = '', ...rest] = inner.split(/\s+/);
    if (!(closing && opened.has(`hugo:${name}`))) {
      if (!closing) opened.add(`hugo:${name}`);
      findings.push({ offset, message: hugoAdvice(tag, name, rest.join(' '), closing !== '') });
    }
    return blanked(tag);
  });
  text = blankRawSections(text);
  text = text.replace(LIQUID_TAG, (tag: string, inner: string, offset: number) => {
    const [name = '', ...rest] = inner.split(/\s+/);
    const closes = name.startsWith('end') ? name.slice(3) : undefined;
    if (!(closes !== undefined && opened.has(`liquid:${closes}`))) {
      opened.add(`liquid:${name}`);
      findings.push({ offset, message: liquidAdvice(tag, name, rest.join(' ')) });
    }
    return blanked(tag);
  });
  for (const m of text.matchAll(EXPRESSION)) {
    findings.push({
      offset: m.index,
      message: `template expressions are not filled in here and would show as text: ${shown(m[0])}; write the text itself, or put it in a code span (\`…\`) if it is an example`,
    });
  }
  return findings.sort((a, b) => a.offset - b.offset);
}
