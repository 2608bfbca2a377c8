import { createServer, type RequestListener, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';

/** How long a stopping server waits for answers under way before closing their connections. */
const DRAIN_DEADLINE_MS = 10_000;

export interface DrainableServer {
  readonly server: Server;
  /**
   * Stops taking connections and calls `done` once every connection has closed: requests under way
   * are answered, and a client that never reads its answer holds the exit up for the deadline at most.
   * Calls after the first change nothing.
   */
  drain(done: () => void): void;
}

export function createDrainableServer(handle: RequestListener): DrainableServer {
  let draining = false;
  const server = createServer((req, res) => {
    // While draining, each connection closes after its answer, so clients open their next one to a
    // server that stays.
    if (draining) res.setHeader('Connection', 'close');
    handle(req, res);
  });
  return {
    server,
    drain(done) {
      if (draining) return;
      draining = true;
      const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_DEADLINE_MS).unref();
      // http's own close() also drops idle keep-alive connections at once, while a client may be
      // sending its next request on one (it would fail). Listening stops; each connection closes after
      // its next answer or once idle for the keep-alive timeout.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(deadline);
        done();
      });
    },
  };
}
