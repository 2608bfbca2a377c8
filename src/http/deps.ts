import type { Config } from '../config.js';
import type { Catalog } from '../content/catalog.js';
import type { Logger } from '../logger.js';
import type { Site } from './view-models.js';

/** Everything the HTTP layer is given; it reaches nothing else (no process.env, no content folder). */
export interface AppDeps {
  readonly config: Config;
  readonly catalog: Catalog;
  readonly log: Logger;
  /** Injected clock, so tests can move time. */
  readonly now: () => Date;
}

export interface RouteDeps extends AppDeps {
  readonly site: Site;
}
