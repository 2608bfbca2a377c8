import type { Store } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { Catalog } from '../content/catalog.js';
import type { CommentService } from '../comments/service.js';
import type { CommentChanges, CommentStore } from '../comments/store.js';
import type { Logger } from '../logger.js';
import type { LiveReload } from './live-reload.js';
import type { SessionRevocations } from './session-revocations.js';
import type { Site } from './view-models.js';

/** Everything the HTTP layer is given; it reaches nothing else (no process.env, no content folder). */
export interface AppDeps {
  readonly config: Config;
  readonly catalog: Catalog;
  readonly comments: {
    readonly store: CommentStore;
    readonly service: CommentService;
    /** What cached pages follow to know when comments changed. */
    readonly changes: CommentChanges;
  };
  readonly log: Logger;
  /** Injected clock, so tests can move time. */
  readonly now: () => Date;
  /** Signs cookies and CSRF tokens. */
  readonly secret: string;
  /** Ends moderator sessions on logout, for every server on the same data (a file beside the comments file). */
  readonly sessionRevocations: SessionRevocations;
  /** Where rate limits count, by limit name; each process counts for itself when absent. */
  readonly rateLimitStore?: (name: string) => Store;
  /** Development only: pages reload themselves on changes. */
  readonly liveReload?: LiveReload;
}

export interface RouteDeps extends AppDeps {
  readonly site: Site;
}
