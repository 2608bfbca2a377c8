import type { Article } from '../content/article.js';
import { createCatalog } from '../content/catalog.js';
import { loadArticles, readSource } from '../content/load-articles.js';
import { createMarkdownRenderer } from '../content/markdown.js';
import type { ContentProblem } from '../errors.js';

export const LONG_TITLE = 80;

export interface NotLive {
  readonly file: string;
  readonly title: string;
  readonly reason: 'draft' | 'scheduled' | 'expired';
  /** Go-live time for scheduled articles, expiry time for expired ones. */
  readonly at?: Date;
}

export interface CheckReport {
  /** Sorted by file and line. */
  readonly problems: readonly ContentProblem[];
  readonly notLive: readonly NotLive[];
  readonly articles: number;
}

/** 1-based line of the first line of `raw` matching, or of the front matter key, or 1. */
function lineOf(raw: string, test: (line: string) => boolean): number {
  const index = raw.split('\n').findIndex(test);
  return index < 0 ? 1 : index + 1;
}



/** Root-relative links to articles in Markdown (`](/articles/x)`) or HTML (`href="/articles/x"`). */
const ARTICLE_LINK = /(?:\]\(\s*<?|href=["'])\/articles\/([^)\s"'#?>]+)/g;
/** Markdown images with a relative source. */
const RELATIVE_IMAGE = /!\[[^\]]*\]\(\s*<?(?!https?:|\/|data:)([^)\s>]+)/g;

/**
 * Everything an editor should fix before publishing, without starting the server: front matter errors,
 * duplicate slugs, unknown or draft "See also" targets, broken article links, missing images; plus
 * warnings, and which articles are not live and why.
 */
export async function checkContent(dir: string, now: Date): Promise<CheckReport> {
  const renderFailures: ContentProblem[] = [];
  const render = createMarkdownRenderer({
    onFailure: (file, reason) => renderFailures.push({ severity: 'error', file: file ?? '', line: 1, message: reason }),
  });
  const loaded = await loadArticles(dir, render);
  const catalog = createCatalog(loaded.articles, { now: () => now, seeAlsoCount: 0, relatedCount: 0 });
  // The server renders a body when it is first shown; the check renders them all now, so that a body
  // the server could not show is found before a reader does.
  for (const article of loaded.articles) void article.body;
  // The check reports "See also" problems itself, with lines and as errors.
  const problems: ContentProblem[] = [...loaded.problems.filter((p) => !p.message.startsWith('"image" names')), ...renderFailures];
  const target = (slug: string) => catalog.getAny(slug) ?? catalog.getAny(catalog.aliasTarget(slug) ?? '');
  const byRef = (ref: string) => target(ref.trim()) ?? loaded.articles.find((a) => a.title.trim() === ref.trim());

  for (const article of loaded.articles) {
    const source = await readSource(dir, article.file);
    if (!source) continue;
    const raw = source.raw;
    const add = (severity: ContentProblem['severity'], line: number, message: string) =>
      problems.push({ severity, file: article.file, line, message });
    const linkedDraft = (linked: Article) => linked.draft && !article.draft;

    for (const ref of [...article.seeAlso, ...article.slotRefs]) {
      const line = lineOf(raw, (l) => l.includes(ref) && (/^see_also:|^\s*-\s|see also/i.test(l)));
      const linked = byRef(ref);
      if (!linked) add('error', line, `"See also" names "${ref}", which is no article's slug or title`);
      else if (linkedDraft(linked)) add('error', line, `"See also" names the draft "${linked.slug}"; publish it first or remove the link`);
    }

    for (const match of raw.matchAll(ARTICLE_LINK)) {
      const [slug, ...rest] = decodeURIComponent(match[1]!).split('/');
      const line = lineOf(raw, (l) => l.includes(match[0]));
      const linked = target(slug!);
      if (!linked) add('error', line, `links to /articles/${slug}, which does not exist`);
      else if (linkedDraft(linked)) add('error', line, `links to /articles/${slug}, which is a draft`);
      else if (rest.length && !linked.assets.has(rest.join('/'))) add('error', line, `links to /articles/${match[1]}, but ${linked.file} has no file "${rest.join('/')}" beside it`);
    }

    for (const match of raw.matchAll(RELATIVE_IMAGE)) {
      const name = decodeURIComponent(match[1]!).replace(/^\.\//, '');
      if (!article.assets.has(name)) {
        const where = article.file.includes('/') ? `beside ${article.file}` : 'because only bundle articles (<slug>/index.md) can have images beside them';
        add('error', lineOf(raw, (l) => l.includes(match[0])), `image "${name}" is missing ${where}`);
      }
    }
    const imageLine = lineOf(raw, (l) => /^image:/.test(l));
    const image = /^image:\s*["']?([^"'\s#]+)/m.exec(raw)?.[1];
    if (image && !/^(https?:)?\//.test(image) && !article.assets.has(image.replace(/^\.\//, ''))) {
      add('error', imageLine, `"image" names ${image}, which is not a file beside ${article.file}`);
    }

    if ([...article.title].length > LONG_TITLE) {
      add('warning', lineOf(raw, (l) => /^title:/.test(l)), `title is ${[...article.title].length} characters long; search results cut titles after about ${LONG_TITLE}`);
    }
    if (!article.description) add('warning', 1, 'has no "description"; the first paragraph is used for lists and search engines');
  }

  const notLive: NotLive[] = loaded.articles.flatMap((a): NotLive[] => {
    if (a.draft) return [{ file: a.file, title: a.title, reason: 'draft' }];
    if (a.date > now) return [{ file: a.file, title: a.title, reason: 'scheduled', at: a.date }];
    if (a.expires && a.expires <= now) return [{ file: a.file, title: a.title, reason: 'expired', at: a.expires }];
    return [];
  });
  const sorted = problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  // Broken files count too: "1 article checked: 1 error", not "0 articles".
  const files = new Set([...loaded.articles.map((a) => a.file), ...loaded.problems.map((p) => p.file)]);
  return { problems: sorted, notLive, articles: files.size };
}

/** "2026-12-01 09:00 UTC (10:00 Europe/Paris)". */
export function describeTime(date: Date, timeZone: string): string {
  const utc = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return utc;
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(date).replace(',', '');
  return `${utc} (${local} ${timeZone})`;
}


