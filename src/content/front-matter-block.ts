import matter from 'gray-matter';
import type { ContentProblem } from '../errors.js';
import { YAML_ONLY, aliasLine, measureData, refuseFrontMatter } from './front-matter-limits.js';
import type { FrontMatterSyntax } from './front-matter-schema.js';
import { readTomlBlock } from './toml-front-matter.js';

/** Front matter as the file holds it, before any checking. */
export interface FrontMatterBlock {
  readonly syntax: FrontMatterSyntax;
  readonly data: Record<string, unknown>;
  /** The block's text from just after the opening fence, so that its line n is file line n. */
  readonly matterText: string;
  readonly body: string;
  /** 1-based line of the file where the body starts. */
  readonly bodyLine: number;
}

export type BlockResult =
  | { readonly ok: true; readonly value: FrontMatterBlock }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

const fail = (file: string, line: number, message: string): BlockResult => ({ ok: false, problems: [{ severity: 'error', file, line, message }] });

/**
 * Splits a file into its front matter data and body: YAML between `---` lines, or TOML between
 * `+++` lines. Other languages are refused without being parsed, let alone run.
 */
export function readFrontMatterBlock(raw: string, file: string): BlockResult {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (/^\+\+\+[ \t]*\r?\n/.test(text)) return readTomlBlock(raw, file);
  // Hugo's JSON front matter: a file that opens with an object.
  if (/^\{\s*(\r?\n|"[^"\n]*"\s*:)/.test(text)) {
    return fail(file, 1, 'JSON front matter ({ … }) is not read: write it as YAML between --- lines, or as TOML between +++ lines');
  }
  return readYamlBlock(raw, file);
}

function readYamlBlock(raw: string, file: string): BlockResult {
  const refused = refuseFrontMatter(raw, file);
  if (refused) return { ok: false, problems: [refused] };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(raw, YAML_ONLY);
  } catch (err) {
    const mark = (err as { mark?: { line?: number } }).mark;
    const reason = err instanceof RangeError
      ? 'it nests lists or maps too deeply to be read'
      : (err as { reason?: string }).reason ?? (err as Error).message;
    // js-yaml puts "unexpected end of the stream" (an unclosed [ or ") past the last line, on the closing
    // fence; the editor's mistake is on the last line inside the block.
    const closing = raw.split('\n').findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
    return fail(file, Math.min((mark?.line ?? 0) + 1, closing > 0 ? closing : Infinity), `front matter is not valid YAML: ${reason}`);
  }
  const matterText = parsed.matter ?? '';
  const oversized = measureData(parsed.data);
  if (oversized) return fail(file, aliasLine(matterText), oversized);
  const data: Record<string, unknown> = parsed.data && typeof parsed.data === 'object' ? { ...parsed.data } : {};
  if (Object.keys(data).length === 0 && !raw.replace(/^\uFEFF/, '').startsWith('---')) {
    return fail(file, 1, 'the file has no front matter; start it with a --- block holding at least title and date');
  }
  return {
    ok: true,
    value: {
      syntax: 'yaml',
      data,
      matterText,
      body: parsed.content,
      bodyLine: raw.slice(0, raw.length - parsed.content.length).split('\n').length,
    },
  };
}
