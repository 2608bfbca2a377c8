// npm run new -- "Title" [--tags a,b] [--bundle]
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NewArticleError, createArticle } from '../src/editor/new-article.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tags: { type: 'string', default: '' }, bundle: { type: 'boolean', default: false } },
});
const dir = resolve(process.env.CONTENT_DIR?.trim() || 'content');

try {
  const path = await createArticle(dir, {
    title: positionals.join(' '),
    tags: (values.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    bundle: values.bundle ?? false,
    today: new Date(),
  });
  const shown = relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
  process.stdout.write(`Created ${shown} (a draft: remove "draft: true" to publish).\n`);
} catch (err) {
  if (!(err instanceof NewArticleError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
