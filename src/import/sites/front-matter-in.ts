import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import { readFrontMatterBlock } from '../../content/front-matter-block.js';
import { MAX_FRONT_MATTER_BYTES, MAX_FRONT_MATTER_DEPTH, YAML_ONLY, measureData } from '../../content/front-matter-limits.js';

/**
 * Front matter of another tool's file, as data: YAML between `---` lines (Jekyll, Eleventy, Astro,
 * Gatsby, Next.js, Hugo) or TOML between `+++` lines (Hugo), read as data with the blog's own limits;
 * nothing in it is run.
 */

export interface SourceFrontMatter {
  readonly data: Record<string, unknown>;
  /** The front matter text as written, to read values (dates) the way they were typed. */
  readonly text: string;
  /** File line of the first line of `text`. */
  readonly textLine: number;
  readonly body: string;
  /** 1-based line of the file where the body starts. */
  readonly bodyLine: number;
  readonly format: 'yaml' | 'toml' | 'none';
}

export type FrontMatterRead =
  | { readonly ok: true; readonly value: SourceFrontMatter }
  | { readonly ok: false; readonly line: number; readonly message: string };

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/**
 * Splits a source file into front matter data and body; a file without front matter has empty data.
 * The blog's own reader does the splitting, so an imported file meets exactly the limits and refusals
 * the blog applies to the files it writes.
 */
export function readSourceFrontMatter(raw: string, file: string): FrontMatterRead {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const normalized = text.replace(/\r\n/g, '\n');
  if (!/^(\+\+\+[ \t]*\n|---)/.test(normalized)) {
    return { ok: true, value: { data: {}, text: '', textLine: 1, body: normalized, bodyLine: 1, format: 'none' } };
  }
  const block = readFrontMatterBlock(normalized, file);
  if (!block.ok) {
    const problem = block.problems[0];
    return { ok: false, line: problem?.line ?? 1, message: problem?.message ?? 'front matter could not be read' };
  }
  const { syntax, data, matterText, body, bodyLine } = block.value;
  // The block's text starts on file line 1 (after the opening fence), so its line n is file line n.
  return { ok: true, value: { data, text: matterText, textLine: 1, body, bodyLine, format: syntax } };
}

/** A whole configuration file (`_config.yml`, `hugo.toml`, `hugo.json`), read with the same limits. */
export function readConfigData(text: string, format: 'yaml' | 'toml' | 'json'): Record<string, unknown> | string {
  if (Buffer.byteLength(text, 'utf8') > 4 * MAX_FRONT_MATTER_BYTES) return `is larger than ${(4 * MAX_FRONT_MATTER_BYTES) / 1024} KB`;
  try {
    let data: unknown;
    if (format === 'toml') data = parseToml(text, { maxDepth: MAX_FRONT_MATTER_DEPTH, unsafeKeyBehaviour: 'throw' });
    else if (format === 'json') data = JSON.parse(text);
    // Read as one front matter block, so the YAML-only options and their limits apply.
    else data = matter(`---\n${text.replace(/^---[ \t]*\n/, '').replace(/\n(---|\.\.\.)[ \t]*\n[\s\S]*$/, '\n')}\n---\n`, YAML_ONLY).data;
    const oversized = measureData(data);
    if (oversized) return oversized;
    return data && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, unknown> : {};
  } catch (err) {
    return `could not be read (${firstLine(err)})`;
  }
}
