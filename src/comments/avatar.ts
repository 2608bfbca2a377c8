import { createHash } from 'node:crypto';

export const AVATAR_COLOURS = 8;

/** Initials and a colour index for an avatar drawn locally: no third-party image requests. */
export function avatarFor(name: string): { initials: string; colour: number } {
  const words = name.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const first = (w: string | undefined) => (w ? [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '' : '');
  const initials = (words.length > 1 ? first(words[0]) + first(words.at(-1)) : first(words[0])).toUpperCase() || '?';
  const colour = createHash('sha256').update(name.trim().toLowerCase()).digest()[0]! % AVATAR_COLOURS;
  return { initials, colour };
}
