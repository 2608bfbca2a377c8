import { ClusterMemoryStoreWorker } from '@express-rate-limit/cluster-memory-store';
import type { Store } from 'express-rate-limit';

/**
 * A rate-limit store whose counts the cluster's primary keeps, so a limit holds for all workers
 * together rather than for each. `name` keeps each limit's counts apart.
 */
export const sharedLimitStore = (name: string): Store => new ClusterMemoryStoreWorker({ prefix: name });
