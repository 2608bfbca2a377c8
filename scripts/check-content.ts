// npm run check [-- --strict] [-- --redirects]: validates every article without starting the server.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent, describeTime } from '../src/editor/check-content.js';

const { values } = parseArgs({ options: { strict: { type: 'boolean', default: false }, redirects: { type: 'boolean', default: false } } });
const dir = resolve(process.env.CONTENT_DIR?.trim() || 'content');
const shown = relative(process.cwd(), dir).startsWith('..') ? dir : relative(process.cwd(), dir) || '.';
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

if (!existsSync(dir)) {
  process.stderr.write(`The content folder ${shown} does not exist. Set CONTENT_DIR to the folder that holds your articles.\n`);
  process.exit(2);
}
const report = await checkContent(dir, new Date());
for (const p of report.problems) {
  process.stdout.write(`${join(shown, p.file)}:${p.line ?? 1}: ${p.severity}: ${p.message}\n`);
}
const errors = report.problems.filter((p) => p.severity === 'error').length;
const warnings = report.problems.length - errors;

if (report.notLive.length) {
  process.stdout.write('\nNot live:\n');
  for (const item of report.notLive) {
    const why = item.reason === 'draft' ? 'draft (remove "draft: true" to publish)'
      : item.reason === 'scheduled' ? `scheduled: goes live ${describeTime(item.at!, timeZone)}`
      : `expired ${describeTime(item.at!, timeZone)}`;
    process.stdout.write(`  ${join(shown, item.file)}: ${why}\n`);
  }
}
if (report.redirects.length && values.redirects) {
  process.stdout.write('\nRedirects:\n');
  for (const r of report.redirects) process.stdout.write(`  ${r.from} → ${r.to}${r.live ? '' : ' (not live: not redirected until the article is)'}\n`);
} else if (report.redirects.length) {
  const n = report.redirects.length;
  process.stdout.write(`\n${n} old ${n === 1 ? 'path redirects' : 'paths redirect'} to articles (redirect_from); npm run check -- --redirects lists them.\n`);
}
// A folder with nothing read as an article never passes: CONTENT_DIR may name the wrong folder.
const unread = report.articles - report.read;
if (report.articles === 0) {
  process.stdout.write(`\nNo Markdown files found in ${shown}: write articles as <slug>.md or <slug>/index.md there, or set CONTENT_DIR to the folder that holds them.\n`);
} else if (report.read === 0) {
  process.stdout.write(`\nNo file in ${shown} could be read as an article; the lines above say why.\n`);
} else if (unread > 0) {
  process.stdout.write(`\n${unread} of ${report.articles} files could not be read as articles; the lines above say why.\n`);
}
process.stdout.write(`${report.read === 0 || unread > 0 ? '' : '\n'}${report.articles} ${report.articles === 1 ? 'article' : 'articles'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}${values.strict ? ' (--strict: warnings count as errors)' : ''}.\n`);
process.exitCode = errors > 0 || report.read === 0 || (values.strict && warnings > 0) ? 1 : 0;
