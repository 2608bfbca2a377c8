import { createHmac, randomBytes } from 'node:crypto';
import { newComment, normaliseText, type Comment, type CommentInput } from './comment.js';
import { createFloodInterval, type FloodGate } from './flood-interval.js';
import { judgeComment, type ModerationMode } from './moderation.js';
import { belongsTo, type CommentKeys } from './article-comments.js';
import type { CommentStore } from './store.js';
import type { FieldErrors } from './validate.js';

export interface CommentSettings {
  readonly moderation: ModerationMode;
  /** 0 turns off all throttling: the per-IP limit and the flood interval. */
  readonly rateLimit: number;
  /** Minimum time between two posts from one network address or one browser (commenter cookie). */
  readonly floodSeconds: number;
  readonly closeAfterDays: number | null;
  readonly maxDepth: number;
  readonly blocklist: readonly string[];
}

export interface CommentableArticle extends CommentKeys {
  readonly date: Date;
  /** False when front matter says `comments: false`. */
  readonly commentsEnabled: boolean;
}

export type PostOutcome =
  | { readonly kind: 'created'; readonly comment: Comment }
  | { readonly kind: 'invalid'; readonly errors: FieldErrors }
  | { readonly kind: 'refused'; readonly status: 403 | 409 | 429; readonly message: string; readonly retryAfter?: number };

export interface PostRequest {
  readonly article: CommentableArticle;
  readonly input: CommentInput;
  readonly honeypot: boolean;
  /** The poster's browser token (from a signed cookie); identifies them without storing it. */
  readonly commenterToken: string;
  /** A salted hash of the poster's IP address, kept only in memory for the flood interval. */
  readonly ipKey: string;
}

export interface CommentService {
  /** Whether visitors may comment on the article now. */
  isOpen(article: CommentableArticle): boolean;
  post(request: PostRequest): Promise<PostOutcome>;
  /** Hash under which a browser token is stored; a raw token never reaches the file. */
  commenterKey(token: string): string;
  newCommenterToken(): string;
}

const DAY = 86_400_000;

/**
 * The rules of posting a comment: open/closed, replies, duplicates, flooding, moderation. `flood` is
 * given when several processes must share one flood interval; otherwise this process keeps its own.
 */
export function createCommentService(store: CommentStore, settings: CommentSettings, secret: string, now: () => Date, flood?: FloodGate): CommentService {
  const floodSeconds = settings.rateLimit === 0 ? 0 : settings.floodSeconds;
  const gate: FloodGate = floodSeconds === 0 ? { claim: () => 0 } : flood ?? createFloodInterval(floodSeconds);
  const commenterKey = (token: string) => createHmac('sha256', secret).update(`commenter:${token}`).digest('hex').slice(0, 32);

  const isOpen = (article: CommentableArticle) =>
    article.commentsEnabled &&
    (settings.closeAfterDays === null || now().getTime() - article.date.getTime() <= settings.closeAfterDays * DAY);

  return {
    isOpen,
    commenterKey,
    newCommenterToken: () => randomBytes(16).toString('hex'),
    async post({ article, input, honeypot, commenterToken, ipKey }) {
      if (!isOpen(article)) return { kind: 'refused', status: 403, message: 'Comments are closed on this article.' };
      if (input.parent) {
        const parent = await store.get(input.parent);
        if (!parent || !belongsTo(parent, article) || parent.status !== 'approved') {
          return { kind: 'invalid', errors: { parent: 'The comment you are replying to does not exist or is no longer shown.' } };
        }
      }
      const key = commenterKey(commenterToken);
      // The same words on this article under this name: from this browser, or where everyone can read
      // them already. Never found through the email typed, nor among other people's held comments, so a
      // 409 tells a stranger nothing they could not see. Looked up by name rather than by scanning the
      // article, whose comments may be many.
      const sameText = normaliseText(input.text);
      const duplicate = (await store.byAuthorName(input.author)).some((c) => belongsTo(c, article) && c.status !== 'trash' &&
        (c.status === 'approved' || c.commenterKey === key) && normaliseText(c.text) === sameText);
      if (duplicate) {
        return { kind: 'refused', status: 409, message: 'Duplicate comment: it looks as though you have already said that.' };
      }
      const t = now().getTime();
      // Only what identifies this poster's connection and browser; the email they typed proves nothing.
      const floodKeys = [`ip:${ipKey}`, `commenter:${key}`];
      // Checked and recorded in one step (by the primary process in a cluster): two posts sent at the
      // same moment to two workers cannot both pass.
      const wait = await gate.claim(floodKeys, t);
      if (wait > 0) {
        return { kind: 'refused', status: 429, retryAfter: wait, message: `You are posting comments too quickly. Please wait ${wait} seconds and send it again.` };
      }
      const trusted = await store.isTrustedCommenter(key);
      const verdict = judgeComment({ ...input, honeypot, mode: settings.moderation, trusted, blocklist: settings.blocklist });
      const comment = newComment(input, { article: article.slug, commenterKey: key, status: verdict.status, heldReason: verdict.reason }, new Date(t));
      return { kind: 'created', comment: await store.add(comment) };
    },
  };
}
