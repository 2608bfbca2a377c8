import * as cheerio from 'cheerio';
import { SaxesParser } from 'saxes';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/editor/check-content.js';
import { article, contentDir } from '../helpers/content-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

/** 5,000 nested block quotes: more than the Markdown parser's stack can take. */
const deepBody = `Before.\n\n${'> '.repeat(5000)}deep\n`;

const site = () => contentDir({
  'deep.md': article({ title: 'Deep', date: '2026-01-02', description: 'Too deep.' }, deepBody),
  'fine.md': article({ title: 'Fine', date: '2026-01-01', description: 'Fine.' }, 'Ordinary words.'),
});

/** Parses XML strictly; throws on anything that is not well-formed. */
function parseXml(text: string): string[] {
  const names: string[] = [];
  const parser = new SaxesParser();
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => names.push(tag.name));
  parser.write(text).close();
  return names;
}

describe('an article whose body cannot be rendered', () => {
  it('shows a notice on its own page, every time, and leaves every other page alone', async () => {
    const { app, problems } = await makeTestApp({ contentDir: site() });
    expect(problems.filter((p) => p.file === 'deep.md')).toEqual([
      { severity: 'error', file: 'deep.md', line: 9, message: expect.stringMatching(/nested more than 32 levels deep/) },
    ]);
    for (let i = 0; i < 2; i += 1) {
      const res = await request(app).get('/articles/deep');
      expect(res.status).toBe(200);
      const $ = cheerio.load(res.text);
      expect($('.post-body .notice').text()).toContain('cannot be shown');
      expect($('h1').text()).toBe('Deep');
    }
    const fine = await request(app).get('/articles/fine');
    expect(fine.status).toBe(200);
    expect(cheerio.load(fine.text)('.post-body').text()).toContain('Ordinary words.');
    expect(cheerio.load(fine.text)('.post-body .notice')).toHaveLength(0);
    expect((await request(app).get('/')).status).toBe(200);
  });

  it('is left out of both feeds, which stay well-formed', async () => {
    const { app } = await makeTestApp({ contentDir: site() });
    for (const [path, entry] of [['/feed.xml', 'item'], ['/atom.xml', 'entry']] as const) {
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      expect(parseXml(res.text).filter((n) => n === entry)).toHaveLength(1);
      expect(res.text).toContain('/articles/fine');
      expect(res.text).not.toContain('/articles/deep');
    }
  });

  it('is reported once by the check, at its file and line', async () => {
    const report = await checkContent(site(), new Date('2026-06-01T00:00:00Z'));
    expect(report.problems.filter((p) => p.file === 'deep.md' && p.severity === 'error')).toEqual([
      { severity: 'error', file: 'deep.md', line: 9, message: expect.stringMatching(/nested more than 32 levels deep/) },
    ]);
  });
});
