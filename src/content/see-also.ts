import type { ArticleLink, RenderedBody, SafeHtml, Slot } from './article.js';

/** A piece of the article body followed by the "See also" links placed after it. */
export interface BodyPart {
  readonly bodyHtml: SafeHtml;
  readonly seeAlso: readonly ArticleLink[];
}

/**
 * Puts "See also" links into the body:
 * 1. a slot naming an article (`See also: <slug or title>`) gets that article, when `resolveRef` finds it;
 * 2. a `<!-- see-also -->` slot gets the next link of `links` not placed yet;
 * 3. the rest are spread evenly over section boundaries (or block boundaries in a body without sections),
 *    skipping boundaries right beside a link already placed; with no boundary at all they go at the end
 *    of the text (before its footnotes, when it has any).
 * Pure: the same body and links always give the same parts.
 */
export function placeSeeAlso(
  body: RenderedBody,
  links: readonly ArticleLink[],
  resolveRef: (ref: string) => ArticleLink | undefined,
): BodyPart[] {
  const placed: ArticleLink[][] = body.slots.map(() => []);
  const used = new Set<string>();
  body.slots.forEach((slot, i) => {
    if (slot.kind !== 'ref') return;
    const link = resolveRef(slot.ref);
    if (link && !used.has(link.slug)) {
      placed[i]!.push(link);
      used.add(link.slug);
    }
  });
  const queue = links.filter((l) => !used.has(l.slug));
  body.slots.forEach((slot, i) => {
    if (slot.kind === 'next' && queue.length) placed[i]!.push(queue.shift()!);
  });

  const isBlank = (i: number) => (body.parts[i] ?? '').trim() === '';
  const besidePlaced = (i: number) =>
    (i > 0 && placed[i - 1]!.length > 0 && isBlank(i)) || (i + 1 < placed.length && placed[i + 1]!.length > 0 && isBlank(i + 1));
  const boundaries = (kind: Slot['kind']) =>
    body.slots.flatMap((slot, i) => (slot.kind === kind && !placed[i]!.length && !besidePlaced(i) ? [i] : []));
  const candidates = boundaries('section').length ? boundaries('section') : boundaries('block');
  const trailing: ArticleLink[] = [];
  let previous = -1;
  queue.forEach((link, k) => {
    if (!candidates.length) return trailing.push(link);
    const wanted = Math.floor(((k + 1) * candidates.length) / (queue.length + 1));
    const at = Math.min(candidates.length - 1, Math.max(previous + 1, wanted));
    previous = at;
    placed[candidates[at]!]!.push(link);
  });

  const end = body.slots.findIndex((slot) => slot.kind === 'end');
  if (end >= 0) placed[end]!.push(...trailing.splice(0));
  return body.parts.map((bodyHtml, i) => ({
    bodyHtml,
    seeAlso: i < placed.length ? placed[i]! : trailing,
  }));
}
