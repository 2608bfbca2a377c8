import { escapeHtml } from '../escape-html.js';

/**
 * Videos WordPress turned into players (a bare URL on its own line, `[embed]`, Jetpack's
 * `[youtube]`/`[vimeo]`, or an iframe). The blog's renderer lets through exactly one kind of iframe:
 * YouTube's privacy-enhanced player and Vimeo's player, with a title.
 */

export interface VideoEmbed {
  readonly src: string;
  readonly title: string;
}

const YOUTUBE_ID = /^[\w-]{11}$/;

export function videoEmbed(url: string, title?: string): VideoEmbed | undefined {
  let u: URL;
  try {
    u = new URL(url.trim().replace(/&amp;/g, '&'));
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const host = u.hostname.replace(/^(www\.|m\.)/, '');
  const parts = u.pathname.split('/').filter(Boolean);
  let id: string | undefined;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    id = parts[0] === 'watch' ? u.searchParams.get('v') ?? undefined
      : ['embed', 'shorts', 'v', 'live'].includes(parts[0] ?? '') ? parts[1] : undefined;
  } else if (host === 'youtu.be') id = parts[0];
  if (id && YOUTUBE_ID.test(id)) return { src: `https://www.youtube-nocookie.com/embed/${id}`, title: title || 'YouTube video' };
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const vimeo = parts.find((p) => /^\d{3,12}$/.test(p));
    if (vimeo) return { src: `https://player.vimeo.com/video/${vimeo}`, title: title || 'Vimeo video' };
  }
  return undefined;
}

/** The iframe line the renderer accepts. */
export const iframeHtml = (embed: VideoEmbed) => `<iframe src="${escapeHtml(embed.src)}" title="${escapeHtml(embed.title)}"></iframe>`;
