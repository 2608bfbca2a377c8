import { describe, expect, it } from 'vitest';
import type { ArticleLink, RenderedBody, SafeHtml } from '../../src/content/article.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { placeSeeAlso, type BodyPart } from '../../src/content/see-also.js';

const render = createMarkdownRenderer();
const bodyOf = (...lines: string[]): RenderedBody => render(lines.join('\n'), { assetBase: '/articles/x/' }).body;

const link = (slug: string): ArticleLink => ({ slug, title: `Title of ${slug}`, href: `/articles/${slug}` });
const known = new Map(['a', 'b', 'c', 'd', 'e'].map((s) => [s, link(s)]));
const resolve = (ref: string) => known.get(ref);
const noRefs = () => undefined;

/** The slugs placed after each part, e.g. [[], ['a'], []]. */
const layout = (parts: readonly BodyPart[]) => parts.map((p) => p.seeAlso.map((l) => l.slug));
const allPlaced = (parts: readonly BodyPart[]) => parts.flatMap((p) => p.seeAlso.map((l) => l.slug));

/** Intro, then `n` sections: n section boundaries, each followed by a non-blank part. */
const withSections = (n: number) =>
  bodyOf('Intro.', ...Array.from({ length: n }, (_, i) => [`## Section ${i + 1}`, '', `Text ${i + 1}.`, '']).flat());

describe('placeSeeAlso', () => {
  it('keeps the body parts as they are, in order', () => {
    const body = withSections(2);
    expect(placeSeeAlso(body, [link('a')], noRefs).map((p) => p.bodyHtml)).toEqual(body.parts);
  });

  it('puts the named article at a ref slot', () => {
    const body = bodyOf('Intro.', '', 'See also: b', '', 'Outro.');
    expect(body.slots[0]).toEqual({ kind: 'ref', ref: 'b' });
    expect(layout(placeSeeAlso(body, [], resolve))).toEqual([['b'], [], []]);
  });

  it('leaves a ref slot empty when the reference does not resolve', () => {
    const body = bodyOf('Intro.', '', 'See also: nowhere', '', 'Outro.');
    expect(allPlaced(placeSeeAlso(body, [], resolve))).toEqual([]);
  });

  it('fills next slots with the links in order', () => {
    const body = bodyOf('Intro.', '', '<!-- see-also -->', '', 'Middle.', '', '<!-- see-also -->', '', 'End.');
    const parts = placeSeeAlso(body, [link('a'), link('b')], noRefs);
    const nextSlots = body.slots.flatMap((s, i) => (s.kind === 'next' ? [i] : []));
    expect(nextSlots.map((i) => parts[i]!.seeAlso.map((l) => l.slug))).toEqual([['a'], ['b']]);
    expect(allPlaced(parts)).toEqual(['a', 'b']);
  });

  it('gives next slots only the links a ref slot has not already placed', () => {
    const body = bodyOf('Intro.', '', 'See also: a', '', 'Middle.', '', '<!-- see-also -->', '', 'End.');
    const parts = placeSeeAlso(body, [link('a'), link('b')], resolve);
    expect(allPlaced(parts)).toEqual(['a', 'b']);
  });

  it('puts one link at the middle section boundary', () => {
    expect(layout(placeSeeAlso(withSections(3), [link('a')], noRefs))).toEqual([[], ['a'], [], []]);
  });

  it('spreads links over section boundaries, one per boundary while boundaries remain', () => {
    for (const [sections, count] of [[2, 2], [3, 2], [4, 2], [4, 3], [5, 5]] as const) {
      const links = ['a', 'b', 'c', 'd', 'e'].slice(0, count).map(link);
      const parts = placeSeeAlso(withSections(sections), links, noRefs);
      expect(allPlaced(parts)).toEqual(links.map((l) => l.slug));
      expect(parts.every((p) => p.seeAlso.length <= 1)).toBe(true);
      expect(parts.at(-1)!.seeAlso).toEqual([]);
    }
  });

  it('spreads two links over four boundaries instead of bunching them at the start', () => {
    const placedAt = layout(placeSeeAlso(withSections(4), [link('a'), link('b')], noRefs))
      .flatMap((slugs, i) => (slugs.length ? [i] : []));
    expect(placedAt).toHaveLength(2);
    expect(placedAt).not.toEqual([0, 1]);
  });

  it('stacks links only when there are more links than boundaries', () => {
    const parts = placeSeeAlso(withSections(2), [link('a'), link('b'), link('c')], noRefs);
    expect(allPlaced(parts)).toEqual(['a', 'b', 'c']);
    expect(layout(parts).filter((slugs) => slugs.length > 0)).toHaveLength(2);
  });

  it('skips a boundary right beside a link the editor placed', () => {
    // The ref slot and the section slot touch (nothing between them), so an automatic link there would stack.
    const body = bodyOf('Intro.', '', 'See also: a', '', '## One', '', 'x', '', '## Two', '', 'y');
    expect(body.slots.map((s) => s.kind)).toEqual(['ref', 'section', 'section']);
    expect(layout(placeSeeAlso(body, [link('b')], resolve))).toEqual([['a'], [], ['b'], []]);
  });

  it('never places the same article twice', () => {
    const body = bodyOf('Intro.', '', 'See also: a', '', 'Middle.', '', 'See also: a', '', '## Next', '', 'End.');
    const placed = allPlaced(placeSeeAlso(body, [link('a'), link('b')], resolve));
    expect(placed.sort()).toEqual(['a', 'b']);
  });

  it('puts all links after the last part when the body has no boundary', () => {
    const body = bodyOf('Just one paragraph.');
    expect(body.slots).toEqual([]);
    expect(layout(placeSeeAlso(body, [link('a'), link('b')], noRefs))).toEqual([['a', 'b']]);
  });

  it('uses block boundaries when the body has no sections', () => {
    const body = bodyOf('One.', '', 'Two.', '', 'Three.');
    expect(body.slots.map((s) => s.kind)).toEqual(['block', 'block']);
    expect(layout(placeSeeAlso(body, [link('a'), link('b')], noRefs))).toEqual([['a'], ['b'], []]);
  });

  it('ignores block boundaries when the body has sections', () => {
    const body: RenderedBody = {
      // Built by hand: the renderer never mixes the two kinds, but placeSeeAlso must still prefer sections.
      parts: ['<p>a</p>', '<p>b</p>', '<h2>S</h2><p>c</p>', '<p>d</p>'].map((html: string) => html as SafeHtml),
      slots: [{ kind: 'block' }, { kind: 'section' }, { kind: 'block' }],
    };
    expect(layout(placeSeeAlso(body, [link('a'), link('b')], noRefs))).toEqual([[], ['a', 'b'], [], []]);
  });
});
