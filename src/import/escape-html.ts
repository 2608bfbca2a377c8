/**
 * Escaping for the HTML an import writes into Markdown files: `&`, `<`, `>` and `"` only, so that the
 * files stay readable to the people who edit them next (`The log's logo`, not `The log&#39;s logo`).
 */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
