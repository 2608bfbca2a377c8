import { posix } from 'node:path';

/**
 * Where a URL written in an article body points on the site. Authors write links and file references
 * relative to the article's folder, as they see them in an editor:
 * - `x`, `./x`, `images/x.png`: a file beside the article → `/articles/<slug>/x`, `/articles/<slug>/images/x.png`;
 * - `../other/`, `../other`, `../other/index.md`, `../other.md`, `other.md`, `./other.md` (or `.markdown`):
 *   the article `other` → `/articles/other`; `index.md` and `./` are the article itself;
 * - `../other/x.png`: a file beside the article `other` → `/articles/other/x.png`.
 * A query or `#fragment` is kept. Absolute URLs, root-relative paths, `#…`, `?…` and anything with a
 * scheme (`mailto:`) are returned as written; the sanitizer decides whether they may stay.
 * Pure: `assetBase` is the article's folder on the site, e.g. `/articles/hello/`.
 */
export function resolveBodyUrl(url: string, assetBase: string): string {
  // Read the URL as a browser does: tabs and line breaks anywhere, and spaces or controls at the ends, do not count.
  const value = url.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  if (value === '' || /^([a-z][a-z0-9+.-]*:|[/\\#?])/i.test(value)) return url;
  const cut = value.search(/[?#]/);
  const path = cut < 0 ? value : value.slice(0, cut);
  const suffix = cut < 0 ? '' : value.slice(cut);
  const self = assetBase.replace(/\/+$/, '');

  // `other.md` beside the article names a sibling article, as editors and other site generators link them.
  const sibling = /^(?:\.\/)*([^/]+)\.(?:md|markdown)$/i.exec(path);
  if (sibling) return (sibling[1] === 'index' ? self : `/articles/${sibling[1]}`) + suffix;

  const resolved = posix.normalize(`${assetBase}${path}`);
  const article = /^\/articles\/([^/]+?)(?:\/|\/index\.(?:md|markdown)|\.(?:md|markdown))?$/i.exec(resolved);
  if (article) return `/articles/${article[1]}${suffix}`;
  return resolved + suffix;
}

/**
 * `resolveBodyUrl` for each candidate of a `srcset` ("a.png 1x, b.png 2x"), descriptors kept.
 * Candidates are split as browsers split them: a URL runs to the next whitespace, and commas at its end
 * (or a comma after its descriptors) end the candidate.
 */
export function resolveSrcset(srcset: string, assetBase: string): string {
  const candidates: string[] = [];
  const candidate = /[\s,]*([^\s,][^\s]*)([^,]*)/y;
  let match: RegExpExecArray | null;
  while ((match = candidate.exec(srcset))) {
    let url = match[1]!;
    let descriptors = match[2]!.trim();
    const trailingCommas = /,+$/.exec(url);
    if (trailingCommas) {
      // "a.png,b.png": the commas end this candidate; what followed them starts the next one.
      url = url.slice(0, trailingCommas.index);
      candidate.lastIndex -= match[2]!.length;
      descriptors = '';
    }
    candidates.push(descriptors ? `${resolveBodyUrl(url, assetBase)} ${descriptors}` : resolveBodyUrl(url, assetBase));
  }
  return candidates.join(', ');
}
