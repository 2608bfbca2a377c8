/**
 * The old site's URLs of a post, as paths on this site (`/2019/05/03/slug/`, `/?p=123`), and the
 * matching of links in bodies against them. Paths keep WordPress's percent-encoding; the redirect
 * route decodes.
 */

/** Path and query of `url` if it is on the old site (`base`), with repeated slashes collapsed. */
export function sitePathOf(url: string, base: URL | undefined): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim(), base);
  } catch {
    return undefined;
  }
  if (base && u.host.replace(/^www\./, '') !== base.host.replace(/^www\./, '')) return undefined;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const path = `${u.pathname.replace(/\/{2,}/g, '/')}${u.search}`;
  // Front matter accepts site paths without white space or fragments.
  return /^\/[^\s#]*$/.test(path) && path.length <= 1000 ? path : undefined;
}

/** How a link and a permalink are compared: decoded, lower-case, no trailing slash, only WordPress's own query keys. */
export function linkKey(path: string): string {
  const [pathname = '', search = ''] = path.split('?', 2);
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // Keep a malformed escape as written.
  }
  const params = new URLSearchParams(search);
  const id = params.get('p') ?? params.get('page_id');
  const query = id ? `?${params.has('p') ? 'p' : 'page_id'}=${id}` : '';
  return `${decoded.replace(/\/+$/, '').toLowerCase()}${query}` || '/';
}

export interface PermalinkInput {
  readonly kind: 'post' | 'page';
  readonly id: string;
  readonly link: string;
  readonly guid: string;
  readonly oldSlugs: readonly string[];
}

/** Every old path of one post, first its permalink, without duplicates. */
export function oldPaths(input: PermalinkInput, base: URL | undefined): string[] {
  const paths: string[] = [];
  const add = (path: string | undefined) => {
    if (path && path !== '/' && !paths.some((p) => linkKey(p) === linkKey(path))) paths.push(path);
  };
  const link = sitePathOf(input.link, base);
  add(link);
  add(input.kind === 'page' ? `/?page_id=${input.id}` : `/?p=${input.id}`);
  add(sitePathOf(input.guid, base));
  // WordPress answers a post's former slugs (_wp_old_slug) at its old permalink with the old slug in it.
  if (link && !link.includes('?')) {
    const segments = link.replace(/\/$/, '').split('/');
    for (const old of input.oldSlugs) {
      if (/^[^/\s#?]+$/.test(old)) add(`${[...segments.slice(0, -1), old].join('/')}${link.endsWith('/') ? '/' : ''}`);
    }
  }
  return paths;
}
