export interface PostgresServerOptions {
  /** Turns off fsync and synchronous_commit: quicker, but committed data may be lost if the server is killed. */
  readonly fast?: boolean;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trusted without a password. */
  readonly url: string;
  readonly port: number;
  /** The temporary folder holding the cluster, its log and its socket; removed by `stop`. */
  readonly dir: string;
  /** Creates an empty database (named `t_<random>` unless told) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once (`pg_ctl -m immediate`) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The folder holding initdb, pg_ctl and postgres: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
export function findPostgresBin(env?: NodeJS.ProcessEnv): string;

/** Starts a new PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port. */
export function startPostgres(options?: PostgresServerOptions): Promise<PostgresServer>;
