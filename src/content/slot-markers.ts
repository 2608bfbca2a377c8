import { randomBytes } from 'node:crypto';
import { Parser } from 'htmlparser2';
import type { SafeHtml, Slot } from './article.js';

/**
 * "See also" slots travel through sanitizing as text markers between top-level blocks. Each render
 * picks a random nonce for its markers, so no text in a body (a private-use character, an entity) can
 * pass for one; and a marker counts only where it ended up as text outside every element, so a slot
 * can never land inside an element or an attribute.
 */
export interface SlotMarkers {
  /** The marker text for slot `index`. */
  mark(index: number): string;
  /**
   * Cuts sanitized HTML at the markers found outside every element; the others are removed. With
   * `check: false` (HTML made from Markdown alone) every marker is taken to be outside, unparsed.
   */
  cut(html: string, slots: readonly Slot[], options: { check: boolean }): { parts: SafeHtml[]; slots: Slot[] };
}

export function createSlotMarkers(): SlotMarkers {
  const nonce = randomBytes(9).toString('base64url');
  const pattern = new RegExp(`\uE000${nonce}:(\\d+)\uE000`, 'g');
  return {
    mark: (index) => `\uE000${nonce}:${index}\uE000`,
    cut(html, slots, { check }) {
      const atTopLevel = check ? markersOutsideElements(html, pattern) : undefined;
      const parts: SafeHtml[] = [];
      const kept: Slot[] = [];
      let from = 0;
      let pending = '';
      for (const match of html.matchAll(pattern)) {
        const index = Number(match[1]);
        const before = pending + html.slice(from, match.index);
        from = match.index + match[0].length;
        const slot = slots[index];
        if ((atTopLevel && !atTopLevel.has(index)) || !slot) {
          pending = before;
          continue;
        }
        parts.push(withoutMarkChar(before));
        kept.push(slot);
        pending = '';
      }
      parts.push(withoutMarkChar(pending + html.slice(from)));
      return { parts, slots: kept };
    },
  };
}

/** The marker character means nothing in a body (it is private-use), so none is left in the output. */
const withoutMarkChar = (html: string) => html.replaceAll('\uE000', '') as SafeHtml;

/** Indexes of the markers that sit in text outside every element. */
function markersOutsideElements(html: string, pattern: RegExp): Set<number> {
  const found = new Set<number>();
  let depth = 0;
  let text = '';
  const flush = () => {
    if (depth === 0 && text) for (const m of text.matchAll(pattern)) found.add(Number(m[1]));
    text = '';
  };
  const parser = new Parser({
    onopentag() {
      flush();
      depth += 1;
    },
    onclosetag() {
      flush();
      depth -= 1;
    },
    ontext(data) {
      text += data;
    },
  }, { decodeEntities: false });
  parser.write(html);
  parser.end();
  flush();
  return found;
}
