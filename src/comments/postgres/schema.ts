/** One step of the database schema. Never edit a released migration: add the next version instead. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * How byAuthorName compares names (normaliseText in ../comment.ts: runs of white space as one space,
 * trimmed, lower case), written so that the comments_author_name_idx index of v1 serves it: a query
 * must use exactly this expression.
 */
export const NORMALISED_AUTHOR_SQL = String.raw`lower(btrim(regexp_replace(author, '\s+', ' ', 'g')))`;

// Comment field → column: id → id, article → article, parent → parent_id, author → author, email → email,
// url → url, text → body, status → status, createdAt → created_at, heldReason → held_reason,
// commenterKey → commenter_key.
const v1 = String.raw`
-- One row per comment (src/comments/comment.ts); seq keeps the order comments were stored in, so that
-- comments of the same millisecond list in a stable order.
CREATE TABLE comments (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  article text NOT NULL,
  -- No foreign key: a reply keeps its parent's id after the parent is removed and is shown at the top
  -- level, as in the JSON file; imported replies may also name a parent that was never imported.
  parent_id text NULL,
  author text NOT NULL,
  email text NOT NULL,
  url text NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
  created_at timestamptz NOT NULL,
  held_reason text NULL,
  commenter_key text NULL
);
-- An article's comments, oldest first (article pages, comment feeds).
CREATE INDEX comments_article_created_idx ON comments (article, created_at);
-- The moderation queue and the site-wide comment feed: one status, by date.
CREATE INDEX comments_status_created_idx ON comments (status, created_at);
-- byEmail and eraseByEmail, in any letter case.
CREATE INDEX comments_email_idx ON comments (lower(email));
-- isTrustedCommenter: only approved comments make a browser trusted.
CREATE INDEX comments_trusted_key_idx ON comments (commenter_key) WHERE status = 'approved';
-- byAuthorName (see NORMALISED_AUTHOR_SQL).
CREATE INDEX comments_author_name_idx ON comments (${NORMALISED_AUTHOR_SQL});

-- Hits per rate limiter and client ("<limiter>:<client>", e.g. comment-posts or failed-logins) in the
-- current window, shared by every server.
CREATE TABLE rate_counters (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count integer NOT NULL CHECK (count >= 0)
);

-- The current moderator-session generation (src/http/session-revocations.ts): a single row, replaced
-- by "log out everywhere"; sessions of any other generation are refused by every server.
CREATE TABLE session_revocations (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation bigint NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);

-- One row per change to an article's comments, so a server that missed a notification can catch up
-- on which pages to refresh (everything after the last id it saw).
CREATE TABLE comment_changes (
  id bigserial PRIMARY KEY,
  article text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
`;

/** Every migration, in the order they are applied. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'comments and shared server state', sql: v1 }];
