/**
 * How deeply a Markdown body nests block quotes and lists, found by one pass over its lines.
 * The Markdown parser recurses once per level and its list handling grows faster than linearly with
 * depth, so a body nested thousands of levels deep (`> > > …`, or a list indented 600 times) would
 * overflow the stack or hold the server for seconds. Such a body is refused before it is parsed.
 */

/** Deeper than any real article goes; shallow enough that rendering stays fast. */
export const MAX_NESTING = 32;

export interface Nesting {
  readonly depth: number;
  /** 1-based line of the body where `depth` is first reached. */
  readonly line: number;
}

/** A list marker at `lastIndex` (sticky, so a long line is never copied to look for the next one). */
const LIST_MARKER = /(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/y;
const FENCE = /^(`{3,}|~{3,})/;
/** `- - -` and `* * *` are horizontal rules, not lists inside lists. */
const RULE = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Column of each character, with tabs to the next multiple of 4 as Markdown counts them. */
function leadingSpace(line: string, from: number, column: number): { pos: number; column: number } {
  let pos = from;
  let col = column;
  for (; pos < line.length; pos += 1) {
    const c = line.charCodeAt(pos);
    if (c === 0x20) col += 1;
    else if (c === 0x09) col += 4 - (col % 4);
    else break;
  }
  return { pos, column: col };
}

/**
 * The deepest nesting in the body, or the first line where it passes `stopAbove`. Counts the block
 * quote markers and list markers that open each line (several may share a line: `- - x`, `> - > x`)
 * and the list items a line sits inside by its indentation. Fenced code is skipped.
 */
export function nestingOf(markdown: string, stopAbove = Infinity): Nesting {
  const lines = markdown.split('\n');
  /** Content columns of the list items open at the current line. */
  const items: number[] = [];
  let fence: string | undefined;
  let deepest: Nesting = { depth: 0, line: 0 };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    let { pos, column } = leadingSpace(line, 0, 0);
    if (pos === line.length) continue;
    let quotes = 0;
    // Block quote markers open the line; they do not depend on indentation beyond three spaces.
    while (line[pos] === '>') {
      quotes += 1;
      ({ pos, column } = leadingSpace(line, pos + 1, column + 1));
    }
    const rest = line.slice(pos);
    if (fence !== undefined) {
      if (rest.startsWith(fence) && rest.trim() === fence[0]!.repeat(rest.trim().length)) fence = undefined;
      continue;
    }
    const opening = FENCE.exec(rest);
    if (opening) {
      fence = opening[1];
      continue;
    }
    if (RULE.test(rest)) continue;
    while (items.length && items.at(-1)! > column) items.pop();
    // Further markers on the same line nest inside the first: `- - x`, `> - > - x`.
    let depthHere = quotes + items.length;
    for (;;) {
      if (line[pos] === '>') {
        quotes += 1;
        ({ pos, column } = leadingSpace(line, pos + 1, column + 1));
      } else {
        LIST_MARKER.lastIndex = pos;
        const marker = LIST_MARKER.exec(line);
        if (!marker) break;
        const after = leadingSpace(line, pos + marker[0].length, column + marker[0].length);
        items.push(Math.min(after.column, column + marker[0].length + 4));
        ({ pos, column } = after);
      }
      depthHere = quotes + items.length;
      if (depthHere > stopAbove) break;
    }
    if (depthHere > deepest.depth) deepest = { depth: depthHere, line: i + 1 };
    if (deepest.depth > stopAbove) return deepest;
  }
  return deepest;
}
