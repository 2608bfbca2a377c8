import type { ImportBatch, ImportProblem, ImportedPost } from './model.js';
import type { WriteReport } from './write-batch.js';

/** What the summary says about the run besides the counts. */
export interface SummaryContext {
  /** The source as the user named it. */
  readonly source: string;
  /** The content folder as the user should see it. */
  readonly out: string;
  readonly dryRun: boolean;
  /** Whether --uploads was given (WordPress only). */
  readonly uploadsGiven: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const SOURCE_NAMES: Record<string, string> = {
  wordpress: 'WordPress export', jekyll: 'Jekyll site', hugo: 'Hugo site', eleventy: 'Eleventy site',
  astro: 'Astro site', gatsby: 'Gatsby site', nextjs: 'Next.js site',
};

/** Every problem of the run: the reader's, then the writer's. */
export const allProblems = (batch: ImportBatch, report: WriteReport): ImportProblem[] => [...batch.problems, ...report.problems];

/** Non-zero when anything the old site showed did not make it. */
export const exitCodeFor = (batch: ImportBatch, report: WriteReport) => (allProblems(batch, report).some((p) => p.lost) ? 1 : 0);

/** The text printed at the end of an import. */
export function formatSummary(batch: ImportBatch, report: WriteReport, ctx: SummaryContext): string {
  const lines: string[] = [];
  const would = ctx.dryRun ? 'would be ' : '';
  lines.push(`${SOURCE_NAMES[batch.from] ?? batch.from} ${ctx.source} → ${ctx.out}${ctx.dryRun ? ' (dry run: nothing was written)' : ''}`);

  const posts = report.written.filter((p) => p.kind === 'post').length;
  const pages = report.written.length - posts;
  const count = (status: string) => report.written.filter((p) => p.status === status).length;
  const privateOnes = count('private');
  lines.push(`  Articles ${would}written: ${report.written.length} (${plural(posts, 'post')}, ${plural(pages, 'page')})`);
  lines.push(`    published: ${count('published')}, scheduled: ${count('scheduled')} (they appear by themselves on their date), ` +
    `drafts: ${count('draft') + privateOnes}${privateOnes ? ` (${privateOnes} of them private on the old site)` : ''}`);
  if (report.alreadyThere.length) {
    lines.push(`  Already there, left as they were: ${plural(report.alreadyThere.length, 'article')}`);
    for (const { post, existing } of report.alreadyThere.slice(0, 20)) lines.push(`    ${existing} (${post.source})`);
    if (report.alreadyThere.length > 20) lines.push(`    … and ${report.alreadyThere.length - 20} more`);
  }
  if (!report.written.length && report.alreadyThere.length) lines.push('  Nothing new to write: every article of the source is already in the content folder.');

  const assets = report.written.reduce((n, p) => n + p.assets.length, 0);
  lines.push(`  Images and files ${ctx.dryRun ? 'to copy' : 'copied'}: ${ctx.dryRun ? assets : report.assetsCopied}`);
  if (batch.imagesNotCopied.length) {
    const hint = batch.from === 'wordpress' && !ctx.uploadsGiven
      ? '; give the old site\'s wp-content/uploads folder with --uploads DIR to copy them into the bundles'
      : '';
    lines.push(`  Images and files only referenced (still loaded from the old site, not copied): ${batch.imagesNotCopied.length}${hint}`);
    for (const url of batch.imagesNotCopied.slice(0, 10)) lines.push(`    ${url}`);
    if (batch.imagesNotCopied.length > 10) lines.push(`    … and ${batch.imagesNotCopied.length - 10} more`);
  }

  const c = report.comments;
  const total = c.approved + c.pending + c.spam + c.trash;
  const byStatus = `${c.approved} approved, ${c.pending} pending, ${c.spam} spam, ${c.trash} trash`;
  lines.push(ctx.dryRun
    ? `  Comments found: ${total} (${byStatus}); those already in the comments file are skipped on the real run`
    : `  Comments imported: ${total} (${byStatus})${report.commentsAlreadyThere ? `; ${report.commentsAlreadyThere} already there, not added again` : ''}`);
  const oldUrls = (posts: readonly ImportedPost[]) => posts.reduce((n, p) => n + p.redirectFrom.length, 0);
  const redirects = oldUrls(report.written);
  // A draft's old URLs answer only once it is published; saying so keeps this count and `npm run check`'s in step.
  const onDrafts = oldUrls(report.written.filter((p) => p.status === 'draft' || p.status === 'private'));
  lines.push(`  Old URLs ${would}redirected (301) to the written articles: ${redirects}${onDrafts ? ` (${onDrafts} of them once their drafts are published)` : ''}`);

  const problems = allProblems(batch, report);
  const lost = problems.filter((p) => p.lost);
  const changed = problems.filter((p) => !p.lost);
  if (lost.length) {
    lines.push('', `Not converted, or converted with a loss (${lost.length}):`);
    for (const p of lost) lines.push(`  ${p.source}: ${p.message}`);
  }
  if (changed.length) {
    lines.push('', `Converted with a change (${changed.length}):`);
    for (const p of changed) lines.push(`  ${p.source}: ${p.message}`);
  }
  lines.push('', lost.length
    ? `${plural(lost.length, 'item')} could not be brought over whole (listed above): exit code 1.`
    : 'Everything was brought over.');
  return `${lines.join('\n')}\n`;
}
