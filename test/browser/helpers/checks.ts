import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA that axe-core can test. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core's violations of any impact, one readable line per rule with the elements it found. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((v) =>
    `${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`).join('; ')}`);
}

export interface PageWidth {
  readonly scrollWidth: number;
  readonly clientWidth: number;
}

/** The page's scrollable width against its visible width: horizontal scrolling exists when the first is larger. */
export function pageWidth(page: Page): Promise<PageWidth> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

/** Minimum target size of WCAG 2.2 SC 2.5.8 (AA), in CSS pixels. */
export const MIN_TARGET_PX = 24;

/**
 * Visible pointer targets (links with an href, buttons, inputs, selects and textareas) smaller than
 * 24×24 CSS px, described as `selector "text" W×H`.
 *
 * Exempt, as WCAG 2.5.8's "inline" exception allows: a link whose computed `display` is `inline` and
 * whose nearest non-inline ancestor also holds text of its own outside that link (non-whitespace text
 * in a text node the link does not contain), i.e. a link inside a sentence or a line of text, whose
 * height is set by that text's line-height. A link standing alone in its block (an error summary item,
 * a card title, a feed link) or laid out as a flex/grid item (whose display is blockified) is not exempt.
 * Elements that are not rendered (display: none, visibility: hidden, zero size) are not targets.
 */
export function undersizedTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) || el.getAttribute('aria-label') || el.getAttribute('name') || '';
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const inlineInText = (el: Element) => {
      if (getComputedStyle(el).display !== 'inline') return false;
      let block = el.parentElement;
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
      if (!block) return false;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!el.contains(node) && (node.textContent ?? '').trim() !== '') return true;
      }
      return false;
    };
    const small: string[] = [];
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
      if ((el as HTMLInputElement).type === 'hidden') continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.tagName === 'A' && inlineInText(el)) continue;
      // Sub-pixel layout: 23.996 px is 24 px on screen.
      if (r.width < min - 0.01 || r.height < min - 0.01) small.push(`${describe(el)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
    }
    return small;
  }, MIN_TARGET_PX);
}

/**
 * How the focused element shows focus: its outline (a style other than none, a width above 0 and a colour
 * that is not transparent) or its box-shadow; null when it has neither, or is itself not visible.
 */
export function focusIndicator(page: Page): Promise<{ element: string; indicator: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { element: 'body', indicator: null };
    const s = getComputedStyle(el);
    const id = el.id ? `#${el.id}` : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40) || el.getAttribute('aria-label') || el.getAttribute('name') || '';
    const element = `${el.tagName.toLowerCase()}${id} "${text}"`;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
      return { element, indicator: null };   // focus on something nobody can see
    }
    const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor)) {
      return { element, indicator: `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` };
    }
    if (s.boxShadow !== 'none' && s.boxShadow !== '') return { element, indicator: `box-shadow ${s.boxShadow}` };
    return { element, indicator: null };
  });
}
