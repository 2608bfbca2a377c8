import type { TermTally } from './terms.js';

/** HTML that has been through sanitize-html (or built only from escaped text). */
export type SafeHtml = string & { readonly __safe: unique symbol };

export interface Tag {
  readonly name: string;
  /** URL form, as in /tags/<slug>. */
  readonly slug: string;
}

/**
 * A place in the body where a "See also" link may go.
 * - `ref`: the editor named the article (`See also: <slug or title>` or `<!-- see-also: slug -->`);
 * - `next`: the editor marked the spot (`<!-- see-also -->`) for the next link in the list;
 * - `section`: a boundary before a top-level section, used when spreading links automatically;
 * - `block`: a boundary between top-level blocks, used only when the body has no sections;
 * - `end`: the end of the text, before its footnotes, for links that have no other place.
 */
export type Slot =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'next' }
  | { readonly kind: 'section' }
  | { readonly kind: 'block' }
  | { readonly kind: 'end' };

/** Rendered body cut at every slot: `parts.length === slots.length + 1`. */
export interface RenderedBody {
  readonly parts: readonly SafeHtml[];
  readonly slots: readonly Slot[];
  /**
   * Why the body could not be rendered (too deeply nested, or the renderer failed). Then `parts` is one
   * empty string and `slots` is empty: the page shows a notice instead, and feeds leave the article out.
   */
  readonly failure?: string;
}

export interface Article {
  readonly slug: string;
  /** Source file relative to the content folder, e.g. `hello.md` or `hello/index.md`. */
  readonly file: string;
  readonly title: string;
  readonly date: Date;
  readonly updated?: Date;
  readonly description?: string;
  /** Description, or else the first paragraph as plain text. */
  readonly excerpt: string;
  readonly tags: readonly Tag[];
  readonly author?: string;
  readonly draft: boolean;
  /** Former slugs, redirected here; comments posted under them stay with the article. */
  readonly aliases: readonly string[];
  /** Old site paths (any path, with an optional query) answered with a permanent redirect to this article. */
  readonly redirectFrom: readonly string[];
  /** When the article stops being published. */
  readonly expires?: Date;
  /** False when front matter says `comments: false`. */
  readonly commentsEnabled: boolean;
  /** Slugs or titles named in front matter `see_also`, in order. */
  readonly seeAlso: readonly string[];
  /** Site path or absolute URL of the preview image. */
  readonly image?: string;
  readonly readingMinutes: number;
  readonly wordCount: number;
  /** Rendered on first use and kept. */
  readonly body: RenderedBody;
  /** Articles named in the body by `See also:` lines or comments, known without rendering it. */
  readonly slotRefs: readonly string[];
  /** Terms of the body's plain text with their counts, for search and relatedness. */
  readonly bodyTerms: TermTally;
  /** The Markdown body as written, below the front matter. */
  readonly markdown: string;
  /** Files beside a bundle's index.md, by name, with their absolute paths. */
  readonly assets: ReadonlyMap<string, string>;
}

export interface ArticleLink {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
}
