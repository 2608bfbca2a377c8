import { TomlError, parse } from 'smol-toml';
import type { BlockResult } from './front-matter-block.js';
import { MAX_FRONT_MATTER_BYTES, MAX_FRONT_MATTER_DEPTH, measureData } from './front-matter-limits.js';

/** A line holding only the TOML fence, as Hugo writes it. */
const FENCE = /^\+\+\+[ \t]*\r?$/;

/**
 * Reads front matter written as TOML between `+++` lines (Hugo) with smol-toml, under the same limits
 * as YAML: at most 64 KB, then counted and measured before anything walks it. TOML is data only;
 * nothing in it is run.
 */
export function readTomlBlock(raw: string, file: string): BlockResult {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const lines = text.split('\n');
  const closing = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  const fail = (line: number, message: string): BlockResult => ({ ok: false, problems: [{ severity: 'error', file, line, message }] });
  if (closing < 0) return fail(1, 'front matter opened with +++ has no closing +++ line; end the TOML block with a line of just +++');
  const matterLines = lines.slice(1, closing);
  const size = Buffer.byteLength(matterLines.join('\n'), 'utf8');
  if (size > MAX_FRONT_MATTER_BYTES) {
    return fail(1, `front matter is ${Math.round(size / 1024)} KB; at most ${MAX_FRONT_MATTER_BYTES / 1024} KB is read`);
  }
  let data: Record<string, unknown>;
  try {
    data = parse(matterLines.join('\n'), { maxDepth: MAX_FRONT_MATTER_DEPTH, unsafeKeyBehaviour: 'throw' });
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // smol-toml's message is its reason, then the offending lines drawn out; the reason is enough here.
    const reason = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
    return fail(err.line + 1, `front matter is not valid TOML: ${reason}`);
  }
  const oversized = measureData(data, 'toml');
  if (oversized) return fail(1, oversized);
  return {
    ok: true,
    value: {
      syntax: 'toml',
      data,
      // Starts with the (empty) rest of the opening fence line, as gray-matter's text does.
      matterText: ['', ...matterLines].join('\n'),
      body: lines.slice(closing + 1).join('\n'),
      bodyLine: closing + 2,
    },
  };
}
