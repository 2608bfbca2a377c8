import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { MAX_BACK_LINKS, MAX_FOOTNOTE_REFS } from '../../src/content/footnotes.js';
import { createMarkdownRenderer } from '../../src/content/markdown.js';
import { placeSeeAlso } from '../../src/content/see-also.js';

const render = createMarkdownRenderer();
const bodyOf = (...lines: string[]) => render(lines.join('\n'), { assetBase: '/articles/hello/' }).body;
const $ = (...lines: string[]) => cheerio.load(bodyOf(...lines).parts.join(''), null, false);

/** Every id on the page, with how often it occurs. */
const idCounts = (doc: cheerio.CheerioAPI) => {
  const counts = new Map<string, number>();
  doc('[id]').each((_, el) => {
    const id = doc(el).attr('id')!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return counts;
};

describe('footnotes', () => {
  const article = [
    'Tea came to Europe late[^tea], and coffee later still[^2].',
    '',
    '[^tea]: By the early *seventeenth* century, see [the history](../tea-history/).',
    '',
    'More text, citing tea again[^tea].',
    '',
    '[^2]: Coffee houses opened in the 1650s.',
    '',
    '[^unused]: A note nobody cites.',
  ];

  it('turns each reference into a superscript link to its note, numbered in the order of citing', () => {
    const doc = $(...article);
    const refs = doc('p sup > a.footnote-ref');
    expect(refs.map((_, a) => doc(a).text()).get()).toEqual(['1', '2', '1']);
    expect(refs.map((_, a) => doc(a).attr('href')).get()).toEqual(['#footnote-1', '#footnote-2', '#footnote-1']);
    expect(refs.map((_, a) => doc(a).attr('id')).get()).toEqual(['footnote-ref-1', 'footnote-ref-2', 'footnote-ref-1-2']);
  });

  it('lists the cited notes, rendered as Markdown, in a section at the end, and leaves the definitions out of the text', () => {
    const doc = $(...article);
    const section = doc('section.footnotes');
    expect(section).toHaveLength(1);
    expect(doc.root().children().last().is('section.footnotes')).toBe(true);
    const notes = section.find('ol > li');
    expect(notes.map((_, li) => doc(li).attr('id')).get()).toEqual(['footnote-1', 'footnote-2']);
    expect(notes.first().find('em').text()).toBe('seventeenth');
    expect(notes.first().find('a').first().attr('href')).toBe('/articles/tea-history');
    expect(doc.text()).not.toContain('nobody cites');
    expect(doc('p').filter((_, p) => doc(p).text().startsWith('[^')).length).toBe(0);
    expect(doc.root().children('p').map((_, p) => doc(p).text()).get()).toEqual([
      'Tea came to Europe late1, and coffee later still2.',
      'More text, citing tea again1.',
    ]);
  });

  it('names the section for screen readers and describes each reference by it', () => {
    const doc = $(...article);
    const heading = doc('section.footnotes > h2');
    expect(heading.text()).toBe('Footnotes');
    expect(doc('section.footnotes').attr('aria-labelledby')).toBe(heading.attr('id'));
    doc('a.footnote-ref').each((_, a) => expect(doc(a).attr('aria-describedby')).toBe(heading.attr('id')));
  });

  it('links each note back to every place that cites it, each link with its own accessible name', () => {
    const doc = $(...article);
    const back = doc('#footnote-1 a.footnote-backref');
    expect(back.map((_, a) => doc(a).attr('href')).get()).toEqual(['#footnote-ref-1', '#footnote-ref-1-2']);
    expect(back.map((_, a) => doc(a).attr('aria-label')).get()).toEqual(['Back to reference 1', 'Back to reference 1-2']);
    // Every back-link leads to a reference that is on the page.
    for (const href of doc('a.footnote-backref').map((_, a) => doc(a).attr('href')).get()) {
      expect(doc(`[id="${href.slice(1)}"]`)).toHaveLength(1);
    }
    // The back-link ends the note's paragraph instead of standing alone.
    expect(doc('#footnote-2 > p').last().find('a.footnote-backref')).toHaveLength(1);
  });

  it('never gives a heading an id the notes use, and no id appears twice', () => {
    const doc = $('## Footnote 1', '', 'Text[^a].', '', '<h2 id="footnote-ref-1">Raw</h2>', '', '## Footnote label', '', '[^a]: Note.');
    expect(doc('h2').not('section.footnotes h2').map((_, h) => h.attribs.id).get()).toEqual(['footnote-1-1', 'raw', 'footnote-label-1']);
    expect([...idCounts(doc).values()].every((count) => count === 1)).toBe(true);
    expect(doc('#footnote-1').is('li')).toBe(true);
    expect(doc('#footnote-ref-1').is('a')).toBe(true);
  });

  it('leaves a reference to a note that is not defined as written', () => {
    const doc = $('Text[^nowhere] here.');
    expect(doc('p').text()).toBe('Text[^nowhere] here.');
    expect(doc('sup, section')).toHaveLength(0);
  });

  it('puts a note cited only inside another note after it, numbered next', () => {
    const doc = $('Text[^a].', '', '[^a]: See also the other note[^b].', '[^b]: The other note.');
    expect(doc('section.footnotes li').map((_, li) => doc(li).attr('id')).get()).toEqual(['footnote-1', 'footnote-2']);
    expect(doc('#footnote-1 a.footnote-ref').attr('href')).toBe('#footnote-2');
    expect(doc('#footnote-2 a.footnote-backref').attr('href')).toBe(`#${doc('#footnote-1 a.footnote-ref').attr('id')}`);
  });

  it('highlights code in a note, once', () => {
    const doc = $('Text[^code].', '', '[^code]: An example:', '', '    ```js', '    const x = 1;', '    ```');
    expect(doc('#footnote-1 pre code.language-js .hljs-keyword').text()).toBe('const');
    expect(doc('#footnote-1 pre').text()).not.toContain('<span');
  });

  it('keeps nothing footnote-like that the body writes itself beyond the markup notes need', () => {
    const doc = $(
      '<a href="#x" aria-describedby="something-else" data-footnote-ref class="footnote-ref evil">a</a>',
      '',
      '<section class="footnotes hidden" aria-labelledby="other" data-x="1">s</section>',
    );
    expect(doc('a').attr('aria-describedby')).toBeUndefined();
    expect(doc('a').attr('data-footnote-ref')).toBeUndefined();
    expect(doc('a').attr('class')).toBe('footnote-ref');
    expect(doc('section').attr('class')).toBe('footnotes');
    expect(doc('section').attr('aria-labelledby')).toBeUndefined();
    expect(doc('section').attr('data-x')).toBeUndefined();
  });
});

describe('footnotes and "See also" slots', () => {
  it('definitions between blocks make no slots, and the notes end the last part after every slot', () => {
    const withNotes = bodyOf('One[^1].', '', '[^1]: Note one.', '', 'Two.', '', '[^2]: Never cited.', '', 'Three.', '', '<!-- see-also -->');
    const without = bodyOf('One.', '', 'Two.', '', 'Three.', '', '<!-- see-also -->');
    // The same slots, and one at the end of the text, before the notes.
    expect(withNotes.slots).toEqual([...without.slots, { kind: 'end' }]);
    expect(withNotes.parts.length).toBe(withNotes.slots.length + 1);
    expect(withNotes.parts.at(-1)).toMatch(/^<section class="footnotes"/);
    const page = placeSeeAlso(withNotes, [{ slug: 'x', title: 'X', href: '/articles/x' }], () => undefined);
    // The link placed at the marker comes before the notes.
    const linked = page.findIndex((part) => part.seeAlso.length > 0);
    expect(page[linked]!.seeAlso.map((l) => l.slug)).toEqual(['x']);
    expect(page.slice(0, linked + 1).map((part) => part.bodyHtml).join('')).not.toContain('Note one.');
    expect(page.at(-1)!.bodyHtml).toContain('Note one.');
  });

  it('puts links that have no boundary to go to at the end of the text, never after the notes', () => {
    const body = bodyOf('A single paragraph citing a note[^1].', '', '[^1]: The note.');
    const page = placeSeeAlso(body, [{ slug: 'x', title: 'X', href: '/articles/x' }], () => undefined);
    const linked = page.findIndex((part) => part.seeAlso.length > 0);
    expect(page[linked]!.bodyHtml).toContain('A single paragraph');
    expect(page.slice(linked + 1).map((part) => part.bodyHtml).join('')).toMatch(/^<section class="footnotes"/);
  });

  it('a heading that opens the body still starts no section when the body has definitions', () => {
    const { slots } = bodyOf('[^1]: A note defined first.', '', '## Start', '', 'Text[^1].', '', '## Next', '', 'More.');
    expect(slots).toEqual([{ kind: 'section' }, { kind: 'end' }]);
  });

  it('keeps working after an unclosed comment makes the rest be read again', () => {
    const doc = $('Before.', '', '<!-- never closed', '', 'After[^1].', '', '[^1]: The note.');
    expect(doc('a.footnote-ref').attr('href')).toBe('#footnote-1');
    expect(doc('#footnote-1').text()).toContain('The note.');
  });
});

describe('many footnotes', () => {
  it('renders 5,000 references to 5,000 notes, each note linked both ways', () => {
    const count = 5000;
    const body = bodyOf(
      Array.from({ length: count }, (_, i) => `Sentence ${i}[^n${i}].`).join(' '),
      '',
      ...Array.from({ length: count }, (_, i) => `[^n${i}]: Note ${i}.`),
    );
    const doc = cheerio.load(body.parts.join(''), null, false);
    const refs = doc('a.footnote-ref');
    expect(refs).toHaveLength(count);
    expect(refs.last().text()).toBe(String(count));
    expect(doc('section.footnotes li')).toHaveLength(count);
    expect(doc(`#footnote-${count}`).text()).toContain(`Note ${count - 1}.`);
    expect(doc(`#footnote-${count} a.footnote-backref`).attr('href')).toBe(`#footnote-ref-${count}`);
  });

  it('caps the links made from one body: later references stay as written, back-links stop at the cap', () => {
    const body = bodyOf(`Text${'[^a]'.repeat(MAX_FOOTNOTE_REFS + 3)}`, '', '[^a]: The note.');
    const doc = cheerio.load(body.parts.join(''), null, false);
    expect(doc('a.footnote-ref')).toHaveLength(MAX_FOOTNOTE_REFS);
    expect(doc('p').first().text().endsWith('[^a][^a][^a]')).toBe(true);
    expect(doc('#footnote-1 a.footnote-backref')).toHaveLength(MAX_BACK_LINKS);
  });

  it('reads a definition written inside a definition as text, however deep the chain', () => {
    const body = bodyOf('Cited[^a].', '', '[^a]: ' + '[^b]: '.repeat(50_000) + 'end');
    expect(body.failure).toBeUndefined();
    const doc = cheerio.load(body.parts.join(''), null, false);
    expect(doc('section.footnotes li')).toHaveLength(1);
    expect(doc('#footnote-1').text()).toContain('end');
  });
});
