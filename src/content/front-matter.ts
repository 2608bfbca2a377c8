import type { ContentProblem } from '../errors.js';
import { readFrontMatterBlock } from './front-matter-block.js';
import { dateAsWritten, parseIsoDate } from './front-matter-dates.js';
import { ignoredSynonymWarnings, keyLine, unknownKeyWarnings } from './front-matter-keys.js';
import { FRONT_MATTER_SCHEMAS, namesOf, type FrontMatter } from './front-matter-schema.js';
import { datePrefixOf } from './slug.js';

export { parseIsoDate } from './front-matter-dates.js';
export type { FrontMatter } from './front-matter-schema.js';

export interface ParsedSource {
  readonly frontMatter: FrontMatter;
  readonly body: string;
  /** 1-based line of the file where the body starts, so body problems can be located. */
  readonly bodyLine: number;
  readonly warnings: readonly ContentProblem[];
}

export type ParseResult =
  | { readonly ok: true; readonly value: ParsedSource }
  | { readonly ok: false; readonly problems: readonly ContentProblem[] };

const DATE_KEYS = ['date', 'updated', 'expires'] as const;

/**
 * Splits a Markdown file into validated front matter and body. Pure: never touches the disk. `file`
 * (relative to the content folder) gives the date when the front matter has none and the file name
 * starts with one (`2016-10-06-title.md`), as Jekyll reads it.
 */
export function parseSource(raw: string, file: string): ParseResult {
  const block = readFrontMatterBlock(raw, file);
  if (!block.ok) return block;
  const { syntax, matterText, body, bodyLine } = block.value;
  const data = { ...block.value.data };

  const warnings = [
    ...unknownKeyWarnings(Object.keys(data), matterText, file),
    ...ignoredSynonymWarnings(data, matterText, file),
  ];
  // An empty value (`description:`) means the key is absent.
  for (const key of Object.keys(data)) if (data[key] === null) delete data[key];
  for (const key of DATE_KEYS.flatMap(namesOf)) {
    if (data[key] !== undefined) data[key] = dateAsWritten(data[key], matterText, key);
  }
  const fromName = datePrefixOf(file);
  if (fromName && parseIsoDate(fromName) && namesOf('date').every((key) => data[key] === undefined)) data.date = fromName;

  const result = FRONT_MATTER_SCHEMAS[syntax].safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      severity: 'error' as const,
      file,
      line: keyLine(matterText, String(issue.path[0] ?? 'title')),
      message: issue.message,
    }));
    return { ok: false, problems: [...problems, ...warnings] };
  }
  return { ok: true, value: { frontMatter: result.data, body, bodyLine, warnings } };
}
