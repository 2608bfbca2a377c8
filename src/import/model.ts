import type { Comment } from '../comments/comment.js';

/**
 * What an import reads from another blog, before anything is written: every reader (a WordPress
 * export, a Jekyll or Hugo folder…) produces this, and one writer turns it into bundles, comments
 * and redirects.
 */

/** Where an item came from, as the summary names it: `_posts/2019-05-01-x.md:3` or `WordPress post 123`. */
export type SourcePlace = string;

/** Something that could not be brought over as it was. */
export interface ImportProblem {
  readonly source: SourcePlace;
  readonly message: string;
  /**
   * True when something the old site showed is missing from the new one (a post not imported, an
   * image not found, a shortcode removed with its content): the import then exits non-zero.
   * False for what was converted with a change worth knowing (a shortcode turned into a link).
   */
  readonly lost: boolean;
}

/** How the old site published the item. `scheduled` keeps its future date; `draft` and `private` become drafts. */
export type ImportedStatus = 'published' | 'scheduled' | 'draft' | 'private';

/** A file to copy into the article's bundle. */
export interface ImportedAsset {
  /** File name inside the bundle, as the Markdown body refers to it (`photo.png`, `images/a.png`). */
  readonly name: string;
  /** Absolute path of the file to copy. */
  readonly from: string;
}

/** A comment as stored (plain text, ISO date), named by its old site's ids instead of the store's. */
export interface ImportedComment extends Pick<Comment, 'author' | 'email' | 'url' | 'text' | 'status' | 'createdAt'> {
  /** The comment's id on the old site; with the source kind it makes the stored id, so a second import finds it. */
  readonly sourceId: string;
  /** The `sourceId` of the comment it answers, or null for a top-level comment. */
  readonly parentSourceId: string | null;
}

export interface ImportedPost {
  readonly kind: 'post' | 'page';
  readonly source: SourcePlace;
  /** The new URL is `/articles/<slug>`; the bundle is `<out>/<slug>/index.md`. */
  readonly slug: string;
  readonly title: string;
  /** As written in front matter: ISO date or date-time with the old site's offset, e.g. `2019-05-03T10:00:00+02:00`. */
  readonly date: string;
  readonly updated?: string;
  readonly status: ImportedStatus;
  readonly author?: string;
  /** Tags and categories of the old site, in order, without duplicates. */
  readonly tags: readonly string[];
  readonly description?: string;
  /** Front matter `image`: a name of a file in `assets`, or an absolute URL. */
  readonly image?: string;
  /** The body, converted to Markdown this blog renders. */
  readonly markdown: string;
  readonly assets: readonly ImportedAsset[];
  /** Old site paths of this item (`/2019/05/slug/`, `/?p=123`), each to answer 301 to the new URL. */
  readonly redirectFrom: readonly string[];
  readonly comments: readonly ImportedComment[];
  /** False when the old site had closed comments on it. */
  readonly commentsOpen: boolean;
}

/** Everything one reader found. */
export interface ImportBatch {
  /** `wordpress`, `jekyll`, `hugo`…: also the prefix of imported comment ids. */
  readonly from: string;
  readonly posts: readonly ImportedPost[];
  /** Items not converted at all, and changes worth knowing, with where they came from. */
  readonly problems: readonly ImportProblem[];
  /** Images the old site's posts point to by URL that were not copied (WordPress without `--uploads`). */
  readonly imagesNotCopied: readonly string[];
}
