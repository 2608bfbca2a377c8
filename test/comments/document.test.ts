import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMENT_STATUSES, type Comment } from '../../src/comments/comment.js';
import {
  CommentsFileError, FORMAT_NAME, FORMAT_VERSION, journalFileOf, journalLines, parseComments, parseJournal,
  replayJournal, serializeComments, serializeCommentsInPieces, type JournalEntry,
} from '../../src/comments/document.js';

const FILE = '/srv/blog/data/comments.json';

const comment = (over: Partial<Comment> = {}): Comment => ({
  id: 'c1',
  article: 'alpha',
  parent: null,
  author: 'Ann Reader',
  email: 'ann@example.com',
  url: null,
  text: 'A comment.',
  status: 'approved',
  createdAt: '2026-06-01T12:00:00.000Z',
  heldReason: null,
  commenterKey: null,
  ...over,
});

const document = (comments: unknown[], over: Record<string, unknown> = {}) =>
  JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, comments, ...over });

const nullableText = fc.option(fc.string({ unit: 'binary' }), { nil: null });
const commentArb: fc.Arbitrary<Comment> = fc.record({
  id: fc.stringMatching(/^[a-z0-9]{1,12}$/),
  article: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  parent: nullableText,
  author: fc.string({ unit: 'binary' }),
  email: fc.string({ unit: 'binary' }),
  url: nullableText,
  text: fc.string({ unit: 'binary' }),
  status: fc.constantFrom(...COMMENT_STATUSES),
  createdAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  heldReason: nullableText,
  commenterKey: nullableText,
});
const commentsArb = fc.uniqueArray(commentArb, { selector: (c) => c.id, maxLength: 15 });

const byDateThenId = (a: Comment, b: Comment) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The error parseComments throws for `text`, or a failure if it accepts it. */
function parseError(text: string): CommentsFileError {
  try {
    parseComments(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(CommentsFileError);
    return err as CommentsFileError;
  }
  throw new Error(`parseComments accepted ${text}`);
}

describe('serializeComments', () => {
  it('writes an empty file as the format name, the version and an empty list, pretty-printed with a final newline', () => {
    expect(serializeComments([])).toBe(`{\n  "format": "${FORMAT_NAME}",\n  "version": ${FORMAT_VERSION},\n  "comments": []\n}\n`);
  });

  it('writes every comment with the same key order, whatever order its object has', () => {
    const c = comment({ parent: 'p1', url: 'https://ann.example', heldReason: 'Held.', commenterKey: 'k' });
    const scrambled = Object.fromEntries(Object.entries(c).reverse()) as unknown as Comment;
    const text = serializeComments([scrambled]);
    expect(text).toBe(serializeComments([c]));
    const keys = Object.keys((JSON.parse(text) as { comments: object[] }).comments[0]!);
    expect(keys).toEqual(['id', 'article', 'parent', 'author', 'email', 'url', 'text', 'status', 'createdAt', 'heldReason', 'commenterKey']);
    expect(text).toContain('\n    {\n      "id": "c1",\n      "article": "alpha",\n');
  });

  it('sorts comments by date, then by id, so the same comments always give the same bytes', () => {
    fc.assert(fc.property(commentsArb, (comments) => {
      const text = serializeComments(comments);
      expect(serializeComments([...comments].reverse())).toBe(text);
      const stored = (JSON.parse(text) as { comments: Comment[] }).comments;
      expect(stored.map((c) => c.id)).toEqual([...comments].sort(byDateThenId).map((c) => c.id));
    }), { numRuns: 100 });
  });

  it('leaves out properties that are not part of a comment', () => {
    const withExtra = { ...comment(), ip: '203.0.113.9' } as Comment;
    expect(serializeComments([withExtra])).not.toContain('203.0.113.9');
  });
});

describe('parseComments', () => {
  it('reads back exactly what serializeComments wrote, including unicode and control characters', () => {
    fc.assert(fc.property(commentsArb, (comments) => {
      const text = serializeComments(comments);
      const parsed = parseComments(text, FILE);
      expect(parsed).toEqual([...comments].sort(byDateThenId));
      expect(serializeComments(parsed)).toBe(text);
    }), { numRuns: 100 });
  });

  it('reads a missing parent, url, held reason or commenter key as null', () => {
    const { parent: _p, url: _u, heldReason: _h, commenterKey: _k, ...required } = comment();
    expect(parseComments(document([required]), FILE)).toEqual([comment()]);
  });

  it.each([
    ['garbage bytes', '\u0000\u00ff\u0013garbage'],
    ['truncated JSON', serializeComments([comment()]).slice(0, 80)],
    ['an empty file', ''],
  ])('refuses %s as invalid JSON, naming the file and the parser\'s reason', (_name, text) => {
    const err = parseError(text);
    expect(err.message).toMatch(/^\/srv\/blog\/data\/comments\.json: is not valid JSON \(.+\)$/);
    expect(err.file).toBe(FILE);
    expect(err.name).toBe('CommentsFileError');
  });

  it.each([
    ['JSON that is not an object', '[]', `is not a comments file (expected "format": "${FORMAT_NAME}")`],
    ['JSON null', 'null', `is not a comments file (expected "format": "${FORMAT_NAME}")`],
    ['another format', document([], { format: 'wordpress-export' }), `is not a comments file (expected "format": "${FORMAT_NAME}")`],
    ['no format', JSON.stringify({ version: 1, comments: [] }), `is not a comments file (expected "format": "${FORMAT_NAME}")`],
    ['a newer version', document([], { version: 2 }), `has format version 2; this server reads version ${FORMAT_VERSION}`],
    ['a version as text', document([], { version: '1' }), `has format version "1"; this server reads version ${FORMAT_VERSION}`],
    ['no comment list', JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION }), 'has no "comments" list'],
    ['a comment list that is an object', document([], { comments: {} }), 'has no "comments" list'],
  ])('refuses %s, naming the file', (_name, text, detail) => {
    const err = parseError(text);
    expect(err.message).toBe(`${FILE}: ${detail}`);
    expect(err.file).toBe(FILE);
  });

  it.each([
    ['a comment that is not an object', ['x'], 'comment #1 is not an object'],
    ['a comment that is null', [null], 'comment #1 is not an object'],
    ['a comment that is a list', [[]], 'comment #1 is not an object'],
    ['a comment without an email', [{ ...comment(), email: undefined }], 'comment #1 (id c1) has no text "email"'],
    ['a comment without an id', [{ ...comment(), id: undefined }], 'comment #1 has no text "id"'],
    ['a comment whose text is a number', [{ ...comment(), text: 5 }], 'comment #1 (id c1) has no text "text"'],
    ['a comment whose parent is a number', [{ ...comment(), parent: 7 }], 'comment #1 (id c1) has a "parent" that is neither text nor null'],
    ['a comment whose url is an object', [{ ...comment(), url: {} }], 'comment #1 (id c1) has a "url" that is neither text nor null'],
    ['a comment with an unknown status', [{ ...comment(), status: 'deleted' }], 'comment #1 (id c1) has an unknown status "deleted"'],
    ['a comment without a status', [{ ...comment(), status: undefined }], 'comment #1 (id c1) has an unknown status undefined'],
    ['a second comment with a bad date', [comment(), { ...comment({ id: 'c2' }), createdAt: null }], 'comment #2 (id c2) has no text "createdAt"'],
    ['two comments with one id', [comment(), comment({ text: 'Another.' })], 'holds two comments with id c1'],
  ])('refuses %s, naming the file and the comment', (_name, comments, detail) => {
    const err = parseError(document(comments));
    expect(err.message).toBe(`${FILE}: ${detail}`);
    expect(err.file).toBe(FILE);
  });
});

describe('serializeCommentsInPieces', () => {
  it('gives exactly the bytes of serializeComments, however small the pieces', () => {
    fc.assert(fc.property(commentsArb, fc.integer({ min: 1, max: 2000 }), (comments, pieceChars) => {
      const sorted = [...comments].sort(byDateThenId);
      const pieces = [...serializeCommentsInPieces(sorted, pieceChars)];
      expect(pieces.join('')).toBe(serializeComments(comments));
      if (comments.length > 1 && pieceChars < 100) expect(pieces.length).toBeGreaterThan(1);
    }), { numRuns: 300 });
  });

  it('writes an empty list as serializeComments does', () => {
    expect([...serializeCommentsInPieces([])].join('')).toBe(serializeComments([]));
  });
});

describe('the journal', () => {
  const JOURNAL = journalFileOf(FILE);
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  const journalError = (text: string | Buffer) => {
    try {
      parseJournal(typeof text === 'string' ? bytes(text) : text, JOURNAL);
    } catch (err) {
      return err as CommentsFileError;
    }
    throw new Error('expected the journal to be refused');
  };

  it('lies beside the comments file', () => {
    expect(JOURNAL).toBe('/srv/blog/data/comments.json.journal');
  });

  it('writes one JSON line per entry, comments in the fixed key order, and reads back exactly what it wrote', () => {
    fc.assert(fc.property(commentsArb, fc.array(fc.boolean()), (comments, deletes) => {
      const entries: JournalEntry[] = comments.map((c, i) => (deletes[i] ? { delete: c.id } : { put: c }));
      const text = journalLines(entries);
      expect(text.split('\n')).toHaveLength(entries.length + 1);
      const parsed = parseJournal(bytes(text), JOURNAL);
      expect(parsed.entries).toEqual(entries);
      expect(parsed.complete).toBe(Buffer.byteLength(text));
      expect(parsed.lines).toBe(entries.length);
    }), { numRuns: 200 });
    const scrambled = Object.fromEntries(Object.entries(comment()).reverse()) as unknown as Comment;
    expect(journalLines([{ put: scrambled }, { delete: 'c9' }])).toBe(
      `{"put":{"id":"c1","article":"alpha","parent":null,"author":"Ann Reader","email":"ann@example.com","url":null,"text":"A comment.","status":"approved","createdAt":"2026-06-01T12:00:00.000Z","heldReason":null,"commenterKey":null}}\n{"delete":"c9"}\n`);
  });

  it('leaves out a last line without its line break, an append a crash cut short', () => {
    const whole = journalLines([{ put: comment() }, { delete: 'c2' }]);
    for (const torn of ['{"put":{"id":"c3","arti', '{"delete":"c4"}', '\u0000\u0000\u0000', '{"put":{"text":"Ünïc']) {
      const parsed = parseJournal(Buffer.concat([bytes(whole), bytes(torn).subarray(0, bytes(torn).length - 1)]), JOURNAL);
      expect(parsed.entries).toEqual([{ put: comment() }, { delete: 'c2' }]);
      expect(parsed.complete).toBe(Buffer.byteLength(whole));
    }
    expect(parseJournal(bytes('{"delete":"c1"'), JOURNAL)).toEqual({ entries: [], complete: 0, lines: 0 });
    expect(parseJournal(Buffer.alloc(0), JOURNAL)).toEqual({ entries: [], complete: 0, lines: 0 });
  });

  it.each([
    ['a line that is not JSON', `${journalLines([{ put: comment() }])}{"put":{"id":\n${journalLines([{ delete: 'c1' }])}`, 'journal line 2 is not valid JSON'],
    ['an empty line', `${journalLines([{ put: comment() }])}\n${journalLines([{ delete: 'c1' }])}`, 'journal line 2 is not valid JSON'],
    ['a line of another shape', '{"add":{"id":"c1"}}\n', 'journal line 1 is neither {"put": <comment>} nor {"delete": "<id>"}'],
    ['a line with both put and delete', `{"put":${JSON.stringify(comment())},"delete":"c1"}\n`, 'journal line 1 is neither {"put": <comment>} nor {"delete": "<id>"}'],
    ['a delete without an id', '{"delete":5}\n', 'journal line 1 is neither {"put": <comment>} nor {"delete": "<id>"}'],
    ['a list', '[]\n', 'journal line 1 is neither {"put": <comment>} nor {"delete": "<id>"}'],
    ['a comment without an email', `{"put":${JSON.stringify({ ...comment(), email: undefined })}}\n`, 'journal line 1: comment (id c1) has no text "email"'],
    ['a comment with an unknown status', `${journalLines([{ delete: 'x' }])}{"put":${JSON.stringify({ ...comment(), status: 'gone' })}}\n`, 'journal line 2: comment (id c1) has an unknown status "gone"'],
  ])('refuses %s, naming the journal and the line', (_name, text, detail) => {
    const err = journalError(text);
    expect(err).toBeInstanceOf(CommentsFileError);
    expect(err.file).toBe(JOURNAL);
    expect(err.message.startsWith(`${JOURNAL}: ${detail}`)).toBe(true);
  });

  it('refuses a line that is not UTF-8, rather than reading it with replacement characters', () => {
    const line = Buffer.concat([bytes('{"delete":"c'), Buffer.from([0xff, 0xfe]), bytes('"}\n')]);
    expect(journalError(line).message).toMatch(/^\/srv\/blog\/data\/comments\.json\.journal: journal line 1 is not valid JSON/);
  });

  it('numbers lines from where reading started', () => {
    expect(() => parseJournal(bytes('{"delete":"a"}\n{\n'), JOURNAL, 41)).toThrow(`${JOURNAL}: journal line 42 is not valid JSON`);
  });

  it('replays puts and deletes by id, in order, and replaying entries the file already holds changes nothing', () => {
    const base = [comment({ id: 'a' }), comment({ id: 'b' })];
    const entries: JournalEntry[] = [
      { put: comment({ id: 'c', text: 'New.' }) },
      { put: comment({ id: 'a', status: 'spam' }) },
      { delete: 'b' },
      { put: comment({ id: 'b', text: 'Back again.' }) },
      { delete: 'c' },
      { delete: 'never-existed' },
    ];
    const once = replayJournal(base, entries);
    expect([...once.values()]).toEqual([comment({ id: 'a', status: 'spam' }), comment({ id: 'b', text: 'Back again.' })]);
    // A crash between rewriting the file and emptying the journal: the file already holds every entry.
    expect(replayJournal(once.values(), entries)).toEqual(once);
    // Or only some of them: a prefix of the journal.
    expect(replayJournal(replayJournal(base, entries.slice(0, 3)).values(), entries)).toEqual(once);
  });
});
