// npm run import -- <source> [--from auto|wordpress|jekyll|…] [--out content/] [--dry-run] [--uploads DIR]
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openJsonFileStore } from '../src/comments/json-file-store.js';
import type { CommentStore } from '../src/comments/store.js';
import { parseConfig } from '../src/config.js';
import type { ImportBatch } from '../src/import/model.js';
import { createProgress } from '../src/import/progress.js';
import { readSiteFolder, SITE_KINDS, type SiteKind } from '../src/import/sites/index.js';
import { exitCodeFor, formatSummary } from '../src/import/summary.js';
import { readWordPressExport } from '../src/import/wordpress/read-export.js';
import { writeBatch } from '../src/import/write-batch.js';

const USAGE = `Usage: npm run import -- <source> [--from auto|wordpress|${SITE_KINDS.join('|')}] [--out DIR] [--dry-run] [--uploads DIR]

  <source>       a WordPress export file (WXR, from Tools → Export) or a site's folder
  --from         what the source is; auto (the default) tells a file from a folder and a folder's kind
  --out          the content folder to write into (default: CONTENT_DIR, or content/)
  --dry-run      read and convert everything, print the summary, write nothing
  --uploads DIR  WordPress: the old site's wp-content/uploads folder, to copy images into the articles
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      uploads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (args.values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const [sourceArg, ...extra] = args.positionals;
if (!sourceArg || extra.length) fail(`${sourceArg ? `Give one source, not ${args.positionals.length}.` : 'Give the export file or site folder to import.'}\n\n${USAGE}`);
const from = args.values.from;
if (from !== 'auto' && from !== 'wordpress' && !(SITE_KINDS as readonly string[]).includes(from)) {
  fail(`--from ${from} is not known; use auto, wordpress or one of ${SITE_KINDS.join(', ')}.`);
}

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (err) {
  fail((err as Error).message);
}
const source = resolve(sourceArg);
const out = args.values.out ? resolve(args.values.out) : config.contentDir;
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || '.');
const dryRun = args.values['dry-run'];
const uploads = args.values.uploads ? resolve(args.values.uploads) : undefined;

const sourceStat = await stat(source).catch(() => undefined);
if (!sourceStat) fail(`${sourceArg} does not exist. Give the path of a WordPress export file (.xml) or of a site folder.`);
if (uploads && !(await stat(uploads).catch(() => undefined))?.isDirectory()) fail(`--uploads ${args.values.uploads} is not a folder. Give the old site's wp-content/uploads folder.`);
const isFile = sourceStat.isFile();
if (from === 'wordpress' && !isFile) fail(`${sourceArg} is a folder; a WordPress export is one .xml file (Tools → Export in WordPress).`);
if (from !== 'auto' && from !== 'wordpress' && isFile) fail(`${sourceArg} is a file; --from ${from} reads a site folder.`);
if (uploads && !isFile) fail('--uploads is for WordPress exports; a site folder brings its own images.');

const progress = createProgress(process.stderr, 'Converting');
let batch: ImportBatch;
try {
  batch = isFile
    ? await readWordPressExport(source, { uploads, onItem: (done, total) => progress.update(done, total) })
    : await readSiteFolder(source, from as SiteKind | 'auto');
} catch (err) {
  progress.end();
  fail(`Cannot import ${sourceArg}: ${(err as Error).message}`);
}
progress.end();

let store: CommentStore | undefined;
try {
  store = dryRun ? undefined : await openJsonFileStore(config.comments.file);
} catch (err) {
  fail(`Cannot open the comments file: ${(err as Error).message}. Nothing was written.`);
}
const writing = createProgress(process.stderr, dryRun ? 'Checking' : 'Writing');
try {
  const report = await writeBatch(batch, { out, store, dryRun, onPost: (done, total) => writing.update(done, total) });
  writing.end();
  process.stdout.write(formatSummary(batch, report, { source: shown(source), out: shown(out), dryRun, uploadsGiven: uploads !== undefined }));
  process.exitCode = exitCodeFor(batch, report);
} finally {
  await store?.close();
}
