import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Comment, CommentStatus } from '../comments/comment.js';
import type { CommentStore } from '../comments/store.js';
import { articleFile } from './front-matter-out.js';
import type { ImportBatch, ImportedComment, ImportedPost, ImportProblem } from './model.js';

export interface WriteOptions {
  /** The content folder. */
  readonly out: string;
  /** Where comments go; undefined in a dry run. */
  readonly store: CommentStore | undefined;
  readonly dryRun: boolean;
  readonly onPost?: (done: number, total: number) => void;
}

export interface WriteReport {
  /** Articles written (in a dry run: that would be written), with their final slugs. */
  readonly written: readonly ImportedPost[];
  /** Articles left alone because the content folder already has one by that slug, with what is there. */
  readonly alreadyThere: readonly { readonly post: ImportedPost; readonly existing: string }[];
  readonly assetsCopied: number;
  /** Comments stored (in a dry run: found), by status. */
  readonly comments: Readonly<Record<CommentStatus, number>>;
  readonly commentsAlreadyThere: number;
  /** Problems met while writing (an asset that could not be copied, a reply whose parent is missing…). */
  readonly problems: readonly ImportProblem[];
}

/** What is already at `<out>/<slug>`: the bundle folder or a single file, or undefined. */
async function existingArticle(out: string, slug: string): Promise<string | undefined> {
  for (const name of [slug, `${slug}.md`, `${slug}.markdown`]) {
    if (await lstat(join(out, name)).catch(() => undefined)) return name;
  }
  return undefined;
}

/** A bundle file name that stays inside the bundle and is not ignored (no `..`, no leading dot). */
const safeAssetName = (name: string) =>
  !name.startsWith('/') && !name.includes('\\') && normalize(name) === name && name.split('/').every((p) => p && !p.startsWith('.') && !p.startsWith('_'));

/**
 * Writes the bundle in a hidden folder beside it, then renames the folder into place: an
 * interrupted run leaves a `.<slug>.importing-<pid>` folder the blog ignores, never half an article.
 */
async function writeBundle(out: string, post: ImportedPost, problems: ImportProblem[]): Promise<{ copied: number; clash: boolean }> {
  const tmp = join(out, `.${post.slug}.importing-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  let copied = 0;
  try {
    for (const asset of post.assets) {
      if (!safeAssetName(asset.name)) {
        problems.push({ source: post.source, message: `the file name "${asset.name}" cannot be used in a bundle; ${asset.from} was not copied`, lost: true });
        continue;
      }
      const target = join(tmp, asset.name);
      await mkdir(dirname(target), { recursive: true });
      try {
        await copyFile(asset.from, target, constants.COPYFILE_EXCL);
        copied += 1;
      } catch (err) {
        problems.push({ source: post.source, message: `${asset.from} could not be copied (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, lost: true });
      }
    }
    const fh = await open(join(tmp, 'index.md'), 'wx');
    try {
      await fh.writeFile(articleFile(post));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(out, post.slug));
    return { copied, clash: false };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    // Another process created the article meanwhile: it is already there.
    if (['EEXIST', 'ENOTEMPTY', 'EISDIR', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return { copied: 0, clash: true };
    throw err;
  }
}

/** Parents before their replies, otherwise oldest first. */
function parentsFirst(comments: readonly ImportedComment[]): ImportedComment[] {
  const byId = new Map(comments.map((c) => [c.sourceId, c]));
  const ordered: ImportedComment[] = [];
  const seen = new Set<string>();
  const visit = (c: ImportedComment) => {
    if (seen.has(c.sourceId)) return;
    seen.add(c.sourceId);
    const parent = c.parentSourceId ? byId.get(c.parentSourceId) : undefined;
    if (parent) visit(parent);
    ordered.push(c);
  };
  [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).forEach(visit);
  return ordered;
}

/**
 * Turns an import batch into bundles and stored comments. Never overwrites: an article whose slug is
 * taken is left as it is, and a comment whose id is stored is not stored again, so a second run adds
 * nothing. Comments of an article that was already there are still imported when missing: their ids
 * come from the old site, so they can only belong to that article.
 */
export async function writeBatch(batch: ImportBatch, options: WriteOptions): Promise<WriteReport> {
  const problems: ImportProblem[] = [];
  const written: ImportedPost[] = [];
  const alreadyThere: { post: ImportedPost; existing: string }[] = [];
  const comments: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, trash: 0 };
  let commentsAlreadyThere = 0;
  let assetsCopied = 0;
  const taken = new Set<string>();
  if (!options.dryRun) await mkdir(options.out, { recursive: true });

  for (const [index, original] of batch.posts.entries()) {
    let slug = original.slug;
    for (let n = 2; taken.has(slug); n += 1) slug = `${original.slug}-${n}`;
    taken.add(slug);
    if (slug !== original.slug) problems.push({ source: original.source, message: `the slug "${original.slug}" is used by another item of this import; this one is at /articles/${slug}`, lost: false });
    const post = slug === original.slug ? original : { ...original, slug };

    const existing = await existingArticle(options.out, slug);
    if (existing) alreadyThere.push({ post, existing });
    else if (options.dryRun) written.push(post);
    else {
      const result = await writeBundle(options.out, post, problems);
      if (result.clash) alreadyThere.push({ post, existing: slug });
      else written.push(post);
      assetsCopied += result.copied;
    }

    const ids = new Set(post.comments.map((c) => c.sourceId));
    for (const c of parentsFirst(post.comments)) {
      const id = `${batch.from}-${c.sourceId}`;
      const parentKnown = c.parentSourceId !== null && (ids.has(c.parentSourceId) || (await options.store?.get(`${batch.from}-${c.parentSourceId}`)) !== undefined);
      if (c.parentSourceId !== null && !parentKnown) {
        problems.push({ source: post.source, message: `comment ${c.sourceId} answers comment ${c.parentSourceId}, which is not imported; it is shown as a top-level comment`, lost: false });
      }
      if (!options.store) {
        comments[c.status] += 1;
        continue;
      }
      if (await options.store.get(id)) {
        commentsAlreadyThere += 1;
        continue;
      }
      const stored: Comment = {
        id,
        article: slug,
        parent: parentKnown ? `${batch.from}-${c.parentSourceId}` : null,
        author: c.author,
        email: c.email,
        url: c.url,
        text: c.text,
        status: c.status,
        createdAt: c.createdAt,
        heldReason: null,
        commenterKey: null,
      };
      await options.store.add(stored);
      comments[c.status] += 1;
    }
    options.onPost?.(index + 1, batch.posts.length);
  }
  return { written, alreadyThere, assetsCopied, comments, commentsAlreadyThere, problems };
}

