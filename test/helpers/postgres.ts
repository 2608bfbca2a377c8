import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startPostgres, type PostgresServer, type PostgresServerOptions } from '../../scripts/pg-server.mjs';

export interface TestPostgres {
  /** The server's URL (its `postgres` database); only valid once the file's beforeAll has run. */
  readonly url: string;
  /** A new, empty database of the test's own; returns its URL. */
  freshDatabase(): Promise<string>;
  /** A connected client, ended after the test. */
  connect(url: string): Promise<pg.Client>;
}

/**
 * One real PostgreSQL server for the calling test file: started before its first test (about a
 * second), stopped and removed after its last. Call at the top level of the file.
 */
export function usePostgres(options: PostgresServerOptions = {}): TestPostgres {
  let server: PostgresServer | undefined;
  const clients: pg.Client[] = [];
  const running = () => {
    if (!server) throw new Error('usePostgres: the server starts in beforeAll; use it inside a test or hook');
    return server;
  };

  beforeAll(async () => {
    server = await startPostgres(options);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  });
  afterAll(async () => {
    await server?.stop();
  });

  return {
    get url() {
      return running().url;
    },
    freshDatabase: () => running().createDatabase(),
    async connect(url) {
      const client = new pg.Client({ connectionString: url });
      clients.push(client);
      await client.connect();
      return client;
    },
  };
}
