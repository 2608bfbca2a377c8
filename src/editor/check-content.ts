import type { Article } from '../content/article.js';
import { createCatalog } from '../content/catalog.js';
import { parseSource } from '../content/front-matter.js';
import { loadArticles, readSource } from '../content/load-articles.js';
import { bodyRefusal, createMarkdownRenderer } from '../content/markdown.js';
import { isVisibleAt } from '../content/timeline.js';
import type { ContentProblem } from '../errors.js';
import { scanBody } from './body-scan.js';
import { relativeLinkProblems } from './check-links.js';
import { checkRedirects, type RedirectListing } from './check-redirects.js';
import { findTemplateSyntax } from './template-syntax.js';

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
  /** Files seen: every article, and every file that could not be read as one. */
  readonly articles: number;
  /** Files read as articles. */
  readonly read: number;
  /** Old paths (`redirect_from`) in use, by file. */
  readonly redirects: readonly RedirectListing[];
}

/** 1-based line of the first line of `raw` matching, or of the front matter key, or 1. */
function lineOf(raw: string, test: (line: string) => boolean): number {
  const index = raw.split('\n').findIndex(test);
  return index < 0 ? 1 : index + 1;
}

/** Root-relative links to articles in Markdown (`](/articles/x)`) or HTML (`href="/articles/x"`). */
const ARTICLE_LINK = /(?:\]\(\s*<?|href=["'])\/articles\/([^)\s"'#?>]+)/g;

/**
 * Everything an editor should fix before publishing, without starting the server: front matter errors,
 * duplicate slugs, unknown or draft "See also" targets, broken article links, relative links and
 * images that lead nowhere, template syntax that would show as text, redirect conflicts; plus
 * warnings, which articles are not live and why, and the old paths that redirect.
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
  const aliasOwners = new Map(loaded.articles.flatMap((a) => a.aliases.map((alias) => [alias, a] as const)));
  const linkTargets = { find: (slug: string) => catalog.getAny(slug) ?? aliasOwners.get(slug), slugs: loaded.articles.map((a) => a.slug) };
  const sources = new Map<string, { raw: string; bodyLine: number }>();

  for (const article of loaded.articles) {
    const source = await readSource(dir, article.file);
    if (!source) continue;
    const raw = source.raw;
    const parsed = parseSource(raw, article.file);
    const bodyLine = parsed.ok ? parsed.value.bodyLine : 1;
    sources.set(article.file, { raw, bodyLine });
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

    // A body too deeply nested to render is reported by loading already.
    if (!bodyRefusal(article.markdown)) {
      const scan = scanBody(article.markdown);
      for (const found of findTemplateSyntax(scan.prose)) add('error', bodyLine + scan.lineAt(found.offset) - 1, found.message);
      for (const found of relativeLinkProblems(scan.urls, article, linkTargets)) add('error', bodyLine + found.line - 1, found.message);
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
  const redirects = checkRedirects(loaded.articles, (file) => sources.get(file), (a) => isVisibleAt(a, now.getTime()));
  problems.push(...redirects.problems);
  const sorted = problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  // Broken and unread Markdown files count too ("1 article checked: 1 error", not "0 articles");
  // the folder itself ('.') does not.
  const files = new Set([...loaded.articles.map((a) => a.file), ...loaded.problems.map((p) => p.file).filter((f) => f !== '' && f !== '.')]);
  return { problems: sorted, notLive, articles: files.size, read: loaded.articles.length, redirects: redirects.redirects };
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


