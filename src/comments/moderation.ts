import { escapeRegExp } from '../regexp.js';
import { countLinks } from './format.js';

export type ModerationMode = 'off' | 'first-time' | 'all';

export const MAX_LINKS = 2;

export interface Verdict {
  readonly status: 'approved' | 'pending' | 'spam';
  /** Which rule decided, recorded with the comment so moderators see why it was held. */
  readonly reason: string | null;
}

export interface VerdictInput {
  readonly text: string;
  readonly author: string;
  readonly url: string | null;
  readonly honeypot: boolean;
  readonly mode: ModerationMode;
  /** The commenter has had a comment approved before, proven by their signed browser token. */
  readonly trusted: boolean;
  readonly blocklist: readonly string[];
}

/** The first disallowed word or phrase found in the text, name or website, matched as whole words. */
export function findBlockedWord(haystack: string, blocklist: readonly string[]): string | undefined {
  const text = haystack.toLowerCase();
  return blocklist.find((word) => {
    const w = word.toLowerCase().trim();
    if (!w) return false;
    const escaped = escapeRegExp(w);
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
  });
}

/** Decides whether a valid comment is published, held or filed as spam. Pure; the order of rules matters. */
export function judgeComment(input: VerdictInput): Verdict {
  if (input.honeypot) return { status: 'spam', reason: 'Spam: the hidden anti-spam field was filled in.' };
  const blocked = findBlockedWord(`${input.author}\n${input.url ?? ''}\n${input.text}`, input.blocklist);
  if (blocked) return { status: 'spam', reason: `Spam: contains the disallowed word “${blocked}”.` };
  const links = countLinks(input.text);
  if (links > MAX_LINKS) return { status: 'pending', reason: `Held: contains ${links} links (more than ${MAX_LINKS}).` };
  if (input.mode === 'all') return { status: 'pending', reason: 'Held: every comment is moderated (COMMENT_MODERATION=all).' };
  if (input.mode === 'first-time' && !input.trusted) {
    return { status: 'pending', reason: 'Held: first comment from this commenter (COMMENT_MODERATION=first-time).' };
  }
  return { status: 'approved', reason: null };
}
