import { COMMENT_STATUSES, type Comment } from './comment.js';
import { CommentStoreError } from './store.js';

/** Identifies the file's format, so an unrelated JSON file is never mistaken for (and overwritten as) ours. */
export const FORMAT_NAME = 'blog-comments';
export const FORMAT_VERSION = 1;

/** The comments file or its journal cannot be read or parsed: it is left as it is, for a person to look at. */
export class CommentsFileError extends CommentStoreError {
  constructor(readonly file: string, detail: string) {
    super('unreadable', `${file}: ${detail}`);
    this.name = 'CommentsFileError';
  }
}

const KEYS: ReadonlyArray<keyof Comment> = [
  'id', 'article', 'parent', 'author', 'email', 'url', 'text', 'status', 'createdAt', 'heldReason', 'commenterKey',
];

/** The order comments are listed and stored in: by date, then by id. */
export const byDateThenId = (a: Comment, b: Comment) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** A comment's fields in the fixed key order, whatever order the object had them in. */
const inKeyOrder = (c: Comment) => Object.fromEntries(KEYS.map((k) => [k, c[k]]));

/** Human-readable JSON with a fixed key order and comments sorted by date, so the file diffs well. */
export function serializeComments(comments: Iterable<Comment>): string {
  const ordered = [...comments].sort(byDateThenId).map(inKeyOrder);
  return `${JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, comments: ordered }, null, 2)}\n`;
}

/**
 * The same bytes as serializeComments, for comments already in byDateThenId order, cut into pieces of
 * about `pieceChars` characters: a writer can yield between pieces, so a large file never stalls the server.
 */
export function* serializeCommentsInPieces(sorted: readonly Comment[], pieceChars = 1 << 20): Generator<string> {
  let piece = `{\n  "format": ${JSON.stringify(FORMAT_NAME)},\n  "version": ${JSON.stringify(FORMAT_VERSION)},\n  "comments": [`;
  if (sorted.length === 0) {
    yield `${piece}]\n}\n`;
    return;
  }
  for (let i = 0; i < sorted.length; i += 1) {
    // JSON.stringify escapes line breaks inside strings, so each \n here starts a line to indent.
    piece += `${i === 0 ? '' : ','}\n    ${JSON.stringify(inKeyOrder(sorted[i]!), null, 2).replace(/\n/g, '\n    ')}`;
    if (piece.length >= pieceChars) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}\n  ]\n}\n`;
}

const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

/** Checks one stored comment; `where` says which one in messages ("comment #12", "journal line 3: comment"). */
function checkComment(value: unknown, where: string, file: string): Comment {
  const c = value as Record<string, unknown>;
  const fail = (what: string) => {
    throw new CommentsFileError(file, `${where}${typeof c?.id === 'string' ? ` (id ${c.id})` : ''} ${what}`);
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
  const comments = d.comments.map((c, i) => checkComment(c, `comment #${i + 1}`, file));
  const seen = new Set<string>();
  for (const c of comments) {
    if (seen.has(c.id)) throw new CommentsFileError(file, `holds two comments with id ${c.id}`);
    seen.add(c.id);
  }
  return comments;
}

/** The journal beside the comments file: changes made since the file was last rewritten. */
export const journalFileOf = (file: string) => `${file}.journal`;

/** One line of the journal: a comment as it now is, or the id of a comment deleted for ever. */
export type JournalEntry = { readonly put: Comment } | { readonly delete: string };

/** Journal lines (JSON Lines, each ending in \n) recording `entries` in order. */
export const journalLines = (entries: Iterable<JournalEntry>): string =>
  [...entries].map((e) => `${JSON.stringify('put' in e ? { put: inKeyOrder(e.put) } : { delete: e.delete })}\n`).join('');

export interface ParsedJournal {
  readonly entries: JournalEntry[];
  /** Bytes up to the end of the last complete line. What follows is an append cut short, never acknowledged. */
  readonly complete: number;
  /** Complete lines read. */
  readonly lines: number;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJournalLine(line: Uint8Array, n: number, file: string): JournalEntry {
  const fail = (what: string): never => {
    throw new CommentsFileError(file, `journal line ${n} ${what}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(line));
  } catch (err) {
    fail(`is not valid JSON (${(err as Error).message})`);
  }
  const v = value as Record<string, unknown> | null;
  const keys = v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
  if (keys.length === 1 && keys[0] === 'put') return { put: checkComment(v!.put, `journal line ${n}: comment`, file) };
  if (keys.length === 1 && keys[0] === 'delete' && typeof v!.delete === 'string') return { delete: v!.delete };
  return fail('is neither {"put": <comment>} nor {"delete": "<id>"}');
}

/**
 * Parses journal bytes, numbering lines from `firstLine`. Bytes after the last line break are an append
 * a crash cut short: they were never acknowledged, so they are left out rather than refused. Any other
 * line that cannot be read is an error, for the same reason as in parseComments.
 */
export function parseJournal(bytes: Uint8Array, file: string, firstLine = 1): ParsedJournal {
  const entries: JournalEntry[] = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    entries.push(parseJournalLine(bytes.subarray(start, end), firstLine + entries.length, file));
    start = end + 1;
  }
  return { entries, complete: start, lines: entries.length };
}

/**
 * The comments after replaying journal entries over the file's. Entries set or delete a comment by id,
 * so replaying entries the file already holds (a crash between rewriting it and emptying the journal) is harmless.
 */
export function replayJournal(comments: Iterable<Comment>, entries: Iterable<JournalEntry>): Map<string, Comment> {
  const byId = new Map<string, Comment>();
  for (const c of comments) byId.set(c.id, c);
  for (const e of entries) {
    if ('put' in e) byId.set(e.put.id, e.put);
    else byId.delete(e.delete);
  }
  return byId;
}
