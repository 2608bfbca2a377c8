/**
 * A small XML writer for the feeds. Every value from content or visitors passes through one of the
 * escapes below, so a title, tag or comment can never end an element early, add one, or carry a
 * character an XML parser rejects.
 *
 * Written here because xmlbuilder2 4 leaves `&` unescaped when an entity-like `name;` or `#123;`
 * follows it (a title `&x;` would be an undefined entity) and throws on `]]>` in CDATA instead of splitting it.
 */

export type Attributes = Readonly<Record<string, string>>;

/** Child elements, plain text (escaped), or text kept readable in CDATA sections. */
export type XmlContent = readonly XmlElement[] | { readonly text: string } | { readonly cdata: string };

export interface XmlElement {
  readonly name: string;
  readonly attributes: Attributes;
  readonly content: XmlContent;
}

export const element = (name: string, attributes: Attributes, children: readonly XmlElement[]): XmlElement =>
  ({ name, attributes, content: children });

export const textElement = (name: string, text: string, attributes: Attributes = {}): XmlElement =>
  ({ name, attributes, content: { text } });

export const cdataElement = (name: string, text: string, attributes: Attributes = {}): XmlElement =>
  ({ name, attributes, content: { cdata: text } });

/**
 * Characters outside XML 1.0's `Char` production: C0 controls other than tab, LF and CR, lone
 * surrogates, U+FFFE and U+FFFF. No escape can carry them, so they are dropped.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with every character XML 1.0 forbids removed. */
const xmlChars = (text: string): string => text.replace(FORBIDDEN, '');

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// Tab and line breaks as references too: a parser turns literal ones in attributes into spaces.
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** Element text: `&`, `<`, `>` escaped, and CR as a reference so parsers keep it. */
const escapeText = (text: string): string => xmlChars(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);

/** A double-quoted attribute value. */
const escapeAttribute = (value: string): string =>
  xmlChars(value).replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);

/**
 * Text in CDATA, split wherever it holds `]]>` (which would end the section) and around CR (which a
 * parser turns into LF inside CDATA), so it reads back exactly.
 */
const cdataSection = (text: string): string =>
  `<![CDATA[${xmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>').replaceAll('\r', ']]>&#13;<![CDATA[')}]]>`;

const INDENT = '    ';

function startTag(el: XmlElement): string {
  const attributes = Object.entries(el.attributes).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`);
  return `<${el.name}${attributes.join('')}`;
}

function writeElement(el: XmlElement, depth: number): string {
  const indent = INDENT.repeat(depth);
  const { content } = el;
  if ('text' in content) return `${indent}${startTag(el)}>${escapeText(content.text)}</${el.name}>`;
  if ('cdata' in content) return `${indent}${startTag(el)}>${cdataSection(content.cdata)}</${el.name}>`;
  if (content.length === 0) return `${indent}${startTag(el)}/>`;
  const children = content.map((child) => writeElement(child, depth + 1));
  return [`${indent}${startTag(el)}>`, ...children, `${indent}</${el.name}>`].join('\n');
}

/** A whole UTF-8 document, indented for people reading the feed. */
export const xmlDocument = (root: XmlElement): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n${writeElement(root, 0)}\n`;
