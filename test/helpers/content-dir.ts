import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A content folder holding exactly these files (path → text), removed after the test. */
export function contentDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'blog-content-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** An article file's text from front matter lines and a body. */
export const article = (frontMatter: Record<string, string>, body = 'Some words about the reading garden.') =>
  `---\n${Object.entries(frontMatter).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\n${body}\n`;
