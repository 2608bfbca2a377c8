// A throwaway PostgreSQL server for tests and local development: a new cluster in a temporary folder,
// listening on 127.0.0.1 and a free port, removed again when stopped.
//   node scripts/pg-server.mjs [--fast]   (npm run db:test-server) prints DATABASE_URL=… and runs until Ctrl-C.
// Plain JavaScript so that it runs without a TypeScript loader; its types are in pg-server.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const TOOLS = ['initdb', 'pg_ctl', 'postgres'];
const INSTALL_HINT = 'Install PostgreSQL (`apt-get install -y postgresql` on Debian or Ubuntu), or set PG_BIN to the folder holding initdb, pg_ctl and postgres.';

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const hasTools = (dir) => TOOLS.every((tool) => isExecutable(join(dir, tool)));

/** Major version first, so that 15 sorts above 9.6 and below 16. */
const byVersion = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/** The folder holding initdb, pg_ctl and postgres: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
export function findPostgresBin(env = process.env) {
  if (env.PG_BIN) {
    if (hasTools(env.PG_BIN)) return env.PG_BIN;
    throw new Error(`PG_BIN is ${env.PG_BIN}, but ${TOOLS.join(', ')} are not all there. ${INSTALL_HINT}`);
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).sort(byVersion).reverse() : [];
  for (const version of versions) if (hasTools(join(debian, version, 'bin'))) return join(debian, version, 'bin');
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && hasTools(dir)) return dir;
  throw new Error(`No PostgreSQL server found (looked for ${TOOLS.join(', ')} in /usr/lib/postgresql/*/bin and PATH). ${INSTALL_HINT}`);
}

/**
 * How to run the server binaries. Debian's refuse to run as root, so root runs them as the `postgres`
 * user, which the postgresql package creates.
 */
function runnerFor(bin) {
  if (process.getuid?.() !== 0) return (tool, args) => [join(bin, tool), args];
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    throw new Error(`PostgreSQL refuses to run as root, and there is no \`postgres\` user to run it as. ${INSTALL_HINT}`);
  }
  return (tool, args) => ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]];
}

/** A port nobody listens on at this moment (the server may still lose it to someone else: see `start`). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;

/**
 * Starts a new PostgreSQL cluster. `fast: true` turns off fsync and synchronous_commit: quicker, but a
 * crash of the machine (or a test that kills the server to check durability) may lose committed data.
 * @param {{ fast?: boolean }} [options]
 */
export async function startPostgres({ fast = false } = {}) {
  const bin = findPostgresBin();
  const run = runnerFor(bin);
  const dir = mkdtempSync(join(tmpdir(), 'inkwell-pg-'));
  // The `postgres` user creates the cluster, its log and its socket here when root starts it.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const exec = (tool, args) => {
    const [command, argv] = run(tool, args);
    const result = spawnSync(command, argv, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const logText = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${tool} failed (${result.error?.message ?? result.status ?? result.signal}):\n${result.stderr}${result.stdout}${logText}`);
    }
  };
  const removeFolder = () => rmSync(dir, { recursive: true, force: true });
  const stopServer = () => spawnSync(...run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']), { cwd: dir, stdio: 'ignore', timeout: 30_000 });

  let port;
  try {
    // A C.UTF-8 cluster: byte-order sorting, and lower() folds every letter, as a production UTF-8 database does.
    exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    // Another process may take the free port between the probe and the server's bind: try a few.
    for (let attempt = 1; port === undefined; attempt++) {
      const candidate = await freePort();
      const settings = ['-p', candidate, '-k', quote(dir), '-c', 'listen_addresses=127.0.0.1'];
      if (fast) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off');
      try {
        exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings.join(' '), 'start']);
        port = candidate;
      } catch (error) {
        if (attempt >= 3 || !/could not bind|address already in use/i.test(String(error.message))) throw error;
      }
    }
  } catch (error) {
    stopServer();
    removeFolder();
    throw error;
  }

  // If this process ends without stop(): 'exit' covers a normal end, the watchdog a signal or a crash.
  const onExit = () => {
    stopServer();
    removeFolder();
  };
  process.on('exit', onExit);
  const watchdog = startWatchdog(run, data, dir);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    dir,
    /** Creates an empty database (named t_<random> unless told) and returns its URL. */
    async createDatabase(name = `t_${randomBytes(6).toString('hex')}`) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain database name: ${JSON.stringify(name)}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    /** Stops the server at once (as a crash would) and removes its folder; safe to call twice. */
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      watchdog?.kill();
      onExit();
    },
  };
}

/**
 * A detached shell that outlives a killed parent and then stops the server and removes its folder,
 * so a test run ended by SIGKILL leaves no server behind.
 */
function startWatchdog(run, data, dir) {
  const [command, argv] = run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  const script = 'parent=$1; folder=$2; shift 2; while kill -0 "$parent" 2>/dev/null; do sleep 1; done; "$@" >/dev/null 2>&1; rm -rf "$folder"';
  try {
    const child = spawn('sh', ['-c', script, 'pg-watchdog', String(process.pid), dir, command, ...argv], { cwd: dir, detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return child;
  } catch {
    return undefined;
  }
}

async function main() {
  const server = await startPostgres({ fast: process.argv.includes('--fast') });
  console.log(`DATABASE_URL=${server.url}`);
  console.error(`PostgreSQL is running in ${server.dir}; press Ctrl-C to stop it and remove that folder.`);
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const shutdown = async () => {
    clearInterval(keepAlive);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
