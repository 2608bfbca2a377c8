import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped by hand when the cache's layout changes; the code's own text covers changes of derivation. */
const CACHE_FORMAT = 1;

const HERE = dirname(fileURLToPath(import.meta.url));

/** The modules outside this folder that content modules import. */
const HELPERS = ['errors', 'html', 'regexp', 'sorted'];

const isModule = (name: string) => /\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts');

/**
 * A digest of the code that turns a source file into prepared data: every module of this folder and
 * the helpers it imports (the compiled or the TypeScript ones, whichever runs), and the locked
 * dependency versions (gray-matter, js-yaml, zod…). Data cached by any other version is not used.
 */
export function contentCodeVersion(): string {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
  const parent = join(HERE, '..');
  const files = [
    ...readdirSync(HERE).filter(isModule).map((n) => join(HERE, n)),
    ...readdirSync(parent).filter((n) => isModule(n) && HELPERS.includes(n.replace(/\.[^.]+$/, ''))).map((n) => join(parent, n)),
  ].sort();
  for (const file of files) hash.update(`${file.slice(parent.length)}\n`).update(readFileSync(file));
  try {
    hash.update(readFileSync(join(HERE, '..', '..', 'package-lock.json')));
  } catch {
    hash.update('no lockfile');
  }
  return hash.digest('base64url');
}
