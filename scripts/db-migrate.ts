// npm run db:migrate: brings the PostgreSQL database at DATABASE_URL up to the schema this version needs.
// Safe to run while servers are running or starting: migrations take a lock and apply in one transaction.
import pg from 'pg';
import { migrate } from '../src/comments/postgres/migrations.js';
import { MIGRATIONS } from '../src/comments/postgres/schema.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The URL with its password hidden, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

const url = process.env.DATABASE_URL;
if (!url) fail('DATABASE_URL is not set. Set it to the database to migrate, e.g. DATABASE_URL=postgres://user:password@host:5432/inkwell npm run db:migrate');
if (!/^postgres(ql)?:\/\//.test(url)) fail(`DATABASE_URL must start with postgres:// (got ${shown(url)}).`);

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
try {
  await client.connect();
} catch (error) {
  fail(`Could not connect to the database at ${shown(url)}: ${(error as Error).message}`);
}

try {
  const applied = await migrate(client);
  const names = new Map(MIGRATIONS.map((m) => [m.version, m.name]));
  for (const version of applied) console.log(`Applied migration ${version}: ${names.get(version)}`);
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  console.log(applied.length ? `The database is now at schema version ${latest}.` : `Nothing to apply: the database is already at schema version ${latest}.`);
} catch (error) {
  await client.end().catch(() => undefined);
  fail(`Migration failed: ${(error as Error).message}`);
}
await client.end();
