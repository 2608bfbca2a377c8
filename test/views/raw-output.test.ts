import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const VIEWS = fileURLToPath(new URL('../../views', import.meta.url));

const templates = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith('.ejs') ? [join(dir, e.name)] : []);

describe('templates', () => {
  it('print raw HTML only through include() or sanitized *Html values', () => {
    const offenders: string[] = [];
    for (const file of templates(VIEWS)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/<%-\s*([\s\S]*?)\s*-?%>/g)) {
        const expr = m[1]!;
        if (/^include\(/.test(expr) || /^[\w.]+Html$/.test(expr)) continue;
        offenders.push(`${relative(VIEWS, file)}: <%- ${expr} %>`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('never pass request objects to the view', () => {
    for (const file of templates(VIEWS)) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/\breq\.|\bsettings\b/);
    }
  });
});
