import type pg from 'pg';
import { MIGRATIONS, type Migration } from './schema.js';

/**
 * Held for the whole migrating transaction, so that servers starting together migrate one at a time:
 * the first applies what is missing, the others wait and then find nothing left to do.
 * ('inkw' in ASCII; any constant works as long as every version of inkwell uses the same one.)
 */
const MIGRATION_LOCK = 0x696e6b77;

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const isPool = (db: pg.Pool | pg.Client): db is pg.Pool => 'totalCount' in db;

/**
 * Brings the database's schema up to date in one transaction: nothing is applied unless everything
 * is. Returns the versions applied (none when it was up to date). Refuses a database that a newer
 * version of inkwell migrated, since this code would misread its tables.
 */
export async function migrate(db: pg.Pool | pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = isPool(db) ? await db.connect() : db;
  try {
    await client.query('BEGIN');
    try {
      const applied = await applyMissing(client, migrations);
      await client.query('COMMIT');
      return applied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    if (client !== db) (client as pg.PoolClient).release();
  }
}

async function applyMissing(client: pg.ClientBase, migrations: readonly Migration[]): Promise<number[]> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  // Created under the lock: two servers creating it at once could otherwise collide.
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  const done = new Set(rows.map((r) => r.version));
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newer = rows.filter((r) => r.version > known);
  if (newer.length > 0) {
    const list = newer.map((r) => `${r.version} (${r.name})`).join(', ');
    throw new MigrationError(`the database was migrated by a newer version of inkwell: it has schema version ${list}, `
      + `and this version knows versions up to ${known}. Run the newer inkwell, or restore a backup made before it migrated.`);
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new MigrationError(`migration ${migration.version} (${migration.name}) failed, and nothing was changed: ${(error as Error).message}`, { cause: error });
    }
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    applied.push(migration.version);
  }
  return applied;
}
