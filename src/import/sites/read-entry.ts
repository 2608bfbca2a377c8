import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { slugify } from '../../content/slug.js';
import type { ImportProblem } from '../model.js';
import { baseName, folderOf, isIndexFile, withoutExtension, type SourceFile, type ToolConventions } from './conventions.js';
import { dateInFileName, dayOf } from './dates.js';
import { readFields, type PostFields } from './fields.js';
import { readSourceFrontMatter } from './front-matter-in.js';

/** Source files larger than this are not read; real posts are a few kilobytes. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** A post or page as read from its file, before its body is converted. */
export interface Entry {
  readonly file: SourceFile;
  readonly abs: string;
  readonly kind: 'post' | 'page';
  readonly draft: boolean;
  readonly fields: PostFields;
  readonly title: string;
  readonly date: string;
  /** True when no date was written anywhere and the file's modification day stands in. */
  readonly dateGuessed: boolean;
  /** The file's own name without date prefix and extension, or its bundle folder's name. */
  readonly fileSlug: string;
  /** Slug wanted, before slugs are made unique across the import. */
  readonly slug: string;
  readonly categories: readonly string[];
  readonly body: string;
  readonly bodyLine: number;
}

export type EntryRead = { readonly entry: Entry; readonly problems: readonly ImportProblem[] } | { readonly problems: readonly ImportProblem[] };

/** `my-first-post` → `My first post`. */
const humanize = (slug: string) => {
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Untitled';
};

/** The file's own name as the old site used it: `2019-05-01-hello.md` → `hello`, `hello/index.md` → `hello`. */
export function fileSlugOf(inBase: string): string {
  const name = baseName(inBase);
  const own = isIndexFile(name) && inBase.includes('/') ? baseName(folderOf(inBase)) : withoutExtension(name);
  return own.replace(/^\d{4}-\d{2}-\d{2}-/, '');
}

/** A first line `# Title` of a body without a title in front matter: the title, and the body without it. */
function headingTitle(body: string): { title: string; body: string } | undefined {
  const m = /^\s*#[ \t]+(.+?)[ \t]*#*[ \t]*(\n|$)/.exec(body);
  if (!m?.[1]) return undefined;
  return { title: m[1].trim(), body: body.slice(0, m.index) + body.slice(m.index + m[0].length).replace(/^/, '\n') };
}

export async function readEntry(root: string, file: { rel: string; base: string }, conv: ToolConventions, allFiles: ReadonlySet<string>): Promise<EntryRead> {
  const abs = join(root, file.rel);
  const problems: ImportProblem[] = [];
  const at = (line: number) => `${file.rel}:${line}`;
  const info = await stat(abs);
  if (info.size > MAX_SOURCE_BYTES) {
    return { problems: [{ source: at(1), message: `not imported: the file is ${Math.round(info.size / 1024)} KB; at most ${MAX_SOURCE_BYTES / 1024 / 1024} MB is read`, lost: true }] };
  }
  const read = readSourceFrontMatter(await readFile(abs, 'utf8'), file.rel);
  if (!read.ok) return { problems: [{ source: at(read.line), message: `not imported: ${read.message}`, lost: true }] };
  const fm = read.value;
  const inBase = file.base === '.' || file.base === '' ? file.rel : file.rel.slice(file.base.length + 1);
  const extra = conv.dataFor ? await conv.dataFor(file.rel) : undefined;
  for (const p of extra?.problems ?? []) problems.push({ source: p.slice(0, p.indexOf(':')), message: p.slice(p.indexOf(':') + 1).trim(), lost: false });
  const data = { ...(extra?.data ?? {}), ...fm.data };
  const source: SourceFile = { rel: file.rel, base: file.base, inBase, data, hasFrontMatter: fm.format !== 'none', body: fm.body };
  const classified = conv.classify(source, allFiles);
  if ('skip' in classified) return { problems: [...problems, { source: at(1), message: `not imported: it ${classified.skip}`, lost: classified.lost }] };

  const fields = readFields(data, {
    text: fm.text, textLine: fm.textLine, splitTagsOnSpaces: conv.kind === 'jekyll', collectionTags: conv.collectionTags ?? [],
  });
  for (const p of fields.problems) problems.push({ source: at(p.line), message: p.message, lost: p.lost });
  const fileSlug = fileSlugOf(inBase);
  let date = fields.date ?? dateInFileName(baseName(isIndexFile(baseName(inBase)) ? folderOf(inBase) : inBase));
  const dateGuessed = !date;
  if (!date) {
    date = dayOf(info.mtime);
    problems.push({ source: at(1), message: `has no date; the file's modification day ${date} was used: write date: YYYY-MM-DD in its front matter to keep the real one`, lost: false });
  }
  let body = fm.body;
  let title = fields.title;
  if (!title) {
    const heading = headingTitle(body);
    if (heading) ({ title, body } = heading);
    else {
      title = humanize(fileSlug);
      problems.push({ source: at(1), message: `has no title; "${title}" was made from its file name: write title: … in its front matter`, lost: false });
    }
  }
  const wanted = typeof data.slug === 'string' && data.slug.trim() ? data.slug : fileSlug;
  const slug = slugify(wanted) || slugify(title) || 'post';
  return {
    entry: {
      file: source, abs, kind: classified.role === 'page' ? 'page' : 'post',
      draft: classified.role === 'draft' || fields.draft,
      fields, title, date, dateGuessed, fileSlug, slug, categories: classified.categories ?? [], body, bodyLine: fm.bodyLine,
    },
    problems,
  };
}
