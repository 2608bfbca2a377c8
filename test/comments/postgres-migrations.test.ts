import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { COMMENT_STATUSES } from '../../src/comments/comment.js';
import { migrate, MigrationError } from '../../src/comments/postgres/migrations.js';
import { MIGRATIONS, NORMALISED_AUTHOR_SQL } from '../../src/comments/postgres/schema.js';
import { usePostgres } from '../helpers/postgres.js';
import { ROOT, runCommand, runScript } from '../helpers/run-script.js';

const postgres = usePostgres({ fast: true });

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

async function appliedVersions(db: pg.Client): Promise<number[]> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

async function migratedDatabase(): Promise<pg.Client> {
  const db = await postgres.connect(await postgres.freshDatabase());
  await migrate(db);
  return db;
}

const insertComment = (db: pg.Client, id: string, fields: { status?: string; parent?: string | null; author?: string } = {}) =>
  db.query(
    `INSERT INTO comments (id, article, parent_id, author, email, url, body, status, created_at, held_reason, commenter_key)
     VALUES ($1, 'hello', $2, $3, 'ann@example.com', NULL, 'A comment.', $4, now(), NULL, 'key-1')`,
    [id, fields.parent ?? null, fields.author ?? 'Ann Reader', fields.status ?? 'approved'],
  );

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('migrate', () => {
  it('gives a fresh database every migration, with its tables and indexes', async () => {
    const db = await postgres.connect(await postgres.freshDatabase());

    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));

    expect(await appliedVersions(db)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows.map((r) => r.tablename).sort())
      .toEqual(['comment_changes', 'comments', 'rate_counters', 'schema_migrations', 'session_revocations']);
    const indexes = await db.query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'comments'");
    const byName = new Map(indexes.rows.map((r) => [r.indexname, r.indexdef]));
    expect(byName.get('comments_article_created_idx')).toMatch(/\(article, created_at\)/);
    expect(byName.get('comments_status_created_idx')).toMatch(/\(status, created_at\)/);
    expect(byName.get('comments_email_idx')).toMatch(/lower\(email\)/);
    expect(byName.get('comments_trusted_key_idx')).toMatch(/\(commenter_key\) WHERE \(status = 'approved'::text\)/);
    expect(byName.get('comments_author_name_idx')).toMatch(/regexp_replace/);
  });

  it('serves a name lookup written with NORMALISED_AUTHOR_SQL from the author index, ignoring case and spacing', async () => {
    const db = await migratedDatabase();
    await insertComment(db, 'c1', { author: '  Ann   Reader ' });
    await insertComment(db, 'c2', { author: 'Bob' });

    const lookup = `SELECT id FROM comments WHERE ${NORMALISED_AUTHOR_SQL} = $1`;
    expect((await db.query(lookup, ['ann reader'])).rows).toEqual([{ id: 'c1' }]);
    await db.query('SET enable_seqscan = off');
    const plan = await db.query(`EXPLAIN ${lookup.replace('$1', "'ann reader'")}`);
    expect(JSON.stringify(plan.rows)).toContain('comments_author_name_idx');
  });

  it('stores exactly the statuses a comment can have', async () => {
    const db = await migratedDatabase();
    for (const [i, status] of COMMENT_STATUSES.entries()) await insertComment(db, `c${i}`, { status });

    await expect(insertComment(db, 'odd', { status: 'deleted' })).rejects.toThrow(/check constraint/);
  });

  it('keeps a reply, still naming its parent, when the parent is deleted', async () => {
    const db = await migratedDatabase();
    await insertComment(db, 'parent');
    await insertComment(db, 'reply', { parent: 'parent' });

    await db.query("DELETE FROM comments WHERE id = 'parent'");

    expect((await db.query('SELECT id, parent_id FROM comments')).rows).toEqual([{ id: 'reply', parent_id: 'parent' }]);
  });

  it('applies nothing when run again', async () => {
    const db = await migratedDatabase();

    expect(await migrate(db)).toEqual([]);
    expect(await appliedVersions(db)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('applies only the missing migrations, in version order', async () => {
    const db = await migratedDatabase();
    const later = [
      ...MIGRATIONS,
      { version: LATEST + 2, name: 'second', sql: 'ALTER TABLE probe ADD COLUMN b int' },
      { version: LATEST + 1, name: 'first', sql: 'CREATE TABLE probe (a int)' },
    ];

    expect(await migrate(db, later)).toEqual([LATEST + 1, LATEST + 2]);
    const columns = await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'probe' ORDER BY column_name");
    expect(columns.rows).toEqual([{ column_name: 'a' }, { column_name: 'b' }]);
  });

  it('changes nothing when one migration fails, and names it', async () => {
    const db = await postgres.connect(await postgres.freshDatabase());
    const broken = [...MIGRATIONS, { version: LATEST + 1, name: 'broken', sql: 'ALTER TABLE missing ADD COLUMN a int' }];

    const failure = migrate(db, broken);

    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(new RegExp(`migration ${LATEST + 1} \\(broken\\) failed, and nothing was changed`));
    const tables = await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.rows).toEqual([]);
  });

  it('applies each migration once when five servers migrate at the same moment', async () => {
    const url = await postgres.freshDatabase();
    // Each pool holds one connection of its own, as five servers would.
    const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: url, max: 1 }));
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pool)));

      expect(results.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
      const db = await postgres.connect(url);
      expect(await appliedVersions(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(pools.map((pool) => pool.idleCount)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a database migrated by a newer version of inkwell, and leaves it as it is', async () => {
    const db = await migratedDatabase();
    await db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [LATEST + 10]);

    await expect(migrate(db)).rejects.toThrow(`the database was migrated by a newer version of inkwell: it has schema version ${LATEST + 10} (from the future)`);
    expect(await appliedVersions(db)).toEqual([...MIGRATIONS.map((m) => m.version), LATEST + 10]);
  });
});

describe('npm run db:migrate', () => {
  it('migrates the database at DATABASE_URL, says what it applied, and applies nothing the second time', async () => {
    const url = await postgres.freshDatabase();

    const first = await runCommand('npm', ['run', '--silent', 'db:migrate'], { DATABASE_URL: url }, { timeoutMs: 20_000, cleanEnv: true });
    const second = await runScript('scripts/db-migrate.ts', [], { DATABASE_URL: url });

    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Applied migration 1: ${MIGRATIONS[0]?.name}`);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Nothing to apply: the database is already at schema version ${LATEST}`);
    expect(await appliedVersions(await postgres.connect(url))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('exits 1 and says so when DATABASE_URL is missing or the database cannot be reached', async () => {
    const port = await closedPort();
    const [missing, unreachable] = await Promise.all([
      runScript('scripts/db-migrate.ts', [], { DATABASE_URL: '' }),
      runScript('scripts/db-migrate.ts', [], { DATABASE_URL: `postgres://inkwell:secret@127.0.0.1:${port}/inkwell` }),
    ]);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DATABASE_URL is not set');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not connect to the database at postgres:\/\/inkwell:\*\*\*@127\.0\.0\.1:\d+\/inkwell: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain('secret');
  });
});

describe('node scripts/pg-server.mjs', () => {
  it('prints a DATABASE_URL that accepts connections, and on SIGTERM stops the server and removes its folder', async () => {
    const child = spawn(process.execPath, ['scripts/pg-server.mjs', '--fast'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let stdout = '';
      let stderr = '';
      // The URL goes to stdout and the folder to stderr: wait for both.
      const [url, dir] = await new Promise<[string, string]>((resolve, reject) => {
        const check = () => {
          const url = /^DATABASE_URL=(\S+)$/m.exec(stdout)?.[1];
          const dir = /running in (\S+);/.exec(stderr)?.[1];
          if (url && dir) resolve([url, dir]);
        };
        child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), check()));
        child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), check()));
        void exited.then((code) => reject(new Error(`pg-server exited (${code}) before printing a URL:\n${stderr}`)));
      });
      expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ answer: number }>('SELECT 6 * 7 AS answer');
      await client.end();
      expect(rows).toEqual([{ answer: 42 }]);
      expect(existsSync(dir)).toBe(true);

      child.kill('SIGTERM');

      expect(await exited).toBe(0);
      expect(existsSync(dir)).toBe(false);
      const after = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      await expect(after.connect()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
