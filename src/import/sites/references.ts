import { join } from 'node:path';
import { baseName, folderOf, isIndexFile, withoutExtension } from './conventions.js';
import { postUrlName } from './jekyll.js';

/**
 * Every way a post of the old site can be named by another: its file or bundle folder, Jekyll's
 * `post_url` name, Hugo's `ref` path, an old URL. Each leads to `/articles/<slug>`.
 */

export interface PostNames {
  readonly rel: string;
  readonly base: string;
  readonly slug: string;
  readonly oldUrls: readonly string[];
}

/** An old path compared loosely: case, a trailing slash, `index.html` and `.html` do not matter. */
export const looseUrl = (path: string) =>
  path.toLowerCase().replace(/\/index\.html?$/, '/').replace(/\.html?$/, '').replace(/\/+$/, '') || '/';

export interface References {
  /** By absolute file path or bundle folder path. */
  postAtPath(path: string): string | undefined;
  postAtOldUrl(path: string): string | undefined;
  /** `post_url:<name>`, `path:<site path>` or `ref:<Hugo path>`. */
  resolvePost(reference: string): string | undefined;
}

export function buildReferences(root: string, posts: readonly PostNames[]): References {
  const byPath = new Map<string, string>();
  const byPostUrl = new Map<string, string>();
  const byRef = new Map<string, string>();
  const byOldUrl = new Map<string, string>();
  const add = (map: Map<string, string>, key: string, url: string) => {
    if (!map.has(key)) map.set(key, url);
  };
  for (const post of posts) {
    const url = `/articles/${post.slug}`;
    const bundle = isIndexFile(baseName(post.rel)) ? folderOf(post.rel) : undefined;
    add(byPath, join(root, post.rel), url);
    if (bundle) add(byPath, join(root, bundle), url);
    const name = postUrlName(post.rel);
    if (name) {
      add(byPostUrl, name, url);
      add(byPostUrl, baseName(name), url);
    }
    add(byPostUrl, withoutExtension(baseName(post.rel)), url);
    const inBase = post.base && post.base !== '.' ? post.rel.slice(post.base.length + 1) : post.rel;
    for (const key of [inBase, withoutExtension(inBase), bundle ? folderOf(inBase) : undefined, bundle ? baseName(folderOf(inBase)) : withoutExtension(baseName(inBase)), baseName(inBase)]) {
      if (key) add(byRef, key.toLowerCase(), url);
    }
    for (const old of post.oldUrls) add(byOldUrl, looseUrl(old), url);
  }
  return {
    postAtPath: (path) => byPath.get(path),
    postAtOldUrl: (path) => byOldUrl.get(looseUrl(path)),
    resolvePost(reference) {
      const colon = reference.indexOf(':');
      const kind = reference.slice(0, colon);
      const value = reference.slice(colon + 1).trim();
      if (kind === 'post_url') return byPostUrl.get(value) ?? byPostUrl.get(baseName(value));
      if (kind === 'path') return byPath.get(join(root, value)) ?? byOldUrl.get(looseUrl(`/${value}`));
      const key = value.replace(/^\.?\//, '').replace(/\/$/, '').toLowerCase();
      return byRef.get(key) ?? byRef.get(withoutExtension(key)) ?? byRef.get(baseName(withoutExtension(key))) ?? byOldUrl.get(looseUrl(`/${key}`));
    },
  };
}
