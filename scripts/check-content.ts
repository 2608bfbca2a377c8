// npm run check [-- --strict]: validates every article without starting the server.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent, describeTime } from '../src/editor/check-content.js';

const { values } = parseArgs({ options: { strict: { type: 'boolean', default: false } } });
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
process.stdout.write(`\n${report.articles} ${report.articles === 1 ? 'article' : 'articles'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}${values.strict ? ' (--strict: warnings count as errors)' : ''}.\n`);
process.exitCode = errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
