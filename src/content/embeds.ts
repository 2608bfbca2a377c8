/**
 * Video players an article may embed with `<iframe>`. Only these pages may be framed (the CSP's
 * `frame-src` lists the same origins); every other iframe is removed from the body.
 */
export const EMBED_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

interface Provider {
  readonly hosts: readonly string[];
  /** The video's id from the player path, e.g. `/embed/<id>`. */
  readonly path: RegExp;
  /** Query parameters kept, each with the values it may have. */
  readonly params: Readonly<Record<string, RegExp>>;
  readonly fragment?: RegExp;
  readonly player: (id: string) => URL;
  readonly defaultTitle: string;
}

const SECONDS = /^\d{1,6}$/;

const PROVIDERS: readonly Provider[] = [
  {
    hosts: ['www.youtube.com', 'youtube.com', 'www.youtube-nocookie.com'],
    path: /^\/embed\/([A-Za-z0-9_-]{6,32})$/,
    params: { start: SECONDS, end: SECONDS },
    // The privacy-enhanced player sets no cookies until the reader plays the video.
    player: (id) => new URL(`https://www.youtube-nocookie.com/embed/${id}`),
    defaultTitle: 'YouTube video',
  },
  {
    hosts: ['player.vimeo.com'],
    path: /^\/video\/(\d{1,20})$/,
    // `h` is the key of an unlisted video.
    params: { h: /^[0-9a-f]{1,40}$/i },
    fragment: /^#t=(?=\d)(?:\d{1,3}h)?(?:\d{1,4}m)?(?:\d{1,6}s?)?$/,
    player: (id) => {
      const url = new URL(`https://player.vimeo.com/video/${id}`);
      // Do Not Track: the player sets no tracking cookies and sends no session data.
      url.searchParams.set('dnt', '1');
      return url;
    },
    defaultTitle: 'Vimeo video',
  },
];

/** The longest title kept on an embed; a longer one is cut. */
const MAX_TITLE = 200;

/**
 * The attributes an `<iframe>` keeps, when its `src` is a player from the allowlist: the player URL
 * (YouTube moved to youtube-nocookie.com, Vimeo with `dnt=1`, only known parameters kept), a title
 * for screen readers (the author's, or "YouTube video"/"Vimeo video"), lazy loading, full screen and a
 * referrer policy. Undefined for any other iframe, which is then removed. Pure.
 */
export function embedAttributes(attribs: Readonly<Record<string, string>>): Record<string, string> | undefined {
  let url: URL;
  try {
    url = new URL((attribs.src ?? '').trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  const provider = PROVIDERS.find((p) => p.hosts.includes(url.hostname));
  const id = provider?.path.exec(url.pathname)?.[1];
  if (!provider || !id) return undefined;

  const player = provider.player(id);
  for (const [name, allowed] of Object.entries(provider.params)) {
    const value = url.searchParams.get(name);
    if (value !== null && allowed.test(value)) player.searchParams.set(name, value);
  }
  if (url.hash && provider.fragment?.test(url.hash)) player.hash = url.hash;

  const title = (attribs.title ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE);
  return {
    src: player.href,
    title: title || provider.defaultTitle,
    loading: 'lazy',
    allowfullscreen: '',
    referrerpolicy: 'strict-origin-when-cross-origin',
  };
}
