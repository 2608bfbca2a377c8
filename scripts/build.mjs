// npm run build: compiles src/ to dist/ for `npm start`.
// `node scripts/build.mjs --if-stale` (npm's prestart) builds only when dist/ is missing or older than
// a file in src/ or the build settings, so a checkout that was edited or pulled never runs old code.
// Plain JavaScript on purpose: it must run before anything is compiled, without a TypeScript loader.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) => join(root, name));

/** The newest modification time among the files the build reads. */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const path of inputs) if (existsSync(path)) visit(path);
  return newest;
}

const stale = () => !existsSync(stamp) || !existsSync(join(root, 'dist', 'server.js')) || statSync(stamp).mtimeMs < newestInput();

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);

const tsc = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
if (!existsSync(tsc)) {
  process.stderr.write('Cannot build: TypeScript is not installed. Run npm install first.\n');
  process.exit(1);
}
// Files of sources since deleted must not linger in dist/.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const started = Date.now();
const result = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  // Nothing half-built is left to start: the next `npm start` tries again.
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  process.stderr.write('The build failed (see the errors above); nothing was started.\n');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
