export interface ThreadNode<T> {
  readonly item: T;
  readonly depth: number;
  readonly replies: readonly ThreadNode<T>[];
}

/**
 * Nests comments under their parents, oldest first at every level. Replies deeper than `maxDepth`
 * are shown at the deepest level (as WordPress does); a reply whose parent is not in the list is a
 * top-level comment.
 */
export function threadComments<T extends { id: string; parent: string | null }>(items: readonly T[], maxDepth: number): ThreadNode<T>[] {
  const ids = new Set(items.map((c) => c.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const key = item.parent && ids.has(item.parent) && item.parent !== item.id ? item.parent : null;
    (children.get(key) ?? children.set(key, []).get(key)!).push(item);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): ThreadNode<T>[] =>
    (children.get(parent) ?? []).flatMap((item) => {
      if (seen.has(item.id)) return [];
      seen.add(item.id);
      if (depth >= maxDepth) {
        // Too deep to indent further: this reply and its own replies become siblings at this depth.
        const flat: ThreadNode<T>[] = [{ item, depth, replies: [] }];
        const flatten = (id: string) => {
          for (const child of children.get(id) ?? []) {
            if (seen.has(child.id)) continue;
            seen.add(child.id);
            flat.push({ item: child, depth, replies: [] });
            flatten(child.id);
          }
        };
        flatten(item.id);
        return flat;
      }
      return [{ item, depth, replies: build(item.id, depth + 1) }];
    });
  return build(null, 1);
}
