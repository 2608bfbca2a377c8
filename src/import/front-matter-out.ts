import type { ImportedPost } from './model.js';

/**
 * Front matter for an imported article. Every text value is written as a JSON string, which is also a
 * valid YAML double-quoted scalar: no title, tag or path can be misread as a number, a date, a
 * boolean, a comment or a second key, whatever characters it holds.
 */

/** A YAML-safe quoted string: JSON's escapes, plus the characters YAML refuses or reads as line breaks. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const list = (key: string, values: readonly string[]) =>
  values.length ? [`${key}:`, ...values.map((v) => `  - ${yamlString(v)}`)] : [];

/** The whole `index.md`: front matter, then the Markdown body. */
export function articleFile(post: ImportedPost): string {
  const lines = [
    '---',
    `# Imported from ${post.source.replace(/[\r\n]+/g, ' ')}`,
    `title: ${yamlString(post.title)}`,
    `date: ${yamlString(post.date)}`,
    ...(post.updated ? [`updated: ${yamlString(post.updated)}`] : []),
    ...(post.description ? [`description: ${yamlString(post.description)}`] : []),
    ...list('tags', post.tags),
    ...(post.author ? [`author: ${yamlString(post.author)}`] : []),
    ...(post.status === 'draft' || post.status === 'private' ? ['draft: true'] : []),
    ...(post.image ? [`image: ${yamlString(post.image)}`] : []),
    ...(post.commentsOpen ? [] : ['comments: false']),
    ...list('redirect_from', post.redirectFrom),
    '---',
    '',
  ];
  const body = post.markdown.trim();
  return `${lines.join('\n')}${body ? `\n${body}\n` : ''}`;
}
