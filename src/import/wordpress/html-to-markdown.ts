import TurndownService from 'turndown';
import { strikethrough, tables, taskListItems } from '@joplin/turndown-plugin-gfm';
import { iframeHtml, videoEmbed } from './embeds.js';

/**
 * HTML → Markdown as this blog renders it (GitHub-flavoured: tables, strikethrough, fenced code with
 * its language). What Markdown cannot say stays HTML the renderer allows: figures with captions,
 * definition lists, sub/superscript, and video players on a line of their own.
 */

type DomNode = Parameters<TurndownService.FilterFunction>[0];

/** Language of a code block from the classes WordPress plugins use: `language-js`, `lang-js`, `brush: js;`. */
export function codeLanguage(className: string): string {
  const m = /(?:^|\s)(?:language|lang)-([\w+#-]+)/.exec(className) ?? /brush:\s*([\w+#-]+)/.exec(className);
  return m?.[1]?.toLowerCase() ?? '';
}

function fence(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/^`{3,}/gm)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `\n\n${marks}${language}\n${code.replace(/^\n+|\n+$/g, '')}\n${marks}\n\n`;
}

const hasClass = (node: DomNode, name: string) => ` ${node.getAttribute('class') ?? ''} `.includes(` ${name} `);

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
  });
  service.use([tables, strikethrough, taskListItems]);
  service.remove(['script', 'style', 'noscript', 'form', 'button', 'select', 'textarea', 'input', 'object', 'embed', 'head', 'title']);
  service.keep(['dl', 'sub', 'sup', 'kbd', 'mark', 'abbr', 'ins', 'small', 'q', 'cite', 'var', 'samp']);

  service.addRule('preWithoutCode', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
    replacement: (_content, node) => fence(node.textContent ?? '', codeLanguage(node.getAttribute('class') ?? '')),
  });
  service.addRule('codeBlock', {
    filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName === 'CODE',
    replacement: (_content, node) => {
      const code = node.firstChild as DomNode;
      return fence(code.textContent ?? '', codeLanguage(`${code.getAttribute('class') ?? ''} ${node.getAttribute('class') ?? ''}`));
    },
  });
  service.addRule('iframe', {
    filter: 'iframe',
    replacement: (_content, node) => {
      const src = node.getAttribute('src') ?? '';
      const embed = videoEmbed(src, node.getAttribute('title') ?? undefined);
      if (embed) return `\n\n${iframeHtml(embed)}\n\n`;
      return /^https?:\/\//i.test(src) ? `\n\n[${src}](${src})\n\n` : '';
    },
  });
  service.addRule('media', {
    filter: ['audio', 'video'],
    replacement: (_content, node) => {
      const src = node.getAttribute('src') ?? node.querySelector('source')?.getAttribute('src') ?? '';
      const label = node.nodeName === 'AUDIO' ? 'Audio' : 'Video';
      return src ? `\n\n[${label}: ${src.replace(/^.*\//, '').replace(/[[\]]/g, '')}](${src})\n\n` : '';
    },
  });
  // A figure with a caption stays a <figure>, its image and caption Markdown between blank lines,
  // which the renderer reads as Markdown inside the HTML element.
  service.addRule('figcaption', {
    filter: 'figcaption',
    replacement: (content) => (content.trim() ? `\n\n<figcaption>\n\n${content.trim()}\n\n</figcaption>\n\n` : ''),
  });
  service.addRule('figure', {
    filter: (node) => node.nodeName === 'FIGURE' && Boolean(node.querySelector('figcaption')) && !node.querySelector('figure'),
    replacement: (content) => `\n\n<figure>\n\n${content.trim()}\n\n</figure>\n\n`,
  });
  // Block-editor galleries are lists of figures; each image becomes a paragraph (or figure) of its own.
  service.addRule('galleryList', {
    filter: (node) => (node.nodeName === 'UL' && hasClass(node, 'blocks-gallery-grid')) || (node.nodeName === 'LI' && hasClass(node, 'blocks-gallery-item')),
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  return service;
}

/** A converter from body HTML (already shaped by `autop`) to Markdown; one per import. */
export function createHtmlToMarkdown(): (html: string) => string {
  const service = createService();
  return (html) => service.turndown(html)
    .replace(/[ \t]+$/gm, (spaces) => (spaces.length >= 2 ? '  ' : ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
