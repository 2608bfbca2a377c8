import { COMMENT_STATUSES, type Comment } from './comment.js';

/** Identifies the file's format, so an unrelated JSON file is never mistaken for (and overwritten as) ours. */
export const FORMAT_NAME = 'blog-comments';
export const FORMAT_VERSION = 1;

export class CommentsFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'CommentsFileError';
  }
}

const KEYS: ReadonlyArray<keyof Comment> = [
  'id', 'article', 'parent', 'author', 'email', 'url', 'text', 'status', 'createdAt', 'heldReason', 'commenterKey',
];

const byDateThenId = (a: Comment, b: Comment) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Human-readable JSON with a fixed key order and comments sorted by date, so the file diffs well. */
export function serializeComments(comments: Iterable<Comment>): string {
  const ordered = [...comments].sort(byDateThenId).map((c) => Object.fromEntries(KEYS.map((k) => [k, c[k]])));
  return `${JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, comments: ordered }, null, 2)}\n`;
}

const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

function checkComment(value: unknown, index: number, file: string): Comment {
  const c = value as Record<string, unknown>;
  const fail = (what: string) => {
    throw new CommentsFileError(file, `comment #${index + 1}${typeof c?.id === 'string' ? ` (id ${c.id})` : ''} ${what}`);
  };
  if (!c || typeof c !== 'object' || Array.isArray(c)) fail('is not an object');
  for (const key of ['id', 'article', 'author', 'email', 'text', 'createdAt'] as const) {
    if (typeof c[key] !== 'string') fail(`has no text "${key}"`);
  }
  for (const key of ['parent', 'url', 'heldReason', 'commenterKey'] as const) {
    if (!isStringOrNull(c[key] ?? null)) fail(`has a "${key}" that is neither text nor null`);
  }
  if (!(COMMENT_STATUSES as readonly unknown[]).includes(c.status)) fail(`has an unknown status ${JSON.stringify(c.status)}`);
  return {
    id: c.id as string,
    article: c.article as string,
    parent: (c.parent as string | null) ?? null,
    author: c.author as string,
    email: c.email as string,
    url: (c.url as string | null) ?? null,
    text: c.text as string,
    status: c.status as Comment['status'],
    createdAt: c.createdAt as string,
    heldReason: (c.heldReason as string | null) ?? null,
    commenterKey: (c.commenterKey as string | null) ?? null,
  };
}

/** Parses and checks the whole file; any doubt is an error, because a file we misread must not be rewritten. */
export function parseComments(text: string, file: string): Comment[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CommentsFileError(file, `is not valid JSON (${(err as Error).message})`);
  }
  const d = doc as { format?: unknown; version?: unknown; comments?: unknown };
  if (!d || typeof d !== 'object' || d.format !== FORMAT_NAME) {
    throw new CommentsFileError(file, `is not a comments file (expected "format": "${FORMAT_NAME}")`);
  }
  if (d.version !== FORMAT_VERSION) {
    throw new CommentsFileError(file, `has format version ${JSON.stringify(d.version)}; this server reads version ${FORMAT_VERSION}`);
  }
  if (!Array.isArray(d.comments)) throw new CommentsFileError(file, 'has no "comments" list');
  const comments = d.comments.map((c, i) => checkComment(c, i, file));
  const seen = new Set<string>();
  for (const c of comments) {
    if (seen.has(c.id)) throw new CommentsFileError(file, `holds two comments with id ${c.id}`);
    seen.add(c.id);
  }
  return comments;
}
