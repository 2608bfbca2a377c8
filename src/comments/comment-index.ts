import { normaliseText, type Comment } from './comment.js';
import { byDateThenId, type JournalEntry } from './document.js';

type Changes = ReadonlyMap<string, Comment | null>;
const EMPTY: readonly Comment[] = Object.freeze([]);

/** `sorted` without the comments `changes` mentions, plus the ones it puts, still in byDateThenId order. */
export function mergeChanges(sorted: readonly Comment[], changes: Changes): Comment[] {
  const kept = sorted.filter((c) => !changes.has(c.id));
  const added = [...changes.values()].filter((c): c is Comment => c !== null).sort(byDateThenId);
  const out: Comment[] = [];
  let i = 0;
  for (const c of added) {
    while (i < kept.length && byDateThenId(kept[i]!, c) < 0) out.push(kept[i++]!);
    out.push(c);
  }
  while (i < kept.length) out.push(kept[i++]!);
  return out;
}

/**
 * Comments grouped by a key, each group oldest first. Changes are noted per group and merged in when the
 * group is next read (or has collected as many changes as it holds comments), so a write costs the size
 * of what it changed, not of everything stored. A group handed out is never changed afterwards.
 */
class SortedGroups {
  private readonly groups = new Map<string, readonly Comment[]>();
  private readonly pending = new Map<string, Map<string, Comment | null>>();

  constructor(private readonly keyOf: (c: Comment) => string, sorted: readonly Comment[]) {
    const building = new Map<string, Comment[]>();
    for (const c of sorted) {
      const key = keyOf(c);
      const group = building.get(key);
      if (group) group.push(c);
      else building.set(key, [c]);
    }
    for (const [key, group] of building) this.groups.set(key, group);
  }

  change(before: Comment | undefined, after: Comment | undefined): void {
    if (before) this.note(this.keyOf(before), before.id, null);
    if (after) this.note(this.keyOf(after), after.id, after);
  }

  get(key: string): readonly Comment[] {
    const changes = this.pending.get(key);
    if (changes) {
      this.pending.delete(key);
      const merged = mergeChanges(this.groups.get(key) ?? EMPTY, changes);
      if (merged.length > 0) this.groups.set(key, merged);
      else this.groups.delete(key);
    }
    return this.groups.get(key) ?? EMPTY;
  }

  private note(key: string, id: string, comment: Comment | null): void {
    let changes = this.pending.get(key);
    if (!changes) {
      // The first comment of a new group needs no merging.
      if (comment && !this.groups.has(key)) return void this.groups.set(key, [comment]);
      changes = new Map();
      this.pending.set(key, changes);
    }
    changes.set(id, comment);
    if (changes.size > Math.max(64, this.groups.get(key)?.length ?? 0)) this.get(key);
  }
}

const ALL = '';
const emailKey = (email: string) => email.toLowerCase();

/** Every comment in memory, with the lookups pages and posting rules need kept up to date change by change. */
export class CommentIndex {
  private readonly byId: Map<string, Comment>;
  private readonly all: SortedGroups;
  private readonly articles: SortedGroups;
  private readonly emails: SortedGroups;
  private readonly names: SortedGroups;
  /** How many approved comments each commenter key has: one makes its browser trusted. */
  private readonly approved = new Map<string, number>();

  constructor(comments: Iterable<Comment>) {
    this.byId = new Map([...comments].map((c) => [c.id, c]));
    const sorted = [...this.byId.values()].sort(byDateThenId);
    this.all = new SortedGroups(() => ALL, sorted);
    this.articles = new SortedGroups((c) => c.article, sorted);
    this.emails = new SortedGroups((c) => emailKey(c.email), sorted);
    this.names = new SortedGroups((c) => normaliseText(c.author), sorted);
    for (const c of sorted) this.countApproved(c, 1);
  }

  get = (id: string) => this.byId.get(id);
  list = () => this.all.get(ALL);
  byArticle = (article: string) => this.articles.get(article);
  byEmail = (email: string) => this.emails.get(emailKey(email));
  byAuthorName = (name: string) => this.names.get(normaliseText(name));
  isTrusted = (commenterKey: string) => (this.approved.get(commenterKey) ?? 0) > 0;

  /** Puts (a comment) or deletes (null) by id, in order; returns the articles whose comments changed. */
  apply(changes: Iterable<readonly [string, Comment | null]>): Set<string> {
    const touched = new Set<string>();
    for (const [id, after] of changes) {
      const before = this.byId.get(id);
      if (before === (after ?? undefined)) continue;
      if (after) this.byId.set(id, after);
      else this.byId.delete(id);
      for (const groups of [this.all, this.articles, this.emails, this.names]) groups.change(before, after ?? undefined);
      if (before) {
        this.countApproved(before, -1);
        touched.add(before.article);
      }
      if (after) {
        this.countApproved(after, 1);
        touched.add(after.article);
      }
    }
    return touched;
  }

  private countApproved(c: Comment, by: 1 | -1): void {
    if (c.status !== 'approved' || !c.commenterKey) return;
    const n = (this.approved.get(c.commenterKey) ?? 0) + by;
    if (n > 0) this.approved.set(c.commenterKey, n);
    else this.approved.delete(c.commenterKey);
  }
}

/**
 * A batch's changes, seen on top of the index until they are on disk: then they are applied to the
 * index; if the write fails they are dropped and the index never held them.
 */
export class Draft {
  readonly changes = new Map<string, Comment | null>();

  constructor(private readonly base: CommentIndex) {}

  get(id: string): Comment | undefined {
    const changed = this.changes.get(id);
    return changed === undefined ? this.base.get(id) : changed ?? undefined;
  }

  has = (id: string) => this.get(id) !== undefined;

  set(comment: Comment): void {
    this.changes.set(comment.id, comment);
  }

  delete(id: string): boolean {
    if (!this.has(id)) return false;
    this.changes.set(id, null);
    return true;
  }

  /** What the batch changed, as journal entries (a comment added and deleted within the batch leaves none). */
  entries(): JournalEntry[] {
    return [...this.changes].flatMap(([id, c]): JournalEntry[] => (c ? [{ put: c }] : this.base.get(id) ? [{ delete: id }] : []));
  }

  /** Ids of the comments written with this email address, in any letter case. */
  idsByEmail(email: string): string[] {
    const ids = new Set([...this.base.byEmail(email).map((c) => c.id), ...this.changes.keys()]);
    return [...ids].filter((id) => {
      const c = this.get(id);
      return c !== undefined && emailKey(c.email) === emailKey(email);
    });
  }
}
