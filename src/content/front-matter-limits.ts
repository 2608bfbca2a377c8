import type matter from 'gray-matter';
import type { ContentProblem } from '../errors.js';

/**
 * Front matter is data. gray-matter would evaluate a block opened with `---js` as JavaScript and
 * follows whatever language the opening fence names, and YAML aliases (`&a` … `*a`) can make a few
 * hundred bytes stand for billions of values. Only YAML is read, its size is capped before parsing,
 * and what it parses to is measured (aliases counted as the copies they stand for) before anything
 * walks it.
 */

/** Bytes of front matter read at most; real front matter is a few hundred. */
export const MAX_FRONT_MATTER_BYTES = 64 * 1024;
/** Values front matter may hold once aliases are expanded, and how deeply they may nest. */
export const MAX_FRONT_MATTER_VALUES = 10_000;
export const MAX_FRONT_MATTER_DEPTH = 16;

const refuse = (language: string) => ({
  parse(): never {
    throw new Error(`${language} front matter is not read`);
  },
});

/**
 * Options for gray-matter: YAML only (js-yaml's safe schema), every other engine refused. Passing
 * options also bypasses gray-matter's module-level cache, whose results are shared objects.
 */
interface YamlOnly extends matter.GrayMatterOption<string, YamlOnly> {}
export const YAML_ONLY: YamlOnly = {
  language: 'yaml',
  engines: Object.fromEntries(['js', 'javascript', 'coffee', 'coffeescript', 'cson', 'json', 'toml']
    .map((language) => [language, refuse(language)])),
};

/**
 * Refuses, before any parsing, an opening fence that names a language other than YAML
 * (`---js`, `---json`…) and front matter too large to be real.
 */
export function refuseFrontMatter(raw: string, file: string): ContentProblem | undefined {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (!text.startsWith('---') || text[3] === '-') return undefined;
  const firstLine = text.slice(0, (text.indexOf('\n') + 1 || text.length + 1) - 1);
  const language = firstLine.slice(3).trim();
  if (language && !/^ya?ml$/i.test(language)) {
    return {
      severity: 'error',
      file,
      line: 1,
      message: `front matter opened with "---${language}" is not read: only YAML front matter is, or TOML between +++ lines; start the file with a line of just --- (nothing in it was run)`,
    };
  }
  const close = text.indexOf('\n---', 3);
  const size = Buffer.byteLength(close < 0 ? text : text.slice(0, close), 'utf8');
  if (size > MAX_FRONT_MATTER_BYTES) {
    return {
      severity: 'error',
      file,
      line: 1,
      message: `front matter is ${Math.round(size / 1024)} KB; at most ${MAX_FRONT_MATTER_BYTES / 1024} KB is read. Is its closing --- line missing?`,
    };
  }
  return undefined;
}

const IN_PROGRESS = -1;

/**
 * Why parsed front matter is refused (too many values once aliases are expanded, nested too deeply,
 * or an alias that contains itself), or undefined. Linear in the parsed nodes: a node reached again
 * through an alias is counted from memory, not walked again.
 */
export function measureData(data: unknown, syntax: 'yaml' | 'toml' = 'yaml'): string | undefined {
  const sizes = new Map<object, number>();
  let problem: string | undefined;
  const measure = (value: unknown, depth: number): number => {
    if (problem || value === null || typeof value !== 'object' || value instanceof Date) return 1;
    const known = sizes.get(value);
    if (known === IN_PROGRESS) {
      problem = 'front matter refers to itself through a YAML alias (*name inside the value it names)';
      return 1;
    }
    if (known !== undefined) return known;
    if (depth > MAX_FRONT_MATTER_DEPTH) {
      problem = `front matter nests lists or maps more than ${MAX_FRONT_MATTER_DEPTH} levels deep`;
      return 1;
    }
    sizes.set(value, IN_PROGRESS);
    let total = 1;
    for (const child of Object.values(value)) {
      total += measure(child, depth + 1);
      if (total > MAX_FRONT_MATTER_VALUES) break;
    }
    sizes.set(value, total);
    return total;
  };
  const total = measure(data, 0);
  if (problem) return problem;
  if (total > MAX_FRONT_MATTER_VALUES && syntax === 'toml') {
    return `front matter holds more than ${MAX_FRONT_MATTER_VALUES.toLocaleString('en')} values; real front matter holds a few dozen`;
  }
  if (total > MAX_FRONT_MATTER_VALUES) {
    return `front matter holds more than ${MAX_FRONT_MATTER_VALUES.toLocaleString('en')} values once its YAML aliases (*name) ` +
      'are expanded; write the values out instead of repeating them through aliases';
  }
  return undefined;
}

/** 1-based file line of the first YAML alias (`*name`) in the front matter, or of the opening fence. */
export function aliasLine(matterText: string): number {
  const index = matterText.split('\n').findIndex((line) => /(?:^|[\s[{,:-])\*[^\s,[\]{}]+/.test(line));
  // matterText begins right after the opening `---`, so its first line is the rest of file line 1.
  return index < 0 ? 1 : index + 1;
}
