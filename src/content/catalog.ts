import type { ContentProblem } from '../errors.js';
import type { Article, ArticleLink, Tag } from './article.js';
import { createRedirectTable, type RedirectTable } from './redirects.js';
import { createArticleIndexes, type Schedule } from './article-indexes.js';
import type { SearchHit } from './search.js';
import { placeSeeAlso, type BodyPart } from './see-also.js';
import { createTimeline, isVisibleAt } from './timeline.js';

export interface TagCount extends Tag {
  readonly count: number;
}

export interface ArticleLinks {
  /** The body cut into parts with the inline "See also" links placed between them. */
  readonly body: readonly BodyPart[];
  /** "Related articles": the next best matches, none of them repeated from the body. */
  readonly related: readonly ArticleLink[];
}

export interface CatalogOptions {
  readonly now: () => Date;
  /** How many "See also" links an article gets in its body when it names fewer itself. */
  readonly seeAlsoCount: number;
  readonly relatedCount: number;
  /**
   * Build the related and search indexes of the initial articles after returning, between requests.
   * Anything that needs them before they are done waits while the rest is indexed.
   */
  readonly indexInBackground?: boolean;
  /** How background indexing gets its turns (setImmediate unless given). */
  readonly indexSchedule?: Schedule;
}

/** Read access to the published site: drafts, scheduled and expired articles are never returned. */
export interface Catalog {
  /** Published articles, newest first. */
  published(): readonly Article[];
  get(slug: string): Article | undefined;
  /** The slug an old slug (front matter `aliases`) now lives at, if the article is published. */
  aliasTarget(slug: string): string | undefined;
  /** Any article by slug, drafts and scheduled ones included (for previews). */
  getAny(slug: string): Article | undefined;
  /** Changes whenever the published set or any article does (for caches of derived pages). */
  version(): string;
  tags(): readonly TagCount[];
  byTag(tagSlug: string): { tag: Tag; articles: readonly Article[] } | undefined;
  /** The next newer and older published articles. */
  neighbours(article: Article): { newer?: Article; older?: Article };
  links(article: Article): ArticleLinks;
  search(query: string): SearchHit[];
  /** Old site paths (front matter `redirect_from`) of articles that are not drafts; check `get(slug)` before redirecting. */
  redirects(): RedirectTable;
  /** False while the indexes of the initial articles are still being built (pages needing them wait). */
  isReady(): boolean;
  /** Resolves once the indexes of the initial articles are built. */
  readonly ready: Promise<void>;
  /** Resolves once links() needs no index work first: awaiting it lets other requests be answered meanwhile. */
  readonly linksReady: Promise<void>;
  /** Problems found while linking articles together (unknown `see_also` slugs, alias clashes, redirect conflicts). */
  readonly problems: readonly ContentProblem[];
}

/** A catalog that changes one article at a time, as files are saved. */
export interface LiveCatalog extends Catalog {
  /**
   * Adds the article or replaces the one from the same file; refuses (and returns why, as errors) a slug
   * another file has. Warnings say what of the article is not used (a clashing alias or old path).
   */
  upsert(article: Article): readonly ContentProblem[];
  /** Removes the article that came from this file, if any. */
  removeFile(file: string): Article | undefined;
  /** The article currently served from a file, drafts included. */
  byFile(file: string): Article | undefined;
  /** Every file an article is served from, drafts included. */
  files(): string[];
}

export const linkTo = (a: Article): ArticleLink => ({ slug: a.slug, title: a.title, href: `/articles/${a.slug}` });

/**
 * Holds every article with its indexes (related articles, search, tags). Visibility is decided at
 * call time, so scheduled and expiring articles change on their own; derived lists are cached until
 * either an article changes or the clock passes a publication or expiry time.
 */
export function createCatalog(initial: readonly Article[], options: CatalogOptions): LiveCatalog {
  const { now, seeAlsoCount, relatedCount } = options;
  const byFile = new Map<string, Article>();
  const bySlug = new Map<string, Article>();
  const aliases = new Map<string, string>();
  // The initial articles wait here until the indexes are made of them, once all are attached.
  let waiting: Article[] = [];
  let timeline = createTimeline([]);
  let generation = 0;

  const isVisible = (a: Article, t = now().getTime()) => isVisibleAt(a, t);

  function version(): string {
    const t = now().getTime();
    return `${generation}:${timeline.momentsPassed(t)}`;
  }

  // Derived lists are cached per version: one content change or one scheduled moment passing.
  let cacheVersion = '';
  const cache = new Map<string, unknown>();
  function cached<T>(key: string, build: () => T): T {
    const v = version();
    if (v !== cacheVersion) {
      cache.clear();
      cacheVersion = v;
    }
    if (!cache.has(key)) cache.set(key, build());
    return cache.get(key) as T;
  }

  /** `replacing`: the same article comes straight back, so the related index updates it in place. */
  function detach(article: Article, replacing = false): void {
    byFile.delete(article.file);
    if (bySlug.get(article.slug) === article) bySlug.delete(article.slug);
    for (const alias of article.aliases) if (aliases.get(alias) === article.slug) aliases.delete(alias);
    if (!article.draft) {
      timeline.remove(article);
      if (!replacing) indexes.related().remove(article.slug);
      indexes.search().remove(article.slug);
    }
  }

  function attach(article: Article, bulk = false): ContentProblem[] {
    const problems: ContentProblem[] = [];
    byFile.set(article.file, article);
    bySlug.set(article.slug, article);
    for (const alias of article.aliases) {
      const owner = bySlug.get(alias) ?? bySlug.get(aliases.get(alias) ?? '');
      if (owner && owner !== article) {
        problems.push({ severity: 'warning', file: article.file, line: 1, message: `alias "${alias}" is already used by ${owner.file}; it is ignored` });
      } else aliases.set(alias, article.slug);
    }
    if (!article.draft) {
      // The first load builds the timeline once at the end; later changes go in in place.
      if (!bulk) timeline.add(article);
      if (bulk) waiting.push(article);
      else indexes.add(article);
    }
    return problems;
  }

  function slugTaken(article: Article): ContentProblem[] {
    const owner = bySlug.get(article.slug);
    if (owner && owner.file !== article.file) {
      return [{
        severity: 'error',
        file: article.file,
        line: 1,
        message: `slug "${article.slug}" is already used by ${owner.file}; give one of them another file name or a "slug"`,
      }];
    }
    return [];
  }

  function upsert(article: Article): ContentProblem[] {
    const taken = slugTaken(article);
    if (taken.length) return taken;
    const previous = byFile.get(article.file);
    if (previous) detach(previous, previous.slug === article.slug && !previous.draft && !article.draft);
    const problems = attach(article);
    generation += 1;
    // Logged as the file is saved; `problems` reports the same conflicts as errors.
    const redirectConflicts = redirectTable().conflicts.filter((c) => c.file === article.file)
      .map((c): ContentProblem => ({ severity: 'warning', file: c.file, message: `${c.message}; it is ignored` }));
    return [...problems, ...redirectConflicts];
  }

  function removeFile(file: string): Article | undefined {
    const previous = byFile.get(file);
    if (!previous) return undefined;
    detach(previous);
    generation += 1;
    return previous;
  }

  const resolve = (ref: string) => {
    const key = ref.trim();
    const bySlugHit = bySlug.get(key) ?? bySlug.get(aliases.get(key) ?? '');
    if (bySlugHit && !bySlugHit.draft) return bySlugHit;
    return timeline.withTitle(key);
  };

  const published = () => cached('published', () => timeline.visibleAt(now().getTime()));
  const redirectTable = () => cached('redirects', () => createRedirectTable([...byFile.values()]));

  function tagIndex(): Map<string, { tag: Tag; articles: Article[] }> {
    return cached('tags', () => {
      const index = new Map<string, { tag: Tag; articles: Article[] }>();
      for (const article of published()) {
        for (const tag of article.tags) {
          const entry = index.get(tag.slug) ?? index.set(tag.slug, { tag, articles: [] }).get(tag.slug)!;
          entry.articles.push(article);
        }
      }
      return index;
    });
  }

  function linkProblems(): ContentProblem[] {
    const problems: ContentProblem[] = [];
    for (const article of byFile.values()) {
      const refs = [...article.seeAlso, ...article.slotRefs];
      for (const ref of refs) {
        const target = bySlug.get(ref.trim());
        if (resolve(ref) || target?.draft) continue;
        problems.push({ severity: 'warning', file: article.file, line: 1, message: `"See also" names "${ref}", which is no article's slug or title; the link is left out` });
      }
    }
    return problems;
  }

  const initialProblems = initial.flatMap((article) => {
    const taken = slugTaken(article);
    return taken.length ? taken : attach(article, true);
  });
  timeline = createTimeline(initial.filter((a) => !a.draft && bySlug.get(a.slug) === a));
  const indexes = createArticleIndexes(waiting, { background: options.indexInBackground ?? false, ...(options.indexSchedule ? { schedule: options.indexSchedule } : {}) });
  waiting = [];

  return {
    upsert,
    removeFile,
    byFile: (file) => byFile.get(file),
    files: () => [...byFile.keys()],
    get problems() {
      const redirectConflicts = redirectTable().conflicts.map((c): ContentProblem => ({ severity: 'error', file: c.file, message: c.message }));
      return [...initialProblems, ...linkProblems(), ...redirectConflicts];
    },
    published,
    get: (slug) => {
      const a = bySlug.get(slug);
      return a && !a.draft && isVisible(a) ? a : undefined;
    },
    aliasTarget: (slug) => {
      const target = aliases.get(slug);
      const article = target === undefined ? undefined : bySlug.get(target);
      return article && !article.draft && isVisible(article) ? article.slug : undefined;
    },
    getAny: (slug) => bySlug.get(slug),
    version,
    tags: () =>
      cached('tag-counts', () =>
        [...tagIndex().values()]
          .map(({ tag, articles: list }) => ({ ...tag, count: list.length }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))),
    byTag: (tagSlug) => tagIndex().get(tagSlug),
    neighbours(article) {
      const list = published();
      const i = list.indexOf(article);
      const newer = i > 0 ? list[i - 1] : undefined;
      const older = i >= 0 ? list[i + 1] : undefined;
      return { ...(newer ? { newer } : {}), ...(older ? { older } : {}) };
    },
    links: (article) =>
      cached(`links:${article.slug}`, () => {
        const visibleRef = (ref: string) => {
          const target = resolve(ref);
          return target && target.slug !== article.slug && isVisible(target) ? target : undefined;
        };
        const chosen = new Map<string, Article>();
        for (const ref of article.seeAlso) {
          const target = visibleRef(ref);
          if (target) chosen.set(target.slug, target);
        }
        for (const slot of article.body.slots) {
          const target = slot.kind === 'ref' ? visibleRef(slot.ref) : undefined;
          if (target) chosen.set(target.slug, target);
        }
        const fill = Math.max(0, seeAlsoCount - chosen.size);
        // The ranking lists every related article; only the best few visible ones are needed.
        const ranked: Article[] = [];
        const t = now().getTime();
        for (const { slug } of article.draft ? [] : indexes.related().rank(article.slug)) {
          if (ranked.length === fill + relatedCount) break;
          const candidate = bySlug.get(slug)!;
          if (isVisible(candidate, t) && !chosen.has(slug)) ranked.push(candidate);
        }
        const inline = [...chosen.values(), ...ranked.slice(0, fill)];
        const body = placeSeeAlso(article.body, inline.map(linkTo), (ref) => {
          const target = visibleRef(ref);
          return target ? linkTo(target) : undefined;
        });
        return { body, related: ranked.slice(fill, fill + relatedCount).map(linkTo) };
      }),
    redirects: redirectTable,
    isReady: () => indexes.isComplete(),
    ready: indexes.complete,
    linksReady: indexes.relatedComplete,
    search(query) {
      const t = now().getTime();
      return indexes.search().search(query, (a) => isVisibleAt(a, t));
    },
  };
}
